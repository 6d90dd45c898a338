"""Asking a shelter for beds, from a case's shelter referral. The host learns only what a bed needs (age
group, sex, child, disability), never who the survivor is; accepting takes the beds in one conditional
update, so that beds are never promised twice; the requester alone learns the address, once accepted."""
import uuid

import pytest

from server.cases.models import Referral
from server.db import database
from server.shelters.models import BedRequest, Shelter

from tests.cases.conftest import CANARY
from tests.conftest import OTHER_WARD, WARD, race
from tests.shelters.conftest import SECRET_ADDRESS, set_count

BED_REQUESTS = "/api/v1/bed-requests"
NEVER_FOR_A_HOST = [CANARY["name"], CANARY["phone"], CANARY["address"], CANARY["narrative"],
                    CANARY["safety_plan"], "physical_assault", "intimate_partner", "narrative", "incident"]


@pytest.fixture
def world(app, log_in, make_user, make_case, make_shelter, host_of):
    """A shelter with 5 free beds and its host; a collaborator's case with a shelter referral to it."""
    shelter = make_shelter(capacity=8, free_beds=5)
    author = make_user(role="collaborator", ward=WARD)
    case = make_case(author)
    phone = log_in(author)
    referral = phone.post(f"/api/v1/cases/{case['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "shelter", "organization_id": shelter.organization_id})
    assert referral.status_code == 201, referral.json
    host = host_of(shelter)
    return {"shelter": shelter, "author": author, "phone": phone, "case": case, "referral": referral.json,
            "host_user": host, "host": log_in(host)}


def ask(world, caller=None, referral=None, **body):
    referral_id = (referral or world["referral"])["id"]
    return (caller or world["phone"]).post(f"/api/v1/referrals/{referral_id}/bed-requests", json={
        "id": str(uuid.uuid4()), "shelter_id": world["shelter"].id, "beds": 1, **body})


@pytest.fixture
def bed_request(world):
    response = ask(world, beds=2, note="Mother and a baby; arriving by boat.")
    assert response.status_code == 201, response.json
    return response.json


def free_beds(world):
    with database.connection_context():
        return Shelter.select(Shelter.free_beds).where(Shelter.id == world["shelter"].id).scalar()


def stored_status(request_id):
    with database.connection_context():
        return BedRequest.select(BedRequest.status).where(BedRequest.id == uuid.UUID(request_id)).scalar()


def test_a_shelter_referral_asks_a_shelter_for_beds(world, bed_request):
    assert (bed_request["status"], bed_request["beds"], bed_request["note"]) == (
        "pending", 2, "Mother and a baby; arriving by boat.")
    assert bed_request["shelter"] == {"id": world["shelter"].id, "name": world["shelter"].name}
    assert (bed_request["referral_id"], bed_request["case_code"]) == (world["referral"]["id"], world["case"]["code"])
    assert bed_request["survivor"] == {"age_group": "25-59", "sex": "female", "is_child": False, "disability": False}
    assert bed_request["requested_by"] == {"id": world["author"].id, "display_name": world["author"].display_name}
    assert (bed_request["decline_reason"], bed_request["responded_at"], bed_request["address"]) == (None, None, None)


def test_the_same_request_sent_again_is_stored_once(world):
    body = {"id": str(uuid.uuid4()), "shelter_id": world["shelter"].id, "beds": 1}
    url = f"/api/v1/referrals/{world['referral']['id']}/bed-requests"
    first, again = world["phone"].post(url, json=body), world["phone"].post(url, json=body)
    assert (first.status_code, again.status_code, again.json) == (201, 200, first.json)
    with database.connection_context():
        assert BedRequest.select().count() == 1


def test_only_a_shelter_referral_asks_for_beds(world, make_organization):
    health = world["phone"].post(f"/api/v1/cases/{world['case']['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": make_organization(kind="health").id})
    response = ask(world, referral=health.json)
    assert (response.status_code, response.json["error"]["code"]) == (422, "validation_failed")
    with database.connection_context():
        assert BedRequest.select().count() == 0


@pytest.mark.parametrize("body, field", [
    ({"beds": 0}, "beds"), ({"beds": 11}, "beds"), ({"beds": "1"}, "beds"), ({"shelter_id": 999999}, "shelter_id"),
    ({"id": "not-a-uuid"}, "id"), ({"shelter_id": None}, "shelter_id"), ({"note": "x" * 2001}, "note"),
])
def test_a_bad_request_is_a_422_on_its_field(world, body, field):
    response = ask(world, **body)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]


def test_a_closed_shelter_is_not_asked(world, make_shelter):
    closed = make_shelter(free_beds=3, active=False)
    response = ask(world, shelter_id=closed.id)
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["shelter_id"])


