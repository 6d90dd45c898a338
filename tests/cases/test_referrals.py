"""Referrals: made only with the survivor's consent to share, to an organisation that gives the service;
seen by a provider with the few case fields the service needs and nothing of the story; moved on by the
provider only, from the right state only (in_progress -> accepted | rejected, accepted -> done)."""
import threading
import uuid

import pytest

from server.cases.models import Referral

from tests.cases.conftest import CANARY
from tests.conftest import WARD

FOLLOW_UP_CANARY = "Canary follow-up: he came back drunk"
WRONG_KIND = ("Tổ chức này không cung cấp dịch vụ đã chọn.", "This organisation does not give this service.")


@pytest.fixture
def world(log_in, make_user, make_organization, make_case):
    author = make_user(role="collaborator", ward=WARD)
    case = make_case(author, incident={"gbv_type": "forced_marriage", "contexts": ["trafficking"],
                                       "perpetrator_relationship": "former_partner",
                                       "incident_date": "2026-02-11", "report_date": "2026-02-13"})
    phone = log_in(author)
    phone.post(f"/api/v1/cases/{case['id']}/follow-ups", json={
        "id": str(uuid.uuid4()), "note": FOLLOW_UP_CANARY, "occurred_at": "2026-03-05T10:00:00+07:00"})
    health = make_organization(kind="health", ward=WARD)
    return {"author": author, "phone": phone, "case": case, "health": health,
            "provider": make_user(role="provider", organization=health)}


def refer(world, service_type="health", organization=None, **extra):
    organization_id = (organization or world["health"]).id
    return world["phone"].post(f"/api/v1/cases/{world['case']['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": service_type, "organization_id": organization_id, **extra})


@pytest.fixture
def referral(world):
    response = refer(world, note="Needs a check-up and a medical certificate.")
    assert response.status_code == 201, response.json
    return response.json


# Making a referral.

def test_a_referral_starts_in_progress_and_shows_on_the_case(world, referral):
    assert (referral["status"], referral["version"], referral["case_code"]) == ("in_progress", 1,
                                                                                 world["case"]["code"])
    assert referral["organization"]["id"] == world["health"].id
    assert (referral["rejection_reason"], referral["outcome"], referral["response_note"]) == (None, None, None)
    case = world["phone"].get(f"/api/v1/cases/{world['case']['id']}").json
    assert [item["id"] for item in case["referrals"]] == [referral["id"]]


def test_the_same_referral_sent_again_is_stored_once(world, count):
    body = {"id": str(uuid.uuid4()), "service_type": "health", "organization_id": world["health"].id}
    url = f"/api/v1/cases/{world['case']['id']}/referrals"
    first, again = world["phone"].post(url, json=body), world["phone"].post(url, json=body)
    assert (first.status_code, again.status_code, again.json) == (201, 200, first.json)
    assert count(Referral) == 1


@pytest.mark.parametrize("headers, message", [
    ({}, "Người bị bạo lực chưa đồng ý chia sẻ thông tin với cơ sở dịch vụ, nên chưa thể chuyển gửi."),
    ({"Accept-Language": "en"}, "The survivor has not consented to sharing with services, so no referral can be made."),
])
def test_no_referral_without_consent_to_share(log_in, make_user, make_organization, make_case, count, headers,
                                              message):
    author = make_user(role="collaborator", ward=WARD)
    case = make_case(author, consent={"share_with_services": False, "statistics": True})
    # A copy: the test client adds its CSRF header to the dict it is given, and this one is shared.
    response = log_in(author).post(f"/api/v1/cases/{case['id']}/referrals", headers=dict(headers), json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": make_organization(kind="health").id})
    assert response.status_code == 422
    assert (response.json["error"]["code"], response.json["error"]["message"]) == ("consent_required", message)
    assert count(Referral) == 0


@pytest.mark.parametrize("service_type, kind", [
    ("health", "legal_aid"), ("legal_aid", "health"), ("police", "social_work"), ("shelter", "health"),
    ("social_assistance", "health"), ("psychosocial", "police"),
])
def test_the_organisation_must_give_the_service(world, make_organization, count, service_type, kind):
    organization = make_organization(kind=kind)
    for headers, expected in [({}, WRONG_KIND[0]), ({"Accept-Language": "en"}, WRONG_KIND[1])]:
        response = world["phone"].post(f"/api/v1/cases/{world['case']['id']}/referrals", headers=headers, json={
            "id": str(uuid.uuid4()), "service_type": service_type, "organization_id": organization.id})
        assert response.status_code == 422
        assert response.json["error"]["fields"] == {"organization_id": [expected]}
    assert count(Referral) == 0


def test_an_unknown_organisation_is_refused_on_its_field(world, count):
    response = world["phone"].post(f"/api/v1/cases/{world['case']['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": 999999})
    assert response.json["error"]["fields"] == {"organization_id": [WRONG_KIND[0]]}
    assert count(Referral) == 0


