"""The ward officers' intake of residents' requests: their own ward's requests only (another ward's answers
404), nobody else at all (403); contact recorded, closing with an outcome, a case of the ward linked, a
request passed on to the ward it belongs to; each change from the version the officer saw."""
import json
import uuid

import pytest

from server.help.models import HelpRequest

from tests.conftest import OTHER_WARD, WARD
from tests.help.conftest import CANARY, HELP_REQUESTS, help_body

REQUEST_KEYS = {"id", "reference", "ward_code", "ward_known", "place_hint", "name", "situation", "contact_method",
                "contact_phone", "safe_times", "language", "status", "outcome", "case_id", "received_at",
                "updated_at", "version"}


@pytest.fixture
def send_to(app):
    """``send_to(ward_code, **overrides)`` -> the id of a request a resident sent to that ward."""

    def send(ward_code=WARD, **overrides):
        body = help_body(ward_code=ward_code, **overrides)
        response = app.test_client().post(HELP_REQUESTS, json=body)
        assert response.status_code == 201, response.json
        return body["id"]

    return send


@pytest.fixture
def desk(log_in, officer):
    """The ward officer of WARD, logged in."""
    return log_in(officer)


def url(request_id):
    return f"{HELP_REQUESTS}/{request_id}"


# Reading.

def test_an_officer_lists_the_requests_of_their_ward_newest_first(desk, send_to):
    older, newer = send_to(), send_to()
    send_to(OTHER_WARD)
    response = desk.get(HELP_REQUESTS)
    assert response.status_code == 200
    assert [item["id"] for item in response.json["items"]] == [newer, older]
    assert set(response.json["items"][0]) == REQUEST_KEYS
    assert response.headers["Cache-Control"] == "no-store"


def test_an_officer_reads_a_request_with_everything_the_resident_wrote(desk, send_to):
    request_id = send_to()
    response = desk.get(url(request_id))
    assert response.status_code == 200
    answer = response.json
    assert set(answer) == REQUEST_KEYS
    assert {k: answer[k] for k in ("name", "contact_phone", "situation", "place_hint", "safe_times")} == {
        k: CANARY[k] for k in ("name", "contact_phone", "situation", "place_hint", "safe_times")}
    assert (answer["id"], answer["ward_code"], answer["ward_known"], answer["status"], answer["version"]) == (
        request_id, WARD, True, "new", 1)
    assert (answer["outcome"], answer["case_id"], answer["contact_method"], answer["language"]) == (
        None, None, "phone", "vi")
    assert answer["reference"].startswith("BA-")


def test_the_list_filters_by_status(desk, send_to):
    waiting, reached = send_to(), send_to()
    assert desk.patch(url(reached), json={"version": 1, "status": "contacted"}).status_code == 200
    by_status = {status: [i["id"] for i in desk.get(f"{HELP_REQUESTS}?status={status}").json["items"]]
                 for status in ("new", "contacted", "closed")}
    assert by_status == {"new": [waiting], "contacted": [reached], "closed": []}


@pytest.mark.parametrize("query", ["status=pending", "status=", "status=new%00"])
def test_a_bad_status_filter_is_a_422(desk, query):
    response = desk.get(f"{HELP_REQUESTS}?{query}")
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["status"]


# Who may: the ward's officers only.

def every_endpoint(request_id):
    return {
        "list": ("get", HELP_REQUESTS, None),
        "read": ("get", url(request_id), None),
        "change": ("patch", url(request_id), {"version": 1, "status": "contacted"}),
    }


@pytest.mark.parametrize("role", ["collaborator", "provider", "shelter_host", "city_admin"])
def test_other_roles_are_refused_everything_with_403(log_in, make_user, send_to, stored_requests, role):
    request_id = send_to()
    caller = log_in(make_user(role=role, ward=WARD))
    for name, (method, path, body) in every_endpoint(request_id).items():
        response = caller.open(path, method=method, json=body)
        assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden"), name
    (row,) = stored_requests()
    assert (row.status, row.version) == ("new", 1)


def test_an_officer_of_another_ward_gets_404_and_learns_nothing(log_in, make_user, send_to, stored_requests):
    request_id = send_to()
    elsewhere = log_in(make_user(role="ward_officer", ward=OTHER_WARD))
    assert elsewhere.get(HELP_REQUESTS).json["items"] == []
    for name in ("read", "change"):
        method, path, body = every_endpoint(request_id)[name]
        response = elsewhere.open(path, method=method, json=body)
        assert response.status_code == 404, name
        assert CANARY["name"] not in response.get_data(as_text=True)
    (row,) = stored_requests()
    assert (row.status, row.version) == ("new", 1)


