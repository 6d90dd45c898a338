"""The wards: public, so that residents and the login-free help pages can name a place."""
import re

from flask import Blueprint

from server.contract import accepts, returns
from server.errors import ApiError
from server.wards.models import Ward
from server.wards.names import fold
from server.wards.schemas import WardDetailOut, WardListOut, WardQuery

bp = Blueprint("wards", __name__)


@bp.get("")
@accepts(WardQuery, location="query")
@returns(WardListOut)
def list_wards(data):
    """The 103 wards, or those whose name contains ``q`` (diacritics, case and tone-mark placement ignored)."""
    query = Ward.select().order_by(Ward.type, Ward.name_folded)
    # Folded names hold only letters, digits and spaces; dropping everything else from the search text
    # also drops LIKE's wildcards (% and _), which would otherwise need dialect-specific escaping.
    needle = re.sub(r"[^a-z0-9 ]", "", fold(data["q"])).strip()
    if needle:
        query = query.where(Ward.name_folded.contains(needle))
    return {"items": list(query)}


@bp.get("/<code>")
@returns(WardDetailOut)
def get_ward(code):
    """One ward, with the pre-2025 units it replaced."""
    ward = Ward.get_or_none(Ward.code == code)
    if ward is None:
        raise ApiError(404, "not_found")
    return ward
