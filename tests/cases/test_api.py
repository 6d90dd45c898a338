"""The cases API: recording a case (idempotently, by its client-made id), reading, listing, updating from a
known version, assigning, closing and reopening, follow-up notes, and the fields the server derives.

Who may see what is in test_scope.py; referrals in test_referrals.py; bad input in test_input.py.
"""
import uuid

import pytest

from server.accounts.operations import set_active
from server.cases.models import Case, FollowUp
from server.db import database

from tests.cases.conftest import MISSING
from tests.conftest import OTHER_WARD, WARD

NOT_A_COLLABORATOR_OF_THE_WARD = "Không phải cộng tác viên đang hoạt động của xã/phường này."
SECTIONS = ("intake_channel", "survivor", "incident", "narrative", "consent")
SUMMARY_KEYS = {"id", "code", "status", "intake_channel", "age_group", "sex", "gbv_type", "risk_level",
                "assigned_to", "version", "created_at", "updated_at"}


def error_code(response):
    return response.json["error"]["code"]


@pytest.fixture
def collaborator(make_user):
    return make_user(role="collaborator", ward=WARD)


@pytest.fixture
def officer(make_user):
    return make_user(role="ward_officer", ward=WARD)


# Recording a case.

@pytest.mark.parametrize("role", ["collaborator", "ward_officer"])
def test_staff_record_a_case_in_their_own_ward(log_in, make_user, case_body, role):
    author = make_user(role=role, ward=OTHER_WARD)
    body = case_body()
    response = log_in(author).post("/api/v1/cases", json=body)
    assert response.status_code == 201, response.json
    case = response.json
    assert case["id"] == body["id"]
    assert {section: case[section] for section in ("intake_channel", "narrative", "consent")} == {
        section: body[section] for section in ("intake_channel", "narrative", "consent")}
    assert {k: case["survivor"][k] for k in body["survivor"]} == body["survivor"]
    assert {k: case["incident"][k] for k in body["incident"]} == body["incident"]
    assert case["risk"]["answers"] == body["risk"]["answers"]
    assert case["risk"]["safety_plan"] == body["risk"]["safety_plan"]
    assert case["ward"]["code"] == OTHER_WARD
    assert (case["status"], case["closure_reason"], case["version"]) == ("new", None, 1)
    assert case["created_by"] == {"id": author.id, "display_name": author.display_name}
    assert (case["assigned_to"], case["referrals"], case["follow_ups"]) == (None, [], [])
    assert case["created_at"].endswith("+00:00")


