"""A resident asks for help without an account (issue 6 contract): a reference in return, the same reference
when the phone sends the same request again, the request in the right ward's intake (or the triage ward's),
and a work reminder to that ward's officers that says nothing of what was written."""
import json
import re
from datetime import timedelta

import pytest

from server.accounts.models import User
from server.db import database
from server.help import operations
from server.push import audience

from tests.conftest import OTHER_WARD, WARD, race
from tests.help.conftest import CANARY, HELP_REQUESTS, MISSING, help_body

REFERENCE = re.compile(r"^BA-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$")


def test_a_resident_asks_for_help_and_gets_a_reference(client, stored_requests):
    body = help_body()
    response = client.post(HELP_REQUESTS, json=body)
    assert response.status_code == 201, response.json
    assert set(response.json) == {"reference", "received_at"}
    assert REFERENCE.match(response.json["reference"])
    assert response.json["received_at"].endswith("+00:00")
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    (row,) = stored_requests()
    assert (str(row.id), row.reference, row.ward_id, row.ward_known) == (body["id"], response.json["reference"],
                                                                         WARD, True)
    assert (row.name, row.contact_phone, row.situation, row.place_hint, row.safe_times) == (
        CANARY["name"], CANARY["contact_phone"], CANARY["situation"], CANARY["place_hint"], CANARY["safe_times"])
    assert (row.contact_method, row.language, row.status, row.outcome, row.case_id, row.version) == (
        "phone", "vi", "new", None, None, 1)


def test_an_anonymous_request_with_no_contact_needs_only_an_id_and_the_choice(client, stored_requests):
    body = {"id": help_body()["id"], "contact_method": "none"}
    response = client.post(HELP_REQUESTS, json=body)
    assert response.status_code == 201, response.json
    (row,) = stored_requests()
    assert (row.name, row.situation, row.contact_phone, row.language) == (None, None, None, "vi")


def test_do_not_contact_me_keeps_no_phone_number_even_if_one_was_sent(send_help, stored_requests):
    assert send_help(contact_method="none").status_code == 201
    (row,) = stored_requests()
    assert (row.contact_method, row.contact_phone) == ("none", None)


def test_blank_answers_are_stored_as_no_answer(send_help, stored_requests):
    response = send_help(name="", situation="   ", place_hint="", safe_times=" ", contact_method="zalo",
                         contact_phone=" 0909.777.123 ", language="en")
    assert response.status_code == 201, response.json
    (row,) = stored_requests()
    assert (row.name, row.situation, row.place_hint, row.safe_times) == (None, None, None, None)
    assert (row.contact_method, row.contact_phone, row.language) == ("zalo", "0909.777.123", "en")


# Resending: the PWA's "send when I am back online" may send the same request again.