@pytest.mark.parametrize("service_type, kind", [
    ("health", "health"), ("psychosocial", "social_work"), ("psychosocial", "health"), ("legal_aid", "legal_aid"),
    ("police", "police"), ("shelter", "shelter"), ("social_assistance", "social_work"),
])
def test_each_service_goes_to_its_kinds_of_organisation(world, make_organization, service_type, kind):
    assert refer(world, service_type, make_organization(kind=kind)).status_code == 201


def test_a_closed_case_is_not_referred(world, count):
    world["phone"].post(f"/api/v1/cases/{world['case']['id']}/close",
                        json={"base_version": 1, "closure_reason": "needs_met"})
    response = refer(world)
    assert (response.status_code, response.json["error"]["code"]) == (409, "case_closed")
    assert count(Referral) == 0


# What each role sees of a referral.

NEVER_FOR_A_PROVIDER = [CANARY["address"], CANARY["narrative"], CANARY["safety_plan"], FOLLOW_UP_CANARY,
                        "narrative", "address", "safety_plan", "incident", "follow_ups", "forced_marriage",
                        "trafficking", "former_partner", "2026-02-11", "ethnic_minority", "consent"]


def test_a_provider_sees_its_inbox_with_the_minimal_case_block(log_in, world, referral):
    inbox = log_in(world["provider"]).get("/api/v1/referrals")
    assert inbox.status_code == 200
    (item,) = inbox.json["items"]
    assert item["id"] == referral["id"]
    assert item["case"] == {
        "code": world["case"]["code"], "risk_level": "medium",
        "survivor": {"name": CANARY["name"], "phone": CANARY["phone"], "age_group": "25-59", "sex": "female",
                     "disability": False, "is_child": False},
    }
    one = log_in(world["provider"]).get(f"/api/v1/referrals/{referral['id']}")
    assert one.json == item
    for response in (inbox, one):
        text = response.get_data(as_text=True)
        assert [value for value in NEVER_FOR_A_PROVIDER if value in text] == []


def test_another_organisations_provider_sees_none_of_it(log_in, make_user, world, referral):
    stranger = log_in(make_user(role="provider"))
    assert stranger.get("/api/v1/referrals").json["items"] == []
    response = stranger.get(f"/api/v1/referrals/{referral['id']}")
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")
    assert CANARY["name"] not in response.get_data(as_text=True)


def test_the_referred_provider_cannot_open_the_case_itself(log_in, world, referral):
    provider = log_in(world["provider"])
    for path in ["", "/follow-ups"]:
        response = provider.get(f"/api/v1/cases/{world['case']['id']}{path}")
        assert response.status_code == 403
        assert CANARY["narrative"] not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["author", "ward_officer"])
def test_ward_staff_see_their_referrals_without_the_case_block(log_in, make_user, world, referral, role):
    caller = world["phone"] if role == "author" else log_in(make_user(role="ward_officer", ward=WARD))
    (item,) = caller.get("/api/v1/referrals").json["items"]
    assert item == referral
    assert "case" not in item
    assert caller.get(f"/api/v1/referrals/{referral['id']}").json == referral


def test_referrals_filter_by_status(log_in, world, referral):
    provider = log_in(world["provider"])
    other = refer(world).json
    provider.post(f"/api/v1/referrals/{referral['id']}/accept", json={})
    accepted = provider.get("/api/v1/referrals?status=accepted").json["items"]
    in_progress = world["phone"].get("/api/v1/referrals?status=in_progress").json["items"]
    assert ([item["id"] for item in accepted], [item["id"] for item in in_progress]) == ([referral["id"]],
                                                                                         [other["id"]])


