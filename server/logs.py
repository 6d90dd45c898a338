"""Logging without personal data. Public pages must log no IP address (a survivor's visit is itself
sensitive), so the development server's access log is stripped of the client address; in production
gunicorn's access log format is set without it (README). Application code logs ids and codes, never names,
phone numbers or request bodies."""
import logging
import re

_WERKZEUG_CLIENT = re.compile(r"^\S+ - - ")


class DropClientAddress(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = _WERKZEUG_CLIENT.sub("- - - ", record.msg)
        return True


def init_app(app):
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropClientAddress) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(DropClientAddress())
    app.logger.setLevel(logging.INFO)