def test_the_same_case_sent_again_by_its_author_answers_the_stored_case(log_in, collaborator, case_body, count):
    phone = log_in(collaborator)
    body = case_body()
    first = phone.post("/api/v1/cases", json=body)
    again = phone.post("/api/v1/cases", json=dict(body, narrative="sent again, changed"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert count(Case) == 1


def test_the_id_of_someone_elses_case_is_taken(log_in, make_user, collaborator, case_body, stored_case, count):
    body = case_body()
    assert log_in(collaborator).post("/api/v1/cases", json=body).status_code == 201
    response = log_in(make_user(role="collaborator", ward=WARD)).post("/api/v1/cases", json=body)
    assert response.status_code == 409
    assert error_code(response) == "id_taken"
    assert "Canary" not in response.get_data(as_text=True)
    assert count(Case) == 1
    assert stored_case(body["id"]).created_by_id == collaborator.id


def test_a_case_reads_back_as_it_was_recorded(log_in, collaborator, make_case):
    case = make_case(collaborator)
    response = log_in(collaborator).get(f"/api/v1/cases/{case['id']}")
    assert response.status_code == 200
    assert response.json == case
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unknown_case_is_not_found(log_in, officer):
    response = log_in(officer).get(f"/api/v1/cases/{uuid.uuid4()}")
    assert (response.status_code, error_code(response)) == (404, "not_found")


# Listing.

def test_the_list_filters_by_status_and_pages_without_names(log_in, make_case, collaborator, officer):
    cases = [make_case(collaborator) for _ in range(5)]
    desk = log_in(officer)
    desk.post(f"/api/v1/cases/{cases[0]['id']}/assign", json={"base_version": 1, "collaborator_id": collaborator.id})
    desk.post(f"/api/v1/cases/{cases[1]['id']}/close", json={"base_version": 1, "closure_reason": "needs_met"})
    by_status = {status: desk.get(f"/api/v1/cases?status={status}").json for status in ("new", "open", "closed")}
    assert {s: page["total"] for s, page in by_status.items()} == {"new": 3, "open": 1, "closed": 1}
    assert [item["id"] for item in by_status["open"]["items"]] == [cases[0]["id"]]
    assert {item["id"] for item in by_status["new"]["items"]} == {case["id"] for case in cases[2:]}
    pages = [desk.get(f"/api/v1/cases?per_page=2&page={page}").json for page in (1, 2, 3, 4)]
    assert [(p["page"], p["per_page"], p["total"], len(p["items"])) for p in pages] == [
        (1, 2, 5, 2), (2, 2, 5, 2), (3, 2, 5, 1), (4, 2, 5, 0)]
    listed = [item for page in pages for item in page["items"]]
    assert sorted(item["id"] for item in listed) == sorted(case["id"] for case in cases)
    assert all(set(item) == SUMMARY_KEYS for item in listed)
    assert "Canary" not in str(pages)


def test_the_list_answers_fifty_a_page_by_default(log_in, make_case, collaborator):
    make_case(collaborator)
    page = log_in(collaborator).get("/api/v1/cases").json
    assert (page["page"], page["per_page"], page["total"]) == (1, 50, 1)


# Updating from a known version.

def test_an_update_replaces_whole_sections_and_counts_a_version(log_in, make_case, collaborator):
    case = make_case(collaborator)
    survivor = {"age_group": "18-24", "sex": "female", "phone": "0911 000 111"}
    response = log_in(collaborator).patch(f"/api/v1/cases/{case['id']}", json={
        "base_version": 1, "survivor": survivor, "narrative": "Second visit.",
        "risk": {"answers": {"weapon": True}}})
    assert response.status_code == 200, response.json
    updated = response.json
    assert updated["version"] == 2
    assert updated["narrative"] == "Second visit."
    # The section is replaced whole: what the phone left out is gone, not merged from the old copy.
    assert (updated["survivor"]["name"], updated["survivor"]["phone"]) == (None, "0911 000 111")
    assert updated["survivor"]["age_group"] == "18-24"
    assert (updated["risk"]["level"], updated["risk"]["safety_plan"]) == ("high", None)
    assert updated["incident"] == case["incident"] and updated["consent"] == case["consent"]
    assert log_in(collaborator).get(f"/api/v1/cases/{case['id']}").json == updated


def test_an_update_that_leaves_the_narrative_out_keeps_it(log_in, make_case, collaborator):
    case = make_case(collaborator, narrative="What she told us first.")
    response = log_in(collaborator).patch(f"/api/v1/cases/{case['id']}", json={
        "base_version": 1, "consent": {"share_with_services": False, "statistics": True}})
    assert response.status_code == 200, response.json
    assert response.json["narrative"] == "What she told us first."
    assert log_in(collaborator).get(f"/api/v1/cases/{case['id']}").json["narrative"] == "What she told us first."


def test_a_stale_version_is_refused_with_the_servers_copy(log_in, make_case, collaborator, officer):
    case = make_case(collaborator)
    assert log_in(officer).patch(f"/api/v1/cases/{case['id']}",
                                 json={"base_version": 1, "narrative": "The officer's words."}).status_code == 200
    phone = log_in(collaborator)
    response = phone.patch(f"/api/v1/cases/{case['id']}", json={"base_version": 1, "narrative": "Offline words."})
    assert response.status_code == 409
    assert error_code(response) == "version_conflict"
    assert response.json["error"]["message"].startswith("Hồ sơ đã được người khác sửa")
    current = phone.get(f"/api/v1/cases/{case['id']}").json
    assert response.json["current"] == current
    assert (current["version"], current["narrative"]) == (2, "The officer's words.")


def test_a_closed_case_cannot_be_edited(log_in, make_case, collaborator, stored_case):
    case = make_case(collaborator)
    phone = log_in(collaborator)
    phone.post(f"/api/v1/cases/{case['id']}/close", json={"base_version": 1, "closure_reason": "moved_away"})
    response = phone.patch(f"/api/v1/cases/{case['id']}", json={"base_version": 2, "narrative": "Late note."})
    assert (response.status_code, error_code(response)) == (409, "case_closed")
    assert (stored_case(case["id"]).narrative, stored_case(case["id"]).version) == (case["narrative"], 2)


# Assigning, closing, reopening.

def test_a_ward_officer_assigns_a_new_case_which_opens_it(log_in, make_user, make_case, collaborator, officer):
    case = make_case(collaborator)
    helper = make_user(role="collaborator", ward=WARD)
    response = log_in(officer).post(f"/api/v1/cases/{case['id']}/assign",
                                    json={"base_version": 1, "collaborator_id": helper.id})
    assert response.status_code == 200, response.json
    assert response.json["assigned_to"] == {"id": helper.id, "display_name": helper.display_name}
    assert (response.json["status"], response.json["version"]) == ("open", 2)
    back = log_in(officer).post(f"/api/v1/cases/{case['id']}/assign",
                                json={"base_version": 2, "collaborator_id": None})
    assert (back.json["assigned_to"], back.json["status"], back.json["version"]) == (None, "open", 3)


def disabled_collaborator(app, make_user):
    user = make_user(role="collaborator", ward=WARD)
    with app.app_context(), database.connection_context():
        set_active(None, user, False)
    return user


NOT_ASSIGNABLE = {
    "collaborator of another ward": lambda app, make_user: make_user(role="collaborator", ward=OTHER_WARD),
    "disabled collaborator": disabled_collaborator,
    "ward officer": lambda app, make_user: make_user(role="ward_officer", ward=WARD),
    "provider": lambda app, make_user: make_user(role="provider"),
}


@pytest.mark.parametrize("make_assignee", NOT_ASSIGNABLE.values(), ids=NOT_ASSIGNABLE)
def test_only_an_active_collaborator_of_the_ward_can_be_assigned(app, log_in, make_user, make_case, collaborator,
                                                                  officer, stored_case, make_assignee):
    case = make_case(collaborator)
    assignee = make_assignee(app, make_user)
    response = log_in(officer).post(f"/api/v1/cases/{case['id']}/assign",
                                    json={"base_version": 1, "collaborator_id": assignee.id})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"collaborator_id": [NOT_A_COLLABORATOR_OF_THE_WARD]}
    assert (stored_case(case["id"]).assigned_to_id, stored_case(case["id"]).version) == (None, 1)


def test_a_collaborator_cannot_assign(log_in, make_case, collaborator):
    case = make_case(collaborator)
    response = log_in(collaborator).post(f"/api/v1/cases/{case['id']}/assign",
                                         json={"base_version": 1, "collaborator_id": collaborator.id})
    assert (response.status_code, error_code(response)) == (403, "forbidden")


@pytest.mark.parametrize("closer", ["officer", "author", "assignee"])
def test_the_officer_or_the_cases_collaborator_closes_it(log_in, make_user, make_case, collaborator, officer,
                                                         closer):
    case = make_case(collaborator)
    assignee = make_user(role="collaborator", ward=WARD)
    log_in(officer).post(f"/api/v1/cases/{case['id']}/assign", json={"base_version": 1, "collaborator_id": assignee.id})
    client = log_in({"officer": officer, "author": collaborator, "assignee": assignee}[closer])
    response = client.post(f"/api/v1/cases/{case['id']}/close", json={"base_version": 2, "closure_reason": "needs_met"})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["closure_reason"], response.json["version"]) == (
        "closed", "needs_met", 3)
    again = client.post(f"/api/v1/cases/{case['id']}/close", json={"base_version": 3, "closure_reason": "other"})
    assert (again.status_code, error_code(again)) == (409, "case_closed")