# Moving a referral on.

ACCEPT = ("accept", {})
REJECT = ("reject", {"reason": "lack_of_capacity", "note": "No doctor this week."})
COMPLETE = ("complete", {"outcome": "success", "note": "Examined; certificate issued."})

TRANSITIONS = {
    "accept": ([ACCEPT], [200], "accepted"),
    "reject with a reason": ([REJECT], [200], "rejected"),
    "accept then complete": ([ACCEPT, COMPLETE], [200, 200], "done"),
    "accept twice": ([ACCEPT, ACCEPT], [200, 409], "accepted"),
    "complete before accepting": ([COMPLETE], [409], "in_progress"),
    "reject after accepting": ([ACCEPT, REJECT], [200, 409], "accepted"),
    "accept after rejecting": ([REJECT, ACCEPT], [200, 409], "rejected"),
    "complete after rejecting": ([REJECT, COMPLETE], [200, 409], "rejected"),
    "complete twice": ([ACCEPT, COMPLETE, COMPLETE], [200, 200, 409], "done"),
    "reject when done": ([ACCEPT, COMPLETE, REJECT], [200, 200, 409], "done"),
}


@pytest.mark.parametrize("steps, statuses, final", TRANSITIONS.values(), ids=TRANSITIONS)
def test_a_referral_moves_only_from_the_right_state(log_in, world, referral, steps, statuses, final):
    provider = log_in(world["provider"])
    answers = [provider.post(f"/api/v1/referrals/{referral['id']}/{action}", json=body) for action, body in steps]
    assert [answer.status_code for answer in answers] == statuses
    assert all(a.json["error"]["code"] == "invalid_transition" for a in answers if a.status_code == 409)
    current = provider.get(f"/api/v1/referrals/{referral['id']}").json
    assert (current["status"], current["version"]) == (final, 1 + statuses.count(200))
    if final == "rejected":
        assert (current["rejection_reason"], current["response_note"]) == ("lack_of_capacity", REJECT[1]["note"])
    if final == "done":
        assert (current["outcome"], current["response_note"]) == ("success", COMPLETE[1]["note"])


@pytest.mark.parametrize("action, body, field", [
    ("reject", {}, "reason"), ("reject", {"reason": "busy"}, "reason"),
    ("complete", {}, "outcome"), ("complete", {"outcome": "maybe"}, "outcome"),
])
def test_a_rejection_needs_a_reason_and_a_completion_an_outcome(log_in, world, referral, action, body, field):
    provider = log_in(world["provider"])
    provider.post(f"/api/v1/referrals/{referral['id']}/accept", json={})
    response = provider.post(f"/api/v1/referrals/{referral['id']}/{action}", json=body)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]
    assert provider.get(f"/api/v1/referrals/{referral['id']}").json["status"] == "accepted"


@pytest.mark.parametrize("role", ["author", "ward_officer"])
def test_only_providers_move_a_referral(log_in, make_user, world, referral, role):
    caller = world["phone"] if role == "author" else log_in(make_user(role="ward_officer", ward=WARD))
    for action, body in (ACCEPT, REJECT, COMPLETE):
        response = caller.post(f"/api/v1/referrals/{referral['id']}/{action}", json=body)
        assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden"), action
    assert caller.get(f"/api/v1/referrals/{referral['id']}").json["status"] == "in_progress"


def test_two_providers_accepting_at_once_succeed_once(app, log_in, make_user, world, referral):
    colleagues = [log_in(world["provider"]), log_in(make_user(role="provider", organization=world["health"]))]
    barrier = threading.Barrier(len(colleagues))
    statuses = []

    def accept(client):
        barrier.wait()
        statuses.append(client.post(f"/api/v1/referrals/{referral['id']}/accept", json={}).status_code)

    threads = [threading.Thread(target=accept, args=(client,)) for client in colleagues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409]
    current = colleagues[0].get(f"/api/v1/referrals/{referral['id']}").json
    assert (current["status"], current["version"]) == ("accepted", 2)