def test_a_visitor_without_a_session_gets_401(client, send_to):
    request_id = send_to()
    for method, path, body in every_endpoint(request_id).values():
        assert client.open(path, method=method, json=body).status_code == 401


@pytest.mark.parametrize("path", ["/not-a-uuid", "/12345", "/7d1c7c3e-0000-4000-8000-000000000000"])
def test_an_unknown_or_malformed_id_is_a_404(desk, path):
    assert desk.get(HELP_REQUESTS + path).status_code == 404
    assert desk.patch(HELP_REQUESTS + path, json={"version": 1, "status": "contacted"}).status_code == 404


# Changing.

def test_an_officer_records_contact(desk, officer, send_to, stored_requests):
    request_id = send_to()
    response = desk.patch(url(request_id), json={"version": 1, "status": "contacted"})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["version"], response.json["outcome"]) == ("contacted", 2, None)
    assert response.json["updated_at"] >= response.json["received_at"]
    (row,) = stored_requests()
    assert (row.status, row.version, row.handled_by_id) == ("contacted", 2, officer.id)


def test_closing_needs_an_outcome(desk, send_to, stored_requests):
    request_id = send_to()
    refused = desk.patch(url(request_id), json={"version": 1, "status": "closed"})
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {"outcome": ["Cần chọn kết quả khi đóng yêu cầu."]}
    english = desk.patch(url(request_id), json={"version": 1, "status": "closed"}, headers={"Accept-Language": "en"})
    assert english.json["error"]["fields"] == {"outcome": ["Closing needs an outcome."]}
    assert stored_requests()[0].status == "new"
    closed = desk.patch(url(request_id), json={"version": 1, "status": "closed", "outcome": "referred"})
    assert closed.status_code == 200, closed.json
    assert (closed.json["status"], closed.json["outcome"], closed.json["version"]) == ("closed", "referred", 2)


def test_an_outcome_without_closing_is_refused(desk, send_to, stored_requests):
    request_id = send_to()
    response = desk.patch(url(request_id), json={"version": 1, "status": "contacted", "outcome": "resolved"})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"outcome": ["Chỉ ghi kết quả khi đóng yêu cầu."]}
    assert stored_requests()[0].version == 1


def test_a_closed_request_changes_its_outcome_or_is_reopened_without_it(desk, send_to):
    request_id = send_to()
    desk.patch(url(request_id), json={"version": 1, "status": "closed", "outcome": "no_contact"})
    changed = desk.patch(url(request_id), json={"version": 2, "outcome": "duplicate"})
    assert (changed.status_code, changed.json["status"], changed.json["outcome"]) == (200, "closed", "duplicate")
    reopened = desk.patch(url(request_id), json={"version": 3, "status": "contacted"})
    assert (reopened.status_code, reopened.json["status"], reopened.json["outcome"]) == (200, "contacted", None)


def test_a_case_of_the_ward_is_linked(desk, make_user, make_case, send_to):
    request_id = send_to()
    case = make_case(make_user(role="collaborator", ward=WARD))
    response = desk.patch(url(request_id), json={"version": 1, "status": "closed", "outcome": "case_opened",
                                                 "case_id": case["id"]})
    assert response.status_code == 200, response.json
    assert response.json["case_id"] == case["id"]
    unlinked = desk.patch(url(request_id), json={"version": 2, "case_id": None})
    assert (unlinked.status_code, unlinked.json["case_id"]) == (200, None)


@pytest.mark.parametrize("whose", ["another ward's", "nobody's"])
def test_a_case_outside_the_ward_cannot_be_linked(desk, make_user, make_case, send_to, stored_requests, whose):
    request_id = send_to()
    case_id = (make_case(make_user(role="collaborator", ward=OTHER_WARD))["id"] if whose == "another ward's"
               else str(uuid.uuid4()))
    response = desk.patch(url(request_id), json={"version": 1, "case_id": case_id})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"case_id": ["Không có hồ sơ nào của xã/phường mình mang mã này."]}
    (row,) = stored_requests()
    assert (row.case_id, row.version) == (None, 1)


def test_a_stale_version_is_a_409_with_the_stored_copy(desk, send_to, stored_requests):
    request_id = send_to()
    assert desk.patch(url(request_id), json={"version": 1, "status": "contacted"}).status_code == 200
    stale = desk.patch(url(request_id), json={"version": 1, "status": "closed", "outcome": "resolved"})
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "version_conflict"
    assert (stale.json["current"]["status"], stale.json["current"]["version"]) == ("contacted", 2)
    assert stored_requests()[0].status == "contacted"


