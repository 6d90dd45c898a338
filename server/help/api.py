"""Residents' online requests for help (public, no account), and the ward officers' intake of them."""
from functools import wraps

from flask import Blueprint, request
from flask_login import current_user

from server.access import roles_required
from server.contract import SENT_AGAIN, accepts, also_answers, returns
from server.errors import ApiError, VersionConflictError, error_response
from server.help import operations
from server.help.schemas import (
    HelpRequestChangeIn, HelpRequestIn, HelpRequestListOut, HelpRequestOut, HelpRequestQuery, ReceiptOut,
)
from server.help.scope import INTAKE_ROLES
from server.ratelimit.limiter import rate_limited

bp = Blueprint("help", __name__)

# The form at its longest, every character Vietnamese and escaped as a six-byte \u escape, fits inside
# this; the application-wide limit (a megabyte, for staff's case records) is far more than an anonymous
# endpoint should read.
MAX_BODY_BYTES = 16 * 1024


@bp.errorhandler(VersionConflictError)
def _version_conflict(error):
    """The 409 of a stale version carries the server's copy of the request."""
    return error_response(409, error.code, extra={"current": HelpRequestOut().dump(error.current)})


def body_at_most(max_bytes):
    """413 for a body over ``max_bytes``, before it is parsed: by its Content-Length, before a byte is read,
    when it has one; when it has none (a chunked upload), by reading at most one byte more than allowed."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if request.content_length is not None and request.content_length > max_bytes:
                raise ApiError(413, "payload_too_large")
            # One byte more than allowed: at its limit werkzeug stops reading a stream and returns what it
            # read, silently cut (a JSON body would then fail as "invalid", not as too large).
            request.max_content_length = max_bytes + 1
            if len(request.get_data(cache=True)) > max_bytes:
                raise ApiError(413, "payload_too_large")
            return view(*args, **kwargs)

        return wrapper

    return decorator


@bp.post("/help-requests")
@rate_limited("help-requests", "HELP_REQUEST_LIMIT_PER_HOUR")
@body_at_most(MAX_BODY_BYTES)
@accepts(HelpRequestIn)
@returns(ReceiptOut, 201)
@also_answers(200, ReceiptOut, SENT_AGAIN)
def create_help_request(data):
    """Ask for help without an account; the same id again answers the same reference with 200."""
    receipt, created = operations.receive_help_request(data)
    return receipt, (201 if created else 200)


@bp.get("/help-requests")
@roles_required(*INTAKE_ROLES)
@accepts(HelpRequestQuery, location="query")
@returns(HelpRequestListOut)
def list_help_requests(data):
    """The requests in the officer's ward, newest first."""
    return {"items": operations.list_help_requests(current_user, data["status"])}


@bp.get("/help-requests/<uuid:request_id>")
@roles_required(*INTAKE_ROLES)
@returns(HelpRequestOut)
def get_help_request(request_id):
    """One request of the officer's ward."""
    return operations.read_help_request(current_user, request_id)


@bp.patch("/help-requests/<uuid:request_id>")
@roles_required(*INTAKE_ROLES)
@accepts(HelpRequestChangeIn)
@returns(HelpRequestOut)
def update_help_request(request_id, data):
    """Record contact, close with an outcome, link a case, or pass the request on to another ward."""
    return operations.update_help_request(current_user, request_id, data)
