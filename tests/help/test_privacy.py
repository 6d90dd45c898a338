"""What a resident's request leaves behind (DESIGN §2, §8): no cookie, no log line with their address or
their words, nothing readable in the database without the field keys, and an audit trail of every read and
write that names requests and wards, never a word the resident wrote."""
import json
import logging
import os
from pathlib import Path

import pytest

from server.db import database
from server.help.models import HelpRequest

from tests.conftest import WARD
from tests.help.conftest import CANARY, HELP_REQUESTS, help_body

CLIENT_ADDRESS = "203.0.113.77"
FROM_THE_PHONE = {"REMOTE_ADDR": CLIENT_ADDRESS}


def log_text(caplog):
    """Every captured record: its formatted message, its raw arguments, and any exception text."""
    parts = []
    for entry in caplog.records:
        parts.append(entry.getMessage())
        parts.append(repr(entry.args))
        if entry.exc_text:
            parts.append(entry.exc_text)
    return "\n".join(parts)


def test_no_log_line_holds_the_address_or_the_words_of_a_resident(app, officer, caplog):
    caplog.set_level(logging.DEBUG)
    app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = 6
    phone = app.test_client()
    body = help_body()
    answers = [
        phone.post(HELP_REQUESTS, json=body, environ_base=FROM_THE_PHONE),  # 201
        phone.post(HELP_REQUESTS, json=body, environ_base=FROM_THE_PHONE),  # 200, the same request again
        phone.post(HELP_REQUESTS, json=help_body(contact_phone="0909 777 12x"), environ_base=FROM_THE_PHONE),  # 422
        phone.post(HELP_REQUESTS, json=help_body(website="Canary spam"), environ_base=FROM_THE_PHONE),  # honeypot
        phone.post(HELP_REQUESTS, data=json.dumps(help_body()) + " " * 17_000, content_type="application/json",
                   environ_base=FROM_THE_PHONE),  # 413
        phone.post(HELP_REQUESTS, json=help_body(ward_code=None), environ_base=FROM_THE_PHONE),  # 201, triage
        phone.post(HELP_REQUESTS, json=help_body(), environ_base=FROM_THE_PHONE),  # 429
    ]
    assert [a.status_code for a in answers] == [201, 200, 422, 201, 413, 201, 429]
    assert caplog.records, "the test must see the log (peewee logs every query at DEBUG)"
    text = log_text(caplog)
    for secret in [CLIENT_ADDRESS, *CANARY.values(), "0909 777", "Canary"]:
        assert secret not in text, secret
    assert not [entry for entry in caplog.records if entry.levelno >= logging.ERROR]


ANSWERS = {
    201: lambda body: {"json": body},
    200: lambda body: {"json": body},  # sent after a first time
    422: lambda body: {"json": dict(body, contact_phone=None)},
    413: lambda body: {"data": json.dumps(body) + " " * 17_000, "content_type": "application/json"},
    429: lambda body: {"json": body},  # sent after a first time, with a limit of one an hour
}


@pytest.mark.parametrize("status", ANSWERS)
def test_no_answer_to_the_public_form_sets_a_cookie(app, client, status):
    app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = 1 if status == 429 else 1000
    body = help_body()
    if status in (200, 429):
        client.post(HELP_REQUESTS, json=body)
    response = client.post(HELP_REQUESTS, **ANSWERS[status](body))
    assert response.status_code == status, response.json
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_what_the_resident_wrote_is_encrypted_at_rest(app, client, database_url):
    assert client.post(HELP_REQUESTS, json=help_body()).status_code == 201
    table = HelpRequest._meta.table_name
    with app.app_context(), database.connection_context():
        (raw,) = database.execute_sql(f'SELECT * FROM "{table}"').fetchall()  # every column, as stored
        if database_url.startswith("sqlite"):
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    text = repr(raw)
    for secret in [*CANARY.values(), "0909", "Canary"]:
        assert secret not in text, secret
    assert WARD in text and "phone" in text  # the ward and the way of contact are not secrets
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        for file in (path, path + "-wal"):
            if os.path.exists(file):
                data = Path(file).read_bytes()
                for secret in CANARY.values():
                    assert secret.encode() not in data, (file, secret)


def test_every_read_and_write_is_audited_without_personal_data(app, log_in, officer, client, audit_events):
    body = help_body()
    client.post(HELP_REQUESTS, json=body)
    client.post(HELP_REQUESTS, json=body)
    desk = log_in(officer)
    desk.get(HELP_REQUESTS)
    desk.get(f"{HELP_REQUESTS}/{body['id']}")
    desk.patch(f"{HELP_REQUESTS}/{body['id']}", json={"version": 1, "status": "closed", "outcome": "resolved"})
    events = audit_events()
    assert [e.action for e in events] == ["help_request.received", "help_request.resent", "help_request.listed",
                                         "help_request.read", "help_request.updated"]
    assert [e.actor_id for e in events] == [None, None, officer.id, officer.id, officer.id]
    assert all(e.ward_code == WARD for e in events)
    targeted = [e for e in events if e.action != "help_request.listed"]
    assert {(e.target_type, e.target_id) for e in targeted} == {("HelpRequest", body["id"])}
    assert json.loads(events[2].details)["help_request_ids"] == [body["id"]]
    assert json.loads(events[4].details) == {"changed": ["outcome", "status"], "outcome": "resolved",
                                             "status": "closed"}
    everything = repr([e.__data__ for e in events])
    for secret in [*CANARY.values(), "0909", "Canary"]:
        assert secret not in everything, secret


def test_a_pass_on_is_audited_with_both_wards(log_in, officer, client, audit_events):
    body = help_body()
    client.post(HELP_REQUESTS, json=body)
    log_in(officer).patch(f"{HELP_REQUESTS}/{body['id']}", json={"version": 1, "ward_code": "31150"})
    (event,) = audit_events("help_request.updated")
    assert event.ward_code == WARD
    assert json.loads(event.details) == {"changed": ["ward_code"], "outcome": None, "passed_to": "31150",
                                         "status": "new"}


def test_a_refused_read_leaves_no_audit_event(log_in, make_user, client, audit_events):
    body = help_body()
    client.post(HELP_REQUESTS, json=body)
    log_in(make_user(role="city_admin")).get(f"{HELP_REQUESTS}/{body['id']}")
    log_in(make_user(role="ward_officer", ward="31150")).get(f"{HELP_REQUESTS}/{body['id']}")
    assert [e.action for e in audit_events()] == ["help_request.received"]
