"""Who sees which case: a collaborator the cases they created or are assigned, a ward officer every case of
their ward, a provider only referrals (test_referrals.py), a shelter host and a city admin nothing of cases
at all. A record out of the caller's scope answers 404 and nothing of its contents; a role that never
deals with an endpoint gets 403 whatever the record; a visitor 401.
"""
import uuid

import pytest

from server.cases.models import Case
from server.db import database

from tests.cases.conftest import CANARY
from tests.conftest import OTHER_WARD, WARD


def every_case_endpoint(case_id, referral_id, organization_id):
    note = {"id": str(uuid.uuid4()), "note": "Out-of-scope note.", "occurred_at": "2026-03-05T10:00:00+07:00"}
    referral = {"id": str(uuid.uuid4()), "service_type": "health", "organization_id": organization_id}
    case = f"/api/v1/cases/{case_id}"
    return {
        "read case": ("get", case, None),
        "update case": ("patch", case, {"base_version": 1, "narrative": "Overwritten."}),
        "assign case": ("post", f"{case}/assign", {"base_version": 1, "collaborator_id": None}),
        "close case": ("post", f"{case}/close", {"base_version": 1, "closure_reason": "other"}),
        "reopen case": ("post", f"{case}/reopen", {"base_version": 1}),
        "list follow-ups": ("get", f"{case}/follow-ups", None),
        "add follow-up": ("post", f"{case}/follow-ups", note),
        "refer": ("post", f"{case}/referrals", referral),
        "read referral": ("get", f"/api/v1/referrals/{referral_id}", None),
        "accept referral": ("post", f"/api/v1/referrals/{referral_id}/accept", {}),
        "reject referral": ("post", f"/api/v1/referrals/{referral_id}/reject", {"reason": "other"}),
        "complete referral": ("post", f"/api/v1/referrals/{referral_id}/complete", {"outcome": "success"}),
    }


OFFICER_ONLY = {"assign case", "reopen case"}
PROVIDER_ONLY = {"accept referral", "reject referral", "complete referral"}
REFERRAL_ENDPOINTS = {"read referral"} | PROVIDER_ONLY
LISTS = [("get", "/api/v1/cases"), ("get", "/api/v1/referrals")]


def expected_for_ward_staff(role):
    """Ward staff out of scope: 404, except where their role never may act (403, whatever the record)."""
    refused = PROVIDER_ONLY | (OFFICER_ONLY if role == "collaborator" else set())
    return lambda endpoint: 403 if endpoint in refused else 404


def expected_for_provider(endpoint):
    return 404 if endpoint in REFERRAL_ENDPOINTS else 403


OUTSIDERS = {
    "collaborator of the ward who neither made nor holds it": (
        {"role": "collaborator", "ward": WARD}, expected_for_ward_staff("collaborator")),
    "collaborator of another ward": ({"role": "collaborator", "ward": OTHER_WARD},
                                     expected_for_ward_staff("collaborator")),
    "ward officer of another ward": ({"role": "ward_officer", "ward": OTHER_WARD},
                                     expected_for_ward_staff("ward_officer")),
    "provider of another organisation": ({"role": "provider"}, expected_for_provider),
    "shelter host": ({"role": "shelter_host"}, lambda endpoint: 403),
    "city admin": ({"role": "city_admin"}, lambda endpoint: 403),
}


@pytest.fixture
def world(log_in, make_user, make_organization, make_case):
    """A case of WARD made by a collaborator, with a referral to a health station."""
    author = make_user(role="collaborator", ward=WARD)
    case = make_case(author)
    health = make_organization(kind="health", ward=WARD)
    referral = log_in(author).post(f"/api/v1/cases/{case['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": health.id,
        "note": "Needs a check-up."}).json
    return {"author": author, "case": case, "referral": referral, "health": health}


def stored_state(app, world):
    with app.app_context(), database.connection_context():
        case = Case.get_by_id(uuid.UUID(world["case"]["id"]))
        return (case.version, case.status, case.narrative, case.assigned_to_id, case.follow_ups.count(),
                [(r.id, r.status) for r in case.referrals])


def assert_reveals_nothing(response):
    text = response.get_data(as_text=True)
    for value in (*CANARY.values(), "survivor", "narrative"):
        assert value not in text, (response.request.path, value)


@pytest.mark.parametrize("user, expected", OUTSIDERS.values(), ids=OUTSIDERS)
def test_outsiders_neither_see_nor_touch_a_case(app, log_in, make_user, world, user, expected):
    caller = log_in(make_user(**user))
    before = stored_state(app, world)
    endpoints = every_case_endpoint(world["case"]["id"], world["referral"]["id"], world["health"].id)
    for endpoint, (method, path, body) in endpoints.items():
        response = getattr(caller, method)(path, json=body)
        assert response.status_code == expected(endpoint), endpoint
        assert response.json["error"]["code"] == {403: "forbidden", 404: "not_found"}[expected(endpoint)]
        assert_reveals_nothing(response)
    assert stored_state(app, world) == before


