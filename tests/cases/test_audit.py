"""The audit trail of case data (DESIGN §8): every read and every write leaves one event naming who, what,
which record and which ward, and never a word of what the survivor told us."""
import json
import uuid

import pytest

from server.audit.models import AuditEvent
from server.db import database

from tests.cases.conftest import CANARY
from tests.conftest import WARD

NOTE_CANARY = "Canary note: she is staying at her sister's"
REFERRAL_CANARY = "Canary referral: bruises on both arms"
RESPONSE_CANARY = "Canary response: examined by Dr. Canary"
NEW_NAME_CANARY = "Canary Văn Mới"


def note_body(text=NOTE_CANARY):
    return {"id": str(uuid.uuid4()), "note": text, "occurred_at": "2026-03-05T10:00:00+07:00"}


@pytest.fixture
def world(log_in, make_user, make_organization, make_case):
    author = make_user(role="collaborator", ward=WARD)
    officer = make_user(role="ward_officer", ward=WARD)
    health = make_organization(kind="health", ward=WARD)
    provider = make_user(role="provider", organization=health)
    case = make_case(author)
    phone = log_in(author)
    referral = phone.post(f"/api/v1/cases/{case['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": health.id,
        "note": REFERRAL_CANARY}).json
    return {"author": author, "officer": officer, "provider": provider, "helper": make_user(ward=WARD),
            "case": case, "referral": referral, "health": health,
            "clients": {"author": phone, "officer": log_in(officer), "provider": log_in(provider)}}


def case_url(world, rest=""):
    return f"/api/v1/cases/{world['case']['id']}{rest}"


def referral_url(world, rest=""):
    return f"/api/v1/referrals/{world['referral']['id']}{rest}"


# Each row: who acts, the request, the action expected, the target ("case", "referral" or None for a list).
ACTIONS = {
    "create a case": ("author", lambda w, case_body: ("post", "/api/v1/cases", case_body()),
                      "case.created", "new case"),
    "read a case": ("officer", lambda w, _: ("get", case_url(w), None), "case.read", "case"),
    "list cases": ("officer", lambda w, _: ("get", "/api/v1/cases", None), "case.listed", None),
    "update a case": ("author", lambda w, _: ("patch", case_url(w), {
        "base_version": 1, "survivor": {"name": NEW_NAME_CANARY, "age_group": "25-59", "sex": "female"}}),
        "case.updated", "case"),
    "assign a case": ("officer", lambda w, _: ("post", case_url(w, "/assign"), {
        "base_version": 1, "collaborator_id": w["helper"].id}), "case.assigned", "case"),
    "close a case": ("author", lambda w, _: ("post", case_url(w, "/close"), {
        "base_version": 1, "closure_reason": "needs_met"}), "case.closed", "case"),
    "add a follow-up": ("author", lambda w, _: ("post", case_url(w, "/follow-ups"), note_body()),
                        "followup.created", "case"),
    "list follow-ups": ("author", lambda w, _: ("get", case_url(w, "/follow-ups"), None), "followup.listed", "case"),
    "refer": ("author", lambda w, _: ("post", case_url(w, "/referrals"), {
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": w["health"].id,
        "note": REFERRAL_CANARY}), "referral.created", "new referral"),
    "list referrals as the provider": ("provider", lambda w, _: ("get", "/api/v1/referrals", None),
                                       "referral.listed", None),
    "list referrals as the officer": ("officer", lambda w, _: ("get", "/api/v1/referrals", None),
                                      "referral.listed", None),
    "list referrals as the author": ("author", lambda w, _: ("get", "/api/v1/referrals", None),
                                     "referral.listed", None),
    "read a referral": ("provider", lambda w, _: ("get", referral_url(w), None), "referral.read", "referral"),
    "accept a referral": ("provider", lambda w, _: ("post", referral_url(w, "/accept"), {}),
                          "referral.accepted", "referral"),
    "reject a referral": ("provider", lambda w, _: ("post", referral_url(w, "/reject"), {
        "reason": "other", "note": RESPONSE_CANARY}), "referral.rejected", "referral"),
}


def events(action):
    with database.connection_context():
        return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


@pytest.mark.parametrize("who, request_of, action, target", ACTIONS.values(), ids=ACTIONS)
def test_every_read_and_write_leaves_one_event(world, case_body, who, request_of, action, target):
    before = len(events(action))
    method, path, body = request_of(world, case_body)
    response = getattr(world["clients"][who], method)(path, json=body)
    assert response.status_code in (200, 201), response.json
    new = events(action)[before:]
    assert len(new) == 1, action
    (event,) = new
    actor = world[who]
    assert event.actor_id == actor.id
    expected_target = {
        "case": ("Case", world["case"]["id"]), "referral": ("Referral", world["referral"]["id"]),
        "new case": ("Case", response.json.get("id")), "new referral": ("Referral", response.json.get("id")),
        None: (None, None),
    }[target]
    assert (event.target_type, event.target_id) == expected_target
    # A record's event names its ward; a list's, the ward it was read in (a provider has none) and the ids.
    assert event.ward_code == (None if actor.role == "provider" and target is None else WARD)
    if target is None:
        listed = [item["id"] for item in response.json["items"]]
        assert listed and sorted(listed) == sorted(next(iter(json.loads(event.details).values())))


def test_completing_and_reopening_are_audited_too(world):
    provider, officer = world["clients"]["provider"], world["clients"]["officer"]
    provider.post(referral_url(world, "/accept"), json={})
    assert provider.post(referral_url(world, "/complete"), json={"outcome": "success"}).status_code == 200
    officer.post(case_url(world, "/close"), json={"base_version": 1, "closure_reason": "other"})
    assert officer.post(case_url(world, "/reopen"), json={"base_version": 2}).status_code == 200
    (completed,) = events("referral.completed")
    (reopened,) = events("case.reopened")
    assert (completed.actor_id, completed.target_id, completed.ward_code) == (
        world["provider"].id, world["referral"]["id"], WARD)
    assert json.loads(completed.details) == {"outcome": "success"}
    assert (reopened.actor_id, reopened.target_id, reopened.ward_code) == (world["officer"].id,
                                                                           world["case"]["id"], WARD)


def test_the_trail_holds_no_personal_data(world, case_body):
    for who, request_of, _action, _target in ACTIONS.values():
        method, path, body = request_of(world, case_body)
        getattr(world["clients"][who], method)(path, json=body)
    world["clients"]["provider"].post(referral_url(world, "/complete"), json={"outcome": "success",
                                                                              "note": RESPONSE_CANARY})
    canaries = [*CANARY.values(), NOTE_CANARY, REFERRAL_CANARY, RESPONSE_CANARY, NEW_NAME_CANARY]
    # Both as written and as JSON would escape them: either way they must be absent.
    needles = canaries + [json.dumps(text)[1:-1] for text in canaries] + ["Canary"]
    with database.connection_context():
        trail = list(AuditEvent.select())
    assert len(trail) > len(ACTIONS)
    for event in trail:
        row = " ".join(str(value) for value in event.__data__.values())
        assert [needle for needle in needles if needle in row] == [], event.action