BAD_CHANGES = {
    "no version": ({"status": "contacted"}, "version"),
    "version as text": ({"version": "1", "status": "contacted"}, "version"),
    "version zero": ({"version": 0}, "version"),
    "version too big": ({"version": 2**40}, "version"),
    "back to new": ({"version": 1, "status": "new"}, "status"),
    "unknown status": ({"version": 1, "status": "done"}, "status"),
    "unknown outcome": ({"version": 1, "status": "closed", "outcome": "solved"}, "outcome"),
    "case id not a UUID": ({"version": 1, "case_id": "case-1"}, "case_id"),
    "ward code of letters": ({"version": 1, "ward_code": "abcde"}, "ward_code"),
    "ward code no ward has": ({"version": 1, "ward_code": "99999"}, "ward_code"),
    "ward code null": ({"version": 1, "ward_code": None}, "ward_code"),
    "the resident's words": ({"version": 1, "situation": "Overwritten"}, "situation"),
    "NUL in the status": ({"version": 1, "status": "closed\x00"}, "status"),
}


@pytest.mark.parametrize("body, field", BAD_CHANGES.values(), ids=BAD_CHANGES)
def test_a_bad_change_is_a_422_and_changes_nothing(desk, send_to, stored_requests, body, field):
    request_id = send_to()
    response = desk.patch(url(request_id), json=body)
    assert response.status_code == 422, response.json
    assert list(response.json["error"]["fields"]) == [field]
    (row,) = stored_requests()
    assert (row.status, row.version, row.ward_id, row.situation) == ("new", 1, WARD, CANARY["situation"])


def test_a_change_that_is_not_json_is_a_415(desk, send_to):
    response = desk.patch(url(send_to()), data="version=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


# Passing a request on to the ward it belongs to.

def test_a_request_passed_on_leaves_this_ward_and_reminds_the_other_wards_officers(
        log_in, make_user, desk, send_to, reminders, stored_requests):
    other_officer = make_user(role="ward_officer", ward=OTHER_WARD)
    request_id = send_to()
    response = desk.patch(url(request_id), json={"version": 1, "ward_code": OTHER_WARD})
    assert response.status_code == 200, response.json
    assert (response.json["ward_code"], response.json["version"], response.json["status"]) == (OTHER_WARD, 2, "new")
    assert desk.get(HELP_REQUESTS).json["items"] == []
    assert desk.get(url(request_id)).status_code == 404
    theirs = log_in(other_officer)
    assert [item["id"] for item in theirs.get(HELP_REQUESTS).json["items"]] == [request_id]
    assert theirs.get(url(request_id)).json["name"] == CANARY["name"]
    first, passed = reminders()
    assert first.key == f"help-request:{request_id}"
    assert (passed.key, passed.topic, passed.url, passed.title_vi) == (
        f"help-request:{request_id}:passed:2", "work", "/#/help-requests", "Có yêu cầu hỗ trợ mới")
    assert json.loads(passed.audience)["users"] == [other_officer.id]
    words = " ".join([passed.title_vi, passed.title_en, passed.body_vi, passed.body_en])
    for secret in CANARY.values():
        assert secret not in words
    (row,) = stored_requests()
    assert (row.ward_id, row.ward_known) == (OTHER_WARD, True)


def test_the_triage_ward_passes_on_a_request_whose_ward_was_unknown(log_in, make_user, desk, send_to):
    other_officer = make_user(role="ward_officer", ward=OTHER_WARD)
    request_id = send_to(None)  # "Tôi không biết": the triage ward, 31135
    assert desk.get(url(request_id)).json["ward_known"] is False
    response = desk.patch(url(request_id), json={"version": 1, "status": "contacted", "ward_code": OTHER_WARD})
    assert response.status_code == 200, response.json
    moved = log_in(other_officer).get(url(request_id)).json
    assert (moved["ward_code"], moved["ward_known"], moved["status"]) == (OTHER_WARD, False, "contacted")


def test_passing_on_to_the_same_ward_changes_nothing_but_the_version(desk, send_to, reminders):
    request_id = send_to()
    response = desk.patch(url(request_id), json={"version": 1, "ward_code": WARD})
    assert (response.status_code, response.json["ward_code"], response.json["version"]) == (200, WARD, 2)
    assert len(reminders()) == 1  # only the first one, from the resident's request


def test_a_request_passed_to_a_ward_without_officers_plans_no_reminder(desk, send_to, reminders, stored_requests):
    request_id = send_to()
    assert desk.patch(url(request_id), json={"version": 1, "ward_code": OTHER_WARD}).status_code == 200
    assert [r.key for r in reminders()] == [f"help-request:{request_id}"]
    assert stored_requests()[0].ward_id == OTHER_WARD


def test_the_model_is_as_the_contract_describes():
    # The answer names every column a ward officer works with; handled_by stays server-side.
    columns = set(HelpRequest._meta.fields) - {"ward", "case", "handled_by"}
    assert columns | {"ward_code", "case_id"} == REQUEST_KEYS
