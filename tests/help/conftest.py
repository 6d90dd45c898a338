"""Factories for the help-request tests: a resident's form as the PWA sends it (``help_body``), a request
sent through the public API (``send_help``), and what the database holds (``stored_requests``). The texts
are canaries: a test looks for them where they must never be (logs, audit, reminders, raw columns)."""
import uuid

import pytest

from server.audit.models import AuditEvent
from server.db import database
from server.help.models import HelpRequest
from server.push.models import Reminder

from tests.cases.conftest import make_case  # noqa: F401 (the cases' factory: a request is linked to a case)
from tests.conftest import WARD

HELP_REQUESTS = "/api/v1/help-requests"
MISSING = "<missing>"  # as an override: leave the key out
CANARY = {
    "name": "Canary Thị Thu",
    "contact_phone": "0909 777 123",
    "situation": "Canary situation: he locks me in the house at night",
    "place_hint": "Canary place: gần chợ Canary",
    "safe_times": "Canary times: sau 8 giờ tối",
}


def help_body(**overrides):
    """A full, valid form with a fresh id; MISSING leaves a key out, anything else replaces it."""
    body = {"id": str(uuid.uuid4()), "ward_code": WARD, "place_hint": CANARY["place_hint"],
            "situation": CANARY["situation"], "name": CANARY["name"], "contact_method": "phone",
            "contact_phone": CANARY["contact_phone"], "safe_times": CANARY["safe_times"], "language": "vi",
            "website": "", **overrides}
    return {key: value for key, value in body.items() if value != MISSING}


@pytest.fixture
def send_help(client):
    """``send_help(**overrides)`` -> the answer to a resident's POST (no session)."""

    def send(**overrides):
        return client.post(HELP_REQUESTS, json=help_body(**overrides))

    return send


@pytest.fixture
def stored_requests(app):
    """``stored_requests()``: every help request the database holds now (decrypted), oldest first."""

    def rows():
        with app.app_context(), database.connection_context():
            return list(HelpRequest.select().order_by(HelpRequest.received_at, HelpRequest.id))

    return rows


@pytest.fixture
def reminders(app):
    """``reminders()``: every reminder planned so far, oldest first."""

    def rows():
        with app.app_context(), database.connection_context():
            return list(Reminder.select().order_by(Reminder.id))

    return rows


@pytest.fixture
def audit_events(app):
    """``audit_events(prefix="help_request.")``: the audit trail's events of that family, oldest first."""

    def rows(prefix="help_request."):
        with app.app_context(), database.connection_context():
            return list(AuditEvent.select().where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.id))

    return rows


@pytest.fixture
def officer(make_user):
    return make_user(role="ward_officer", ward=WARD)


@pytest.fixture(autouse=True)
def _room_for_many_requests(app):
    """Tests send many requests from one address; the rate limit has its own tests, which set it low."""
    app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = 1000