@pytest.mark.parametrize("role, ward, status", [
    ("collaborator", OTHER_WARD, 404), ("ward_officer", OTHER_WARD, 404),
    ("collaborator", WARD, 404),  # a colleague of the same ward, who neither made nor was given the case
    ("provider", WARD, 403), ("shelter_host", WARD, 403), ("city_admin", WARD, 403),
])
def test_only_staff_who_see_the_referral_ask_for_beds(log_in, make_user, world, role, ward, status):
    response = ask(world, caller=log_in(make_user(role=role, ward=ward)))
    assert response.status_code == status
    with database.connection_context():
        assert BedRequest.select().count() == 0


def test_the_host_sees_the_request_with_what_a_bed_needs_and_nothing_of_who(world, bed_request):
    inbox = world["host"].get(BED_REQUESTS)
    assert inbox.status_code == 200
    (item,) = inbox.json["items"]
    assert item == bed_request
    text = inbox.get_data(as_text=True)
    assert [value for value in NEVER_FOR_A_HOST if value in text] == []
    assert set(item["survivor"]) == {"age_group", "sex", "is_child", "disability"}


def test_other_hosts_see_none_of_it(log_in, host_of, make_shelter, world, bed_request):
    stranger = log_in(host_of(make_shelter(free_beds=5)))
    assert stranger.get(BED_REQUESTS).json["items"] == []
    for action, body in (("accept", {}), ("decline", {"reason": "other"})):
        response = stranger.post(f"{BED_REQUESTS}/{bed_request['id']}/{action}", json=body)
        assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")
    assert (stored_status(bed_request["id"]), free_beds(world)) == ("pending", 5)


def test_requests_filter_by_status(world, bed_request):
    other = ask(world).json
    world["host"].post(f"{BED_REQUESTS}/{bed_request['id']}/accept", json={})
    for status, expected in (("accepted", [bed_request["id"]]), ("pending", [other["id"]]), ("declined", [])):
        assert [i["id"] for i in world["host"].get(f"{BED_REQUESTS}?status={status}").json["items"]] == expected
    assert world["host"].get(f"{BED_REQUESTS}?status=maybe").status_code == 422


def test_accepting_takes_the_beds(log_in, make_user, world, bed_request):
    response = world["host"].post(f"{BED_REQUESTS}/{bed_request['id']}/accept", json={})
    assert response.status_code == 200
    assert response.json["status"] == "accepted" and response.json["responded_at"] is not None
    assert free_beds(world) == 3
    (item,) = log_in(make_user(role="collaborator")).get("/api/v1/shelters/staff").json["items"]
    assert (item["free_beds"], item["status"]) == (3, "available")


@pytest.mark.parametrize("beds_free", [1, 0, None])
def test_without_enough_beds_the_request_stays_pending(app, world, bed_request, beds_free):
    set_count(app, world["shelter"].id, beds_free)
    response = world["host"].post(f"{BED_REQUESTS}/{bed_request['id']}/accept", json={})
    assert (response.status_code, response.json["error"]["code"]) == (409, "no_capacity")
    assert (stored_status(bed_request["id"]), free_beds(world)) == ("pending", beds_free)


def test_declining_gives_a_reason_and_keeps_the_beds(world, bed_request):
    response = world["host"].post(f"{BED_REQUESTS}/{bed_request['id']}/decline",
                                  json={"reason": "location_unsafe", "note": "Her husband knows this street."})
    assert response.status_code == 200
    assert (response.json["status"], response.json["decline_reason"]) == ("declined", "location_unsafe")
    assert response.json["response_note"] == "Her husband knows this street."
    assert free_beds(world) == 5


@pytest.mark.parametrize("body", [{}, {"reason": "busy"}, {"reason": None}])
def test_a_decline_needs_a_known_reason(world, bed_request, body):
    response = world["host"].post(f"{BED_REQUESTS}/{bed_request['id']}/decline", json=body)
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["reason"])
    assert stored_status(bed_request["id"]) == "pending"


def test_only_the_requester_cancels(log_in, make_user, world, bed_request):
    officer = log_in(make_user(role="ward_officer", ward=WARD))
    assert officer.get(BED_REQUESTS).json["items"][0]["id"] == bed_request["id"]  # sees it, but did not ask
    for caller in (officer, world["host"]):
        assert caller.post(f"{BED_REQUESTS}/{bed_request['id']}/cancel", json={}).status_code == 403
    response = world["phone"].post(f"{BED_REQUESTS}/{bed_request['id']}/cancel", json={})
    assert (response.status_code, response.json["status"]) == (200, "cancelled")