def test_only_a_ward_officer_reopens_a_closed_case(log_in, make_case, collaborator, officer):
    case = make_case(collaborator)
    url = f"/api/v1/cases/{case['id']}"
    not_closed = log_in(officer).post(f"{url}/reopen", json={"base_version": 1})
    assert (not_closed.status_code, error_code(not_closed)) == (409, "invalid_transition")
    log_in(collaborator).post(f"{url}/close", json={"base_version": 1, "closure_reason": "unreachable"})
    refused = log_in(collaborator).post(f"{url}/reopen", json={"base_version": 2})
    assert (refused.status_code, error_code(refused)) == (403, "forbidden")
    response = log_in(officer).post(f"{url}/reopen", json={"base_version": 2})
    assert response.status_code == 200
    assert (response.json["status"], response.json["closure_reason"], response.json["version"]) == ("open", None, 3)


# Follow-up notes: append-only.

def test_follow_ups_are_appended_once_and_listed_oldest_first(log_in, make_case, collaborator, count):
    case = make_case(collaborator)
    phone = log_in(collaborator)
    url = f"/api/v1/cases/{case['id']}/follow-ups"
    later = {"id": str(uuid.uuid4()), "note": "Called back.", "occurred_at": "2026-03-06T09:30:00+07:00"}
    earlier = {"id": str(uuid.uuid4()), "note": "Home visit.", "occurred_at": "2026-03-05T16:00:00+07:00"}
    created = phone.post(url, json=later)
    assert created.status_code == 201, created.json
    assert created.json["occurred_at"] == "2026-03-06T02:30:00+00:00"
    assert created.json["author"] == {"id": collaborator.id, "display_name": collaborator.display_name}
    assert created.json["case_id"] == case["id"]
    replay = phone.post(url, json=dict(later, note="Changed on replay."))
    assert (replay.status_code, replay.json) == (200, created.json)
    assert phone.post(url, json=earlier).status_code == 201
    listed = phone.get(url).json["items"]
    assert [(item["id"], item["note"]) for item in listed] == [(earlier["id"], "Home visit."),
                                                               (later["id"], "Called back.")]
    assert [item["id"] for item in phone.get(f"/api/v1/cases/{case['id']}").json["follow_ups"]] == [
        earlier["id"], later["id"]]
    assert count(FollowUp) == 2


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_follow_up_cannot_be_edited_or_deleted(log_in, make_case, collaborator, method):
    case = make_case(collaborator)
    phone = log_in(collaborator)
    url = f"/api/v1/cases/{case['id']}/follow-ups"
    note = {"id": str(uuid.uuid4()), "note": "Home visit.", "occurred_at": "2026-03-05T16:00:00+07:00"}
    phone.post(url, json=note)
    response = getattr(phone, method)(url, json=dict(note, note="Rewritten."))
    assert (response.status_code, error_code(response)) == (405, "method_not_allowed")
    assert getattr(phone, method)(f"{url}/{note['id']}", json={"note": "Rewritten."}).status_code == 404
    assert [item["note"] for item in phone.get(url).json["items"]] == ["Home visit."]


