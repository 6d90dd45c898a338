"""Shelter writes that meet at the same moment (DESIGN §4, §5): a phone on patchy 3G retrying before the
first answer came back, and two observations of one shelter arriving together. What is asserted is the
outcome, which must hold however the requests interleave, on SQLite and on PostgreSQL. Each contender has
its own test client and thread, released together by a barrier."""
import uuid
from datetime import timedelta

import pytest

from server.clock import city_now, now_utc
from server.db import database
from server.shelters.models import AvailabilityObservation, BedRequest, Shelter

from tests.conftest import WARD, race
from tests.shelters.conftest import set_count

ROUNDS = 5  # several races: each must end the same way


@pytest.fixture
def shelter(make_shelter):
    return make_shelter(capacity=8, free_beds=5)


@pytest.fixture
def hosts(log_in, host_of, shelter):
    """Two clients of one host (the same phone retrying), and a colleague's."""
    host = host_of(shelter)
    return log_in(host), log_in(host), log_in(host_of(shelter))


def rows(model):
    with database.connection_context():
        return model.select().count()


def test_a_count_sent_twice_at_once_is_kept_once_and_answered_alike(hosts, shelter):
    """Replaying the key answers the same (DESIGN §5): a retry racing its original must not come back as
    a 409, which the outbox would show to the host as a failed update."""
    url = f"/api/v1/shelters/{shelter.id}/availability"
    for round_number in range(ROUNDS):
        body = {"key": str(uuid.uuid4()), "free_beds": round_number,
                "observed_at": city_now().isoformat()}
        first, second = race(*[lambda client=client, body=body: client.post(url, json=body)
                                     for client in hosts[:2]])
        assert (first.status_code, second.status_code) == (200, 200), [first.json, second.json]
        assert first.json["applied"] == second.json["applied"] is True
    assert rows(AvailabilityObservation) == ROUNDS


def test_of_two_counts_arriving_together_the_later_observed_wins(app, hosts, shelter):
    url = f"/api/v1/shelters/{shelter.id}/availability"
    start = city_now() - timedelta(hours=1)
    set_count(app, shelter.id, 5, observed_at=now_utc() - timedelta(hours=2))
    for round_number in range(ROUNDS):
        earlier = start + timedelta(minutes=2 * round_number)
        later = earlier + timedelta(minutes=1)
        bodies = [{"key": str(uuid.uuid4()), "free_beds": beds, "observed_at": moment.isoformat()}
                  for beds, moment in ((1, earlier), (4, later))]
        answers = race(*[lambda client=client, body=body: client.post(url, json=body)
                         for client, body in zip((hosts[0], hosts[2]), bodies, strict=True)])
        assert [answer.status_code for answer in answers] == [200, 200]
        assert answers[1].json["applied"] is True
        with database.connection_context():
            stored = Shelter.select(Shelter.free_beds).where(Shelter.id == shelter.id).scalar()
        assert stored == 4


@pytest.fixture
def shelter_referral(log_in, make_user, make_case, shelter):
    author = make_user(role="collaborator", ward=WARD)
    case = make_case(author)
    response = log_in(author).post(f"/api/v1/cases/{case['id']}/referrals", json={
        "id": str(uuid.uuid4()), "service_type": "shelter", "organization_id": shelter.organization_id})
    assert response.status_code == 201, response.json
    return author, response.json


def test_a_bed_request_sent_twice_at_once_by_its_author_is_stored_once(log_in, shelter, shelter_referral):
    """As for cases, follow-ups and referrals: one answer 201, the other 200 with the same request."""
    author, referral = shelter_referral
    clients = log_in(author), log_in(author)
    url = f"/api/v1/referrals/{referral['id']}/bed-requests"
    for _ in range(ROUNDS):
        body = {"id": str(uuid.uuid4()), "shelter_id": shelter.id, "beds": 1}
        first, second = race(*[lambda client=client, body=body: client.post(url, json=body)
                                     for client in clients])
        assert sorted([first.status_code, second.status_code]) == [200, 201], [first.json, second.json]
        assert first.json == second.json
    assert rows(BedRequest) == ROUNDS


def test_accepting_and_cancelling_at_once_ends_one_way(log_in, hosts, shelter, shelter_referral):
    author, referral = shelter_referral
    requester = log_in(author)
    url = f"/api/v1/referrals/{referral['id']}/bed-requests"
    for _ in range(ROUNDS):
        request_id = requester.post(url, json={"id": str(uuid.uuid4()), "shelter_id": shelter.id}).json["id"]
        accept_url, cancel_url = (f"/api/v1/bed-requests/{request_id}/{action}" for action in ("accept", "cancel"))
        accept, cancel = race(lambda url=accept_url: hosts[0].post(url, json={}),
                              lambda url=cancel_url: requester.post(url, json={}))
        assert sorted([accept.status_code, cancel.status_code]) == [200, 409]
    with database.connection_context():
        accepted = BedRequest.select().where(BedRequest.status == "accepted").count()
        free = Shelter.select(Shelter.free_beds).where(Shelter.id == shelter.id).scalar()
    assert free == 5 - accepted
