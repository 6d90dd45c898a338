"""Two people changing one case at the same moment (DESIGN §6): exactly one wins, the other gets 409 with
the winner's copy, and the version counts one change, never two and never a lost one. Each contender has
its own test client and thread, released together by a barrier; what is asserted is the outcome, which
must hold however the two requests interleave (on SQLite and on PostgreSQL).
"""
import uuid

import pytest

from server.cases.models import Case, FollowUp, Referral

from tests.cases.conftest import build_case_body
from tests.conftest import WARD, race

ROUNDS = 5  # several races on one case: each must end the same way


@pytest.fixture
def author(make_user):
    return make_user(role="collaborator", ward=WARD)


@pytest.fixture
def contenders(log_in, make_user, author):
    """The collaborator who recorded the case (on their phone) and their ward officer (at the office)."""
    return log_in(author), log_in(make_user(role="ward_officer", ward=WARD))


@pytest.fixture
def retries(log_in, author):
    """Two clients of the same person (a test client is not shared between threads)."""
    return log_in(author), log_in(author)


@pytest.fixture
def case(contenders):
    response = contenders[0].post("/api/v1/cases", json=build_case_body())
    assert response.status_code == 201
    return response.json


def test_two_updates_from_the_same_version_one_wins(contenders, case, stored_case):
    url = f"/api/v1/cases/{case['id']}"
    for base in range(1, ROUNDS + 1):
        words = [f"round {base}: the phone's words", f"round {base}: the office's words"]
        responses = race(*[
            (lambda client=client, text=text, base=base: client.patch(url, json={"base_version": base,
                                                                                  "narrative": text}))
            for client, text in zip(contenders, words, strict=True)])
        assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
        winner = next(r for r in responses if r.status_code == 200).json
        loser = next(r for r in responses if r.status_code == 409).json
        assert winner["version"] == base + 1
        assert loser["error"]["code"] == "version_conflict"
        assert loser["current"]["version"] == base + 1
        assert loser["current"]["narrative"] == winner["narrative"] in words
        stored = stored_case(case["id"])
        assert (stored.version, stored.narrative) == (base + 1, winner["narrative"])


def test_closing_while_someone_edits_keeps_one_of_the_two(contenders, case, stored_case):
    phone, office = contenders
    url = f"/api/v1/cases/{case['id']}"
    edit, close = race(
        lambda: phone.patch(url, json={"base_version": 1, "narrative": "Edited at the door."}),
        lambda: office.post(f"{url}/close", json={"base_version": 1, "closure_reason": "needs_met"}))
    assert sorted([edit.status_code, close.status_code]) == [200, 409]
    stored = stored_case(case["id"])
    assert stored.version == 2
    if close.status_code == 200:
        assert edit.json["error"]["code"] in ("version_conflict", "case_closed")
        assert (stored.status, stored.narrative) == ("closed", case["narrative"])
    else:
        assert close.json["error"]["code"] == "version_conflict"
        assert (stored.status, stored.narrative) == ("new", "Edited at the door.")


def new_record(kind, case_id, organization_id):
    """(url, body) of a new record of ``kind``, with a fresh client-made id."""
    if kind == "case":
        return "/api/v1/cases", build_case_body()
    if kind == "follow-up":
        return f"/api/v1/cases/{case_id}/follow-ups", {
            "id": str(uuid.uuid4()), "note": "Visited.", "occurred_at": "2026-03-05T10:00:00+07:00"}
    return f"/api/v1/cases/{case_id}/referrals", {
        "id": str(uuid.uuid4()), "service_type": "health", "organization_id": organization_id}


@pytest.mark.parametrize("kind, model", [("case", Case), ("follow-up", FollowUp), ("referral", Referral)])
def test_a_record_sent_twice_at_once_by_its_author_is_stored_once(retries, case, make_organization, count,
                                                                   kind, model):
    """A phone on patchy 3G that retries before the first answer came back: both are the same record, so
    one answer is 201 and the other 200 with it (never 409, which the outbox would show as a failure)."""
    organization_id = make_organization(kind="health").id
    before = count(model)
    for _ in range(ROUNDS):
        url, body = new_record(kind, case["id"], organization_id)
        first, second = race(*[lambda client=client, url=url, body=body: client.post(url, json=body)
                                for client in retries])
        assert sorted([first.status_code, second.status_code]) == [200, 201], [first.json, second.json]
        assert first.json == second.json
    assert count(model) == before + ROUNDS