@pytest.mark.parametrize("user", [OUTSIDERS[name][0] for name in list(OUTSIDERS)[:4]], ids=list(OUTSIDERS)[:4])
def test_lists_never_hold_a_case_out_of_scope(log_in, make_user, world, user):
    caller = log_in(make_user(**user))
    if user["role"] != "provider":
        listed = caller.get("/api/v1/cases")
        assert (listed.status_code, listed.json["items"], listed.json["total"]) == (200, [], 0)
    referrals = caller.get("/api/v1/referrals")
    assert (referrals.status_code, referrals.json["items"]) == (200, [])


@pytest.mark.parametrize("role", ["shelter_host", "city_admin", "provider"])
def test_roles_without_cases_cannot_list_or_record_them(log_in, make_user, case_body, role):
    caller = log_in(make_user(role=role))
    for response in [caller.get("/api/v1/cases"), caller.post("/api/v1/cases", json=case_body())]:
        assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")
    referrals = caller.get("/api/v1/referrals")
    assert referrals.status_code == (200 if role == "provider" else 403)


def test_a_city_admin_sees_no_case_contents_at_all(log_in, make_user, world):
    """Need-to-know: the city's statistics come from the reports domain, never from reading cases."""
    admin = log_in(make_user(role="city_admin"))
    for path in ["/api/v1/cases", f"/api/v1/cases/{world['case']['id']}", "/api/v1/referrals",
                 f"/api/v1/referrals/{world['referral']['id']}", f"/api/v1/cases/{world['case']['id']}/follow-ups"]:
        response = admin.get(path)
        assert response.status_code == 403, path
        assert_reveals_nothing(response)


def test_visitors_must_log_in(client, world, case_body):
    endpoints = every_case_endpoint(world["case"]["id"], world["referral"]["id"], world["health"].id)
    for endpoint, (method, path, body) in [*endpoints.items(), ("list cases", LISTS[0] + (None,)),
                                           ("list referrals", LISTS[1] + (None,)),
                                           ("record", ("post", "/api/v1/cases", case_body()))]:
        response = getattr(client, method)(path, json=body)
        assert (response.status_code, response.json["error"]["code"]) == (401, "unauthenticated"), endpoint
        assert_reveals_nothing(response)


def test_the_assigned_collaborator_sees_and_works_on_the_case(log_in, make_user, world):
    helper = make_user(role="collaborator", ward=WARD)
    case_id = world["case"]["id"]
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    assert officer.post(f"/api/v1/cases/{case_id}/assign",
                        json={"base_version": 1, "collaborator_id": helper.id}).status_code == 200
    phone = log_in(helper)
    case = phone.get(f"/api/v1/cases/{case_id}")
    assert (case.status_code, case.json["survivor"]["name"]) == (200, CANARY["name"])
    assert [item["id"] for item in phone.get("/api/v1/cases").json["items"]] == [case_id]
    assert [item["id"] for item in phone.get("/api/v1/referrals").json["items"]] == [world["referral"]["id"]]
    note = {"id": str(uuid.uuid4()), "note": "Visited.", "occurred_at": "2026-03-05T10:00:00+07:00"}
    assert phone.post(f"/api/v1/cases/{case_id}/follow-ups", json=note).status_code == 201
    assert phone.patch(f"/api/v1/cases/{case_id}", json={"base_version": 2, "narrative": "More."}).status_code == 200


def test_a_collaborator_unassigned_from_a_case_no_longer_sees_it(log_in, make_user, world):
    helper = make_user(role="collaborator", ward=WARD)
    case_id = world["case"]["id"]
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    officer.post(f"/api/v1/cases/{case_id}/assign", json={"base_version": 1, "collaborator_id": helper.id})
    officer.post(f"/api/v1/cases/{case_id}/assign", json={"base_version": 2, "collaborator_id": None})
    phone = log_in(helper)
    assert phone.get(f"/api/v1/cases/{case_id}").status_code == 404
    assert phone.get("/api/v1/cases").json["items"] == []


def test_a_ward_officer_sees_every_case_of_the_ward_and_only_those(log_in, make_user, make_case, world):
    ours = make_case(make_user(role="collaborator", ward=WARD))
    theirs = make_case(make_user(role="collaborator", ward=OTHER_WARD))
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    listed = officer.get("/api/v1/cases").json
    assert {item["id"] for item in listed["items"]} == {world["case"]["id"], ours["id"]}
    assert listed["total"] == 2
    assert officer.get(f"/api/v1/cases/{ours['id']}").status_code == 200
    assert officer.get(f"/api/v1/cases/{theirs['id']}").status_code == 404
    assert [item["id"] for item in officer.get("/api/v1/referrals").json["items"]] == [world["referral"]["id"]]


def test_a_collaborator_lists_only_their_own_cases(log_in, make_user, make_case, world):
    make_case(make_user(role="collaborator", ward=WARD))
    author = log_in(world["author"])
    assert [item["id"] for item in author.get("/api/v1/cases").json["items"]] == [world["case"]["id"]]
    assert author.get("/api/v1/cases").json["total"] == 1

