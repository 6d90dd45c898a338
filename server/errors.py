"""One JSON error envelope for everything that goes wrong: ``{"error": {"code", "message", "fields"}}``.

Every failure leaves through the handlers below, so a client (the PWA's api.js, a test) reads one shape,
and a bug becomes a 500 with a generic sentence, never a stack trace or a piece of someone's record.
"""
import logging

from flask import jsonify, request
from marshmallow import ValidationError
from peewee import DataError, IntegrityError, InterfaceError, OperationalError
from playhouse.pool import MaxConnectionsExceeded
from werkzeug.exceptions import HTTPException

from server.i18n import message, translate_field_errors
from server.outage import RETRY_AFTER_SECONDS, describe, is_database_outage

log = logging.getLogger(__name__)

# Werkzeug's exceptions by status, named with our codes (which the PWA and the catalogues know).
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_attempts",
}


class ApiError(Exception):
    """An error a view or an operation raises on purpose; ``code`` is a key of ``server.i18n.MESSAGES``."""

    def __init__(self, status, code, fields=None, extra=None, headers=None):
        super().__init__(code)
        self.status = status
        self.code = code
        self.fields = fields or {}
        # Keys beside "error" in the answer: a 409 on a stale version carries the server's copy ("current").
        self.extra = extra or {}
        self.headers = headers or {}  # a 429's Retry-After

    def body(self):
        return error_body(self.code, translate_field_errors(self.fields))


class VersionConflictError(ApiError):
    """A change made from a version that is no longer the stored one: 409 ``version_conflict``.

    It carries the stored record (``current``) as the caller may see it. An operation raises it and knows no
    answer shape; the API boundary (the domain's blueprint, the sync endpoint) answers the record in its output
    shape beside the error, so the phone can show both versions. Left to the handler below, it is a plain 409."""

    def __init__(self, current):
        super().__init__(409, "version_conflict")
        self.current = current


def error_body(code, fields=None):
    return {"code": code, "message": message(code), "fields": fields or {}}


def error_response(status, code, fields=None, extra=None):
    return jsonify({"error": error_body(code, fields), **(extra or {})}), status


def init_app(app):
    @app.errorhandler(ApiError)
    def _api_error(error):
        response, status = error_response(error.status, error.code, translate_field_errors(error.fields), error.extra)
        response.headers.update(error.headers)
        return response, status

    @app.errorhandler(ValidationError)
    def _validation_error(error):
        fields = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        return error_response(422, "validation_failed", translate_field_errors(fields))

    @app.errorhandler(IntegrityError)
    def _integrity_error(_error):
        # A unique or foreign-key constraint caught a race the operation's own checks could not see;
        # the transaction rolled back, so nothing half-written remains.
        return error_response(409, "conflict")

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def _out_of_range(_error):
        # A number or date beyond what the database column holds (SQLite raises OverflowError for integers
        # past 2**63, PostgreSQL a DataError). Schemas bound what they know; this is the net under them.
        return error_response(400, "bad_request")

    @app.errorhandler(HTTPException)
    def _http_error(error):
        response, status = error_response(error.code, _HTTP_CODES.get(error.code, "bad_request"))
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response, status

    @app.errorhandler(Exception)
    def _unexpected(error):
        # The exception type and traceback help the next engineer; the request body never reaches the log.
        log.exception("unhandled %s", type(error).__name__)
        return error_response(500, "internal_error")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(MaxConnectionsExceeded)
    def _database_error(error):
        if not is_database_outage(error):  # a query of ours at fault (server.outage): a bug, as above
            return _unexpected(error)
        # One line, no traceback: every request fails the same way until the database is back.
        log.warning("database unavailable: %s %s: %s", request.method, request.url_rule, describe(error))
        response, status = error_response(503, "database_unavailable")
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response, status
