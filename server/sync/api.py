"""The outbox's way in: a batch of operations recorded offline, applied exactly once each."""
from flask import Blueprint, current_app
from flask_login import current_user

from server.access import roles_required
from server.contract import accepts, returns
from server.errors import ApiError
from server.sync.operations import SYNC_ROLES, apply_batch
from server.sync.schemas import SyncIn, SyncOut

bp = Blueprint("sync", __name__)


@bp.post("")
@roles_required(*SYNC_ROLES)
@accepts(SyncIn, text_in_parts=True)
@returns(SyncOut)
def sync(data):
    """Apply outbox operations in order; one result per operation (a replayed key answers its first result)."""
    limit = current_app.config["SYNC_MAX_OPERATIONS"]
    if len(data["operations"]) > limit:
        raise ApiError(422, "validation_failed", {"operations": [f"At most {limit} operations in one batch."]})
    return {"results": apply_batch(current_user, data["operations"])}
