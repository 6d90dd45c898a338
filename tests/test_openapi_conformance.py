"""The OpenAPI document tells the truth: schemathesis sends generated requests, valid and invalid, to the live
app over HTTP, as anonymous, as a collaborator and as a city admin, and every answer is checked: never a 5xx
(``not_a_server_error``), and the body matches what the document declares for its status
(``response_schema_conformance``).

The examples are derandomized, so each run sends the same requests and a failure can be reproduced; the test's
own database holds the demo data so that lists and records come back with something in them.
"""
import threading
import time
from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from marshmallow import ValidationError
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance
from werkzeug.serving import make_server

from server import demo
from server.contract import WholeMatch
from server.db import database

from tests.conftest import PASSWORD

pytestmark = pytest.mark.xdist_group("schemathesis")  # one worker runs both backends, one after the other

CHECKS = [not_a_server_error, response_schema_conformance]
CALLERS = ("anonymous", "demo-collaborator", "demo-city_admin")
# Cases generated per operation and generation mode (valid, invalid); each is sent by every caller. An
# operation without parameters has fewer distinct requests to make: Hypothesis stops at those. The public
# operations, which anyone on the internet can call, get more.
EXAMPLES = 4
PUBLIC_EXAMPLES = 8
# Logging out would end the caller's session for the rest of the run; an admin disabling or resetting the
# password of a caller would do the same (those operations still run, on every other account).
SESSION_ENDING = {("POST", "/api/v1/auth/logout")}
ACCOUNT_ENDING = ("/api/v1/users/{user_id}/disable", "/api/v1/users/{user_id}/reset-password")


@pytest.fixture
def live_server(app):
    """The test's app served over HTTP on a free port of 127.0.0.1, with the demo data in its database."""
    # The limits count per client address, and every request here comes from 127.0.0.1.
    app.config.update(HELP_REQUEST_LIMIT_PER_HOUR=100_000, PUSH_SUBSCRIBE_LIMIT_PER_HOUR=100_000,
                      LOGIN_MAX_FAILURES_PER_CLIENT=100_000)
    with app.app_context(), database.connection_context():
        demo.seed_demo(PASSWORD)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


class Caller:
    """A requests session as anonymous or signed in (cookie and CSRF header), counting its answers."""

    def __init__(self, base_url, username):
        self.username = username
        self.session = requests.Session()
        self.user_id = None
        self.statuses = Counter()
        if username != "anonymous":
            response = self.session.post(f"{base_url}/api/v1/auth/login",
                                         json={"username": username, "password": PASSWORD})
            assert response.status_code == 200, response.text
            self.session.headers["X-CSRF-Token"] = response.json()["csrf_token"]
            self.user_id = response.json()["user"]["id"]

    def still_signed_in(self, base_url):
        return self.session.get(f"{base_url}/api/v1/auth/me").status_code == 200


def _exercise(operation, mode, callers, base_url, examples, failures):
    protected = {caller.user_id for caller in callers}

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        if operation.path in ACCOUNT_ENDING and (case.path_parameters or {}).get("user_id") in protected:
            return
        for caller in callers:
            try:
                response = case.call_and_validate(base_url=base_url, session=caller.session, checks=CHECKS)
                caller.statuses[response.status_code] += 1
            except (Failure, FailureGroup) as found:  # collected: one run reports every kind of failure
                caller.statuses["failed"] += 1
                for failure in getattr(found, "exceptions", [found]):
                    failures[(caller.username, operation.label, failure.title, failure.message[:400])] += 1

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to make invalid: an operation without parameters or body has no negative case


def test_every_answer_matches_the_document(live_server):
    document = requests.get(f"{live_server}/api/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    callers = [Caller(live_server, username) for username in CALLERS]
    staff = [caller for caller in callers if caller.user_id is not None]
    failures = Counter()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SESSION_ENDING:
            continue
        # Without a session every private operation answers 401 whatever it is sent: the staff send those.
        public = "security" not in operation.definition.raw
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(operation, mode, callers if public else staff, live_server,
                      PUBLIC_EXAMPLES if public else EXAMPLES, failures)
    elapsed = time.monotonic() - started
    sent = sum(sum(caller.statuses.values()) for caller in callers)
    print(f"\nschemathesis: {sent} requests in {elapsed:.1f} s, {sum(failures.values())} failures; answers: "
          + "; ".join(f"{caller.username} {dict(sorted(caller.statuses.items(), key=str))}" for caller in callers))
    assert not failures, "\n\n".join(f"{count} x {username} {label}: {title}\n{message}"
                                      for (username, label, title, message), count in failures.items())
    assert sent >= 1000
    assert all(caller.still_signed_in(live_server) for caller in staff)  # nobody was logged out on the way


@pytest.mark.parametrize(("value", "valid"), [("31135", True), ("31135\n", False), ("3113", False), ("a31135", False)])
def test_a_documented_pattern_matches_the_whole_value(value, valid):
    """The document's patterns are ECMA's "^...$"; Python's "$" alone would accept a final newline."""
    rule = WholeMatch(r"^[0-9]{5}$")
    if valid:
        assert rule(value) == value
    else:
        with pytest.raises(ValidationError):
            rule(value)
