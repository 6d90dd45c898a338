"""The wards: public, so that residents and the login-free help pages can name a place."""
import re

from flask import Blueprint

from server.contract import accepts, returns
from server.errors import ApiError
from server.wards.models import Ward
from server.wards.names import fold
from server.wards.schemas import WardDetailOut, WardListOut, WardQuery

bp = Blueprint("wards", __name__)

# The list changes only when the National Assembly redraws the units; a day-old copy is still right.
WARDS_CACHE_SECONDS = 24 * 60 * 60


@bp.get("")
@accepts(WardQuery, location="query")
@returns(WardListOut, public_cache_seconds=WARDS_CACHE_SECONDS)
def list_wards(data):
    """The 103 wards, or those whose name contains ``q`` (diacritics, case and tone-mark placement ignored)."""
    # Only the listed columns: former_units is long text that the list does not show.
    query = Ward.select(Ward.code, Ward.name, Ward.type).order_by(Ward.type, Ward.name_folded).dicts()
    # Folded names hold only letters, digits and spaces; dropping everything else from the search text
    # also drops LIKE's wildcards (% and _), which would otherwise need dialect-specific escaping.
    folded = fold(data["q"])
    needle = re.sub(r"[^a-z0-9 ]", "", folded).strip()
    if folded and not needle:
        return {"items": []}  # only punctuation ("%", "_"): no name contains it, so it must not match all
    if needle:
        query = query.where(Ward.name_folded.contains(needle))
    return {"items": list(query)}


@bp.get("/<code>")
@returns(WardDetailOut, public_cache_seconds=WARDS_CACHE_SECONDS)
def get_ward(code):
    """One ward, with the pre-2025 units it replaced."""
    # Not five digits (a NUL, which PostgreSQL refuses outright) cannot be a ward: no query needed.
    ward = Ward.get_or_none(Ward.code == code) if re.fullmatch(r"[0-9]{5}", code) else None
    if ward is None:
        raise ApiError(404, "not_found")
    return ward