# What the server derives.

def test_the_code_is_the_ids_first_eight_hex_digits(make_case, collaborator):
    case = make_case(collaborator, id="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    assert case["code"] == "BA-0A1B2C3D"


@pytest.mark.parametrize("age_group, is_child", [
    ("0-11", True), ("12-17", True), ("18-24", False), ("25-59", False), ("60+", False)])
def test_children_are_the_two_youngest_age_groups(make_case, collaborator, age_group, is_child):
    assert make_case(collaborator, survivor={"age_group": age_group})["survivor"]["is_child"] is is_child


@pytest.mark.parametrize("incident_date, report_date, delay", [
    ("2026-03-01", "2026-03-04", 3), ("2026-03-04", "2026-03-04", 0), ("2025-12-31", "2026-01-02", 2),
    (None, "2026-03-04", None)])
def test_the_reporting_delay_counts_days_from_incident_to_report(make_case, collaborator, incident_date,
                                                                  report_date, delay):
    case = make_case(collaborator, incident={"incident_date": incident_date, "report_date": report_date})
    assert case["incident"]["reporting_delay_days"] == delay


RISK_LEVELS = {
    "nothing answered": ({}, "low"),
    "every answer no": ({"threats_to_kill": False, "weapon": False, "pregnant": False}, "low"),
    "one yes": ({"pregnant": True}, "medium"),
    "two yes": ({"feels_unsafe": True, "child_at_risk": True, "weapon": False}, "medium"),
    "three yes": ({"violence_increasing": True, "perpetrator_nearby": True, "feels_unsafe": True}, "high"),
    "threats to kill alone": ({"threats_to_kill": True}, "high"),
    "a weapon alone": ({"weapon": True}, "high"),
    "strangulation alone": ({"strangulation": True}, "high"),
}


@pytest.mark.parametrize("answers, level", RISK_LEVELS.values(), ids=RISK_LEVELS)
def test_the_risk_level_follows_the_danger_assessment_rules(log_in, make_case, collaborator, answers, level):
    case = make_case(collaborator, risk={"answers": answers, "safety_plan": None})
    assert (case["risk"]["level"], case["risk"]["answers"]) == (level, answers)
    listed = log_in(collaborator).get("/api/v1/cases").json["items"]
    assert [item["risk_level"] for item in listed] == [level]


@pytest.mark.parametrize("risk", [None, MISSING])
def test_a_case_without_an_assessment_is_low_risk(make_case, collaborator, risk):
    case = make_case(collaborator, risk=risk)
    assert (case["risk"]["level"], case["risk"]["answers"], case["risk"]["safety_plan"]) == ("low", {}, None)


def test_a_note_or_a_referral_makes_phones_refetch_the_case_without_a_new_version(log_in, make_user,
                                                                                 make_organization, make_case):
    collaborator = make_user(role="collaborator")
    client = log_in(collaborator)
    case = make_case(collaborator)
    health = make_organization(kind="health")
    client.post(f"/api/v1/cases/{case['id']}/follow-ups",
                json={"id": str(uuid.uuid4()), "note": "Gọi lại", "occurred_at": "2026-11-28T09:00:00+07:00"})
    after_note = client.get(f"/api/v1/cases/{case['id']}").json
    assert after_note["updated_at"] > case["updated_at"] and after_note["version"] == case["version"]
    client.post(f"/api/v1/cases/{case['id']}/referrals",
                json={"id": str(uuid.uuid4()), "service_type": "health", "organization_id": health.id})
    after_referral = client.get(f"/api/v1/cases/{case['id']}").json
    assert after_referral["updated_at"] > after_note["updated_at"] and after_referral["version"] == case["version"]