def test_the_same_id_again_answers_the_same_reference_with_200(client, stored_requests):
    body = help_body()
    first = client.post(HELP_REQUESTS, json=body)
    again = client.post(HELP_REQUESTS, json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert len(stored_requests()) == 1


def test_the_same_id_with_other_words_answers_the_stored_reference_and_nothing_more(app, client, stored_requests):
    body = help_body()
    first = client.post(HELP_REQUESTS, json=body)
    other = help_body(id=body["id"], ward_code=OTHER_WARD, name="Someone Else", situation="Other words",
                      contact_phone="0911 000 000")
    # From another phone (another address) as well: the id names the request, whoever sends it.
    again = app.test_client().post(HELP_REQUESTS, json=other, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert again.status_code == 200, again.json
    assert again.json == first.json  # the reference and its time: nothing of what was written
    (row,) = stored_requests()
    assert (row.ward_id, row.name, row.situation, row.contact_phone) == (
        WARD, CANARY["name"], CANARY["situation"], CANARY["contact_phone"])


def test_two_identical_requests_at_once_store_one_request_with_one_reference(app, officer, stored_requests,
                                                                             reminders):
    bodies = [help_body() for _ in range(5)]
    for body in bodies:
        phones = [app.test_client(), app.test_client()]
        responses = race(*[lambda phone=phone, body=body: phone.post(HELP_REQUESTS, json=body) for phone in phones])
        assert sorted(r.status_code for r in responses) == [200, 201], [r.json for r in responses]
        assert responses[0].json == responses[1].json
    assert sorted(str(row.id) for row in stored_requests()) == sorted(body["id"] for body in bodies)
    assert len(reminders()) == len(bodies)  # one reminder per request, not per sending


# Where the request lands.

@pytest.mark.parametrize("ward_code", [None, "", MISSING], ids=["null", "empty", "left out"])
def test_i_do_not_know_my_ward_lands_in_the_triage_wards_intake(send_help, stored_requests, ward_code):
    response = send_help(ward_code=ward_code)
    assert response.status_code == 201, response.json
    (row,) = stored_requests()
    assert (row.ward_id, row.ward_known) == (WARD, False)  # the default triage ward is 31135
    assert row.place_hint == CANARY["place_hint"]


def test_the_triage_ward_is_the_one_the_city_configured(app, send_help, stored_requests):
    app.config["HELP_TRIAGE_WARD"] = OTHER_WARD
    assert send_help(ward_code=None).status_code == 201
    (row,) = stored_requests()
    assert (row.ward_id, row.ward_known) == (OTHER_WARD, False)


def test_a_ward_code_no_ward_has_is_refused_and_nothing_is_stored(send_help, stored_requests, audit_events,
                                                                  reminders):
    response = send_help(ward_code="99999")
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"ward_code": ["Không có xã/phường nào mang mã này."]}
    assert (stored_requests(), audit_events(), reminders()) == ([], [], [])


# References.

def test_references_avoid_look_alike_characters():
    references = {operations.new_reference() for _ in range(2000)}
    assert all(REFERENCE.match(reference) for reference in references)
    assert len(references) == 2000
    assert not set("".join(references)) & set("01OIL")


def test_a_reference_already_taken_is_drawn_again(monkeypatch, send_help, stored_requests):
    drawn = iter(["BA-AAAAAA", "BA-AAAAAA", "BA-AAAAAA", "BA-BBBBBB"])
    monkeypatch.setattr(operations, "new_reference", lambda: next(drawn))
    first, second = send_help(), send_help()
    assert (first.status_code, second.status_code) == (201, 201), second.json
    assert (first.json["reference"], second.json["reference"]) == ("BA-AAAAAA", "BA-BBBBBB")
    assert [row.reference for row in stored_requests()] == ["BA-AAAAAA", "BA-BBBBBB"]


# The work reminder to the ward's officers.

def test_the_wards_active_officers_get_one_work_reminder_without_personal_data(app, make_user, send_help, reminders,
                                                                               officer):
    second_officer = make_user(role="ward_officer", ward=WARD)
    disabled = make_user(role="ward_officer", ward=WARD)
    with app.app_context(), database.connection_context():
        User.update(active=False).where(User.id == disabled.id).execute()  # the account was disabled
    make_user(role="ward_officer", ward=OTHER_WARD)
    make_user(role="collaborator", ward=WARD)
    body_id = help_body()["id"]
    response = send_help(id=body_id)
    assert response.status_code == 201
    (reminder,) = reminders()
    assert (reminder.key, reminder.source, reminder.source_id, reminder.topic, reminder.url) == (
        f"help-request:{body_id}", "help_request", body_id, "work", "/#/help-requests")
    assert (reminder.title_vi, reminder.title_en) == ("Có yêu cầu hỗ trợ mới", "A new request for help")
    assert json.loads(reminder.audience) == json.loads(
        audience.encode(users=sorted([officer.id, second_officer.id])))
    assert reminder.expires_at - reminder.due_at == timedelta(hours=24)
    assert reminder.state == "waiting"
    words = " ".join([reminder.title_vi, reminder.title_en, reminder.body_vi, reminder.body_en, reminder.url,
                      reminder.key, reminder.audience])
    for secret in [*CANARY.values(), "0909", "Canary", response.json["reference"]]:
        assert secret not in words, secret


def test_a_ward_without_an_officer_gets_no_reminder(send_help, reminders, stored_requests):
    assert send_help().status_code == 201
    assert len(stored_requests()) == 1
    assert reminders() == []


def test_a_request_of_unknown_ward_reminds_the_triage_wards_officers(make_user, send_help, reminders):
    triage_officer = make_user(role="ward_officer", ward=WARD)
    make_user(role="ward_officer", ward=OTHER_WARD)
    assert send_help(ward_code=None).status_code == 201
    (reminder,) = reminders()
    assert json.loads(reminder.audience)["users"] == [triage_officer.id]


def test_a_resent_request_plans_no_second_reminder(client, officer, reminders):
    body = help_body()
    assert client.post(HELP_REQUESTS, json=body).status_code == 201
    assert client.post(HELP_REQUESTS, json=body).status_code == 200
    assert len(reminders()) == 1


# The honeypot: a field people never see.

def test_a_filled_honeypot_is_answered_like_a_person_and_nothing_is_stored(send_help, officer, stored_requests,
                                                                            audit_events, reminders):
    response = send_help(website="https://spam.example")
    assert response.status_code == 201, response.json
    assert set(response.json) == {"reference", "received_at"}
    assert REFERENCE.match(response.json["reference"])
    assert "Set-Cookie" not in response.headers
    assert (stored_requests(), audit_events(), reminders()) == ([], [], [])


def test_a_filled_honeypot_counts_against_the_rate_limit(app, send_help, stored_requests):
    app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = 2
    assert [send_help(website="spam").status_code for _ in range(2)] == [201, 201]
    refused = send_help()
    assert (refused.status_code, refused.json["error"]["code"]) == (429, "rate_limited")
    assert stored_requests() == []


# The rate limit.

def test_a_client_that_sends_too_many_requests_is_told_to_wait(app, send_help, stored_requests):
    app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = 3
    assert [send_help().status_code for _ in range(3)] == [201, 201, 201]
    refused = send_help()
    assert refused.status_code == 429
    assert refused.json["error"] == {"code": "rate_limited", "fields": {},
                                     "message": "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại."}
    wait = refused.headers["Retry-After"]
    assert wait.isdigit() and 0 < int(wait) <= 3600
    assert "Set-Cookie" not in refused.headers
    english = app.test_client().post(HELP_REQUESTS, json=help_body(), headers={"Accept-Language": "en"})
    assert english.status_code == 429
    assert english.json["error"]["message"] == "Too many requests. Please wait a little and try again."
    assert len(stored_requests()) == 3
    # Another phone (another address) is not held back by this one.
    elsewhere = app.test_client().post(HELP_REQUESTS, json=help_body(), environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert elsewhere.status_code == 201
    assert len(stored_requests()) == 4


def test_the_rate_limit_follows_the_setting(app, send_help):
    app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = 1
    assert [send_help().status_code for _ in range(2)] == [201, 429]