def test_the_requester_cannot_answer_their_own_request(world, bed_request):
    for action, body in (("accept", {}), ("decline", {"reason": "other"})):
        assert world["phone"].post(f"{BED_REQUESTS}/{bed_request['id']}/{action}", json=body).status_code == 403
    assert stored_status(bed_request["id"]) == "pending"


ACCEPT = ("host", "accept", {})
DECLINE = ("host", "decline", {"reason": "survivor_declined"})
CANCEL = ("phone", "cancel", {})

TRANSITIONS = {
    "accept twice": ([ACCEPT, ACCEPT], [200, 409], "accepted", 3),
    "decline after accepting": ([ACCEPT, DECLINE], [200, 409], "accepted", 3),
    "cancel after accepting": ([ACCEPT, CANCEL], [200, 409], "accepted", 3),
    "accept after declining": ([DECLINE, ACCEPT], [200, 409], "declined", 5),
    "decline twice": ([DECLINE, DECLINE], [200, 409], "declined", 5),
    "cancel after declining": ([DECLINE, CANCEL], [200, 409], "declined", 5),
    "accept after cancelling": ([CANCEL, ACCEPT], [200, 409], "cancelled", 5),
    "decline after cancelling": ([CANCEL, DECLINE], [200, 409], "cancelled", 5),
    "cancel twice": ([CANCEL, CANCEL], [200, 409], "cancelled", 5),
}


@pytest.mark.parametrize("steps, statuses, final, beds_left", TRANSITIONS.values(), ids=TRANSITIONS)
def test_a_request_moves_only_from_pending(world, bed_request, steps, statuses, final, beds_left):
    answers = [world[who].post(f"{BED_REQUESTS}/{bed_request['id']}/{action}", json=body)
               for who, action, body in steps]
    assert [answer.status_code for answer in answers] == statuses
    assert all(a.json["error"]["code"] == "invalid_transition" for a in answers if a.status_code == 409)
    assert (stored_status(bed_request["id"]), free_beds(world)) == (final, beds_left)


def test_only_the_requester_learns_the_address_and_only_once_accepted(log_in, make_user, world, bed_request):
    officer = log_in(make_user(role="ward_officer", ward=WARD))

    def addresses():
        return [caller.get(BED_REQUESTS).json["items"][0]["address"]
                for caller in (world["phone"], officer, world["host"])]

    assert addresses() == [None, None, None]
    accepted = world["host"].post(f"{BED_REQUESTS}/{bed_request['id']}/accept", json={})
    assert accepted.json["address"] is None  # the host's own copy: they know where they live
    assert addresses() == [SECRET_ADDRESS, None, None]
    assert SECRET_ADDRESS not in officer.get(BED_REQUESTS).get_data(as_text=True)


def test_a_declined_request_never_shows_the_address(world, bed_request):
    world["host"].post(f"{BED_REQUESTS}/{bed_request['id']}/decline", json={"reason": "no_capacity"})
    assert SECRET_ADDRESS not in world["phone"].get(BED_REQUESTS).get_data(as_text=True)


# Many requests for the last beds at once.

CONTENDERS = 20


def test_concurrent_acceptances_never_promise_more_beds_than_there_are(log_in, world):
    """20 requests of one bed, 5 free beds, every host's tap at the same moment (one client each): exactly
    5 are accepted, the others are told there is no room and stay pending, and the count ends at 0."""
    requests = [ask(world).json["id"] for _ in range(CONTENDERS)]
    clients = [log_in(world["host_user"]) for _ in requests]
    answers = race(*[lambda client=client, request_id=request_id: client.post(f"{BED_REQUESTS}/{request_id}/accept")
                     for client, request_id in zip(clients, requests, strict=True)])
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * 5 + [409] * 15, [a.json for a in answers if a.status_code not in (200, 409)]
    assert {a.json["error"]["code"] for a in answers if a.status_code == 409} == {"no_capacity"}
    assert free_beds(world) == 0
    assert sorted(stored_status(request_id) for request_id in requests) == ["accepted"] * 5 + ["pending"] * 15


def test_only_a_shelter_of_the_referrals_organisation_can_be_asked(world, make_shelter):
    """The survivor agreed to share with the organisation the referral names, not with every shelter."""
    elsewhere = make_shelter(capacity=4, free_beds=4)
    response = ask(world, shelter_id=elsewhere.id)
    assert response.status_code == 422
    assert "shelter_id" in response.json["error"]["fields"]
    with database.connection_context():
        assert BedRequest.select().count() == 0


def test_a_rejected_referral_asks_no_shelter(world):
    with database.connection_context():
        Referral.update(status="rejected").where(Referral.id == uuid.UUID(world["referral"]["id"])).execute()
    response = ask(world)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "invalid_transition"
