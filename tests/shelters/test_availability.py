"""A host's count of free beds (DESIGN §4): one tap on the phone, often sent later from the outbox. Only the
shelter's hosts report it; the latest observation wins by when it was observed, not when it arrived; every
observation is kept as history; a replay applies nothing twice; staff then see the count and its age."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from server.clock import city_now
from server.db import database
from server.shelters.models import AvailabilityObservation

from tests.cases.conftest import build_case_body
from tests.conftest import OTHER_WARD, WARD
from tests.shelters.conftest import SECRET_ADDRESS, SECRET_PHONE

CAN_THO = timezone(timedelta(hours=7))
SYNC = "/api/v1/sync"


def url(shelter):
    return f"/api/v1/shelters/{shelter.id}/availability"


def report(free_beds, observed_at=None, key=None):
    """The body a host's phone sends: observed_at with its offset, as the PWA writes it."""
    observed_at = observed_at or city_now()
    return {"key": key or str(uuid.uuid4()), "free_beds": free_beds,
            "observed_at": observed_at.astimezone(CAN_THO).isoformat()}


def observations():
    with database.connection_context():
        return list(AvailabilityObservation.select().order_by(AvailabilityObservation.observed_at).dicts())


@pytest.fixture
def shelter(make_shelter):
    return make_shelter(capacity=6)


@pytest.fixture
def host(log_in, host_of, shelter):
    return log_in(host_of(shelter))


def test_the_host_reports_the_count_of_their_shelter(host, shelter, shelter_row):
    sent = report(3)
    response = host.post(url(shelter), json=sent)
    assert response.status_code == 200
    assert response.json["applied"] is True
    mine = response.json["shelter"]
    assert (mine["id"], mine["free_beds"], mine["capacity"], mine["status"]) == (shelter.id, 3, 6, "available")
    assert (mine["address"], mine["host_phone"]) == (SECRET_ADDRESS, SECRET_PHONE)
    assert datetime.fromisoformat(mine["observed_at"]) == datetime.fromisoformat(sent["observed_at"])
    assert shelter_row(shelter.id).free_beds == 3
    (row,) = observations()
    assert (str(row["id"]), row["free_beds"], row["became_current"]) == (sent["key"], 3, True)


def test_the_hosts_list_holds_their_shelters_with_the_confidential_details(log_in, host, shelter, make_shelter,
                                                                         host_of):
    other = make_shelter()
    (item,) = host.get("/api/v1/shelters/mine").json["items"]
    assert (item["id"], item["address"], item["host_phone"]) == (shelter.id, SECRET_ADDRESS, SECRET_PHONE)
    assert [i["id"] for i in log_in(host_of(other)).get("/api/v1/shelters/mine").json["items"]] == [other.id]


def test_a_host_of_another_organisation_cannot_report_for_this_shelter(log_in, host_of, make_shelter, shelter,
                                                                       shelter_row):
    stranger = log_in(host_of(make_shelter()))
    response = stranger.post(url(shelter), json=report(3))
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")
    assert shelter_row(shelter.id).free_beds is None
    assert observations() == []


@pytest.mark.parametrize("role", ["collaborator", "ward_officer", "provider", "city_admin"])
def test_only_shelter_hosts_report_counts(log_in, make_user, shelter, shelter_row, role):
    response = log_in(make_user(role=role)).post(url(shelter), json=report(3))
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")
    assert shelter_row(shelter.id).free_beds is None


def test_an_older_observation_arriving_late_is_kept_as_history_but_does_not_win(host, shelter, shelter_row):
    eleven = city_now() - timedelta(hours=1)
    ten = eleven - timedelta(hours=1)
    later = host.post(url(shelter), json=report(2, eleven))
    earlier = host.post(url(shelter), json=report(5, ten))
    assert (later.json["applied"], earlier.json["applied"]) == (True, False)
    assert earlier.status_code == 200
    assert earlier.json["shelter"]["free_beds"] == 2
    assert datetime.fromisoformat(earlier.json["shelter"]["observed_at"]) == eleven
    stored = shelter_row(shelter.id)
    assert stored.free_beds == 2
    assert [(row["free_beds"], row["became_current"]) for row in observations()] == [(5, False), (2, True)]


def test_a_newer_observation_replaces_the_count(host, shelter, shelter_row):
    ten = city_now() - timedelta(hours=2)
    host.post(url(shelter), json=report(5, ten))
    response = host.post(url(shelter), json=report(0, ten + timedelta(hours=1)))
    assert (response.json["applied"], response.json["shelter"]["status"]) == (True, "full")
    assert shelter_row(shelter.id).free_beds == 0


def _in(minutes):
    return city_now() + timedelta(minutes=minutes)


BAD_REPORTS = {
    # Computed when the test runs, not when it is collected: ten minutes ahead of the server's clock.
    "observed in the future": ({"observed_at": lambda: _in(10).isoformat()}, "observed_at"),
    "observed_at without an offset": ({"observed_at": city_now().replace(tzinfo=None).isoformat()},
                                      "observed_at"),
    "observed_at not a date": ({"observed_at": "this morning"}, "observed_at"),
    "observed last century": ({"observed_at": "1999-12-31T23:00:00+07:00"}, "observed_at"),
    "more free beds than the capacity": ({"free_beds": 7}, "free_beds"),
    "a negative count": ({"free_beds": -1}, "free_beds"),
    "a count as text": ({"free_beds": "3"}, "free_beds"),
    "a fractional count": ({"free_beds": 2.5}, "free_beds"),
    "no count": ({"free_beds": None}, "free_beds"),
    "a key that is not a uuid": ({"key": "tap-1"}, "key"),
}


@pytest.mark.parametrize("change, field", BAD_REPORTS.values(), ids=BAD_REPORTS)
def test_a_bad_report_is_a_422_on_its_field_and_changes_nothing(host, shelter, shelter_row, change, field):
    change = {key: value() if callable(value) else value for key, value in change.items()}
    response = host.post(url(shelter), json={**report(3), **change})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]
    assert shelter_row(shelter.id).free_beds is None
    assert observations() == []


def test_a_phone_clock_a_little_ahead_is_accepted_and_shows_no_negative_age(log_in, make_user, host, shelter):
    response = host.post(url(shelter), json=report(3, _in(3)))
    assert (response.status_code, response.json["applied"]) == (200, True)
    (item,) = log_in(make_user(role="collaborator")).get("/api/v1/shelters/staff").json["items"]
    assert item["free_beds"] == 3
    assert item["age_minutes"] >= 0


def _without_age(answer):
    return {**answer, "shelter": {k: v for k, v in answer["shelter"].items() if k != "age_minutes"}}


def test_the_same_report_sent_again_answers_the_same_and_is_kept_once(host, shelter):
    body = report(4)
    first, again = host.post(url(shelter), json=body), host.post(url(shelter), json=body)
    assert (first.status_code, again.status_code) == (200, 200)
    # age_minutes is "now" minus the observation: a minute may tick between the two answers.
    assert _without_age(again.json) == _without_age(first.json)
    assert len(observations()) == 1


def test_a_key_used_for_another_shelter_is_a_conflict(log_in, host, shelter, make_shelter, host_of, shelter_row):
    sister = make_shelter(organization_id=shelter.organization_id, capacity=6)  # the same host keeps both
    body = report(4)
    assert host.post(url(shelter), json=body).status_code == 200
    reused = host.post(url(sister), json=body)
    assert (reused.status_code, reused.json["error"]["code"]) == (409, "id_taken")
    colleague = log_in(host_of(sister))  # a colleague of the same organisation: the key is still taken
    assert colleague.post(url(shelter), json=body).status_code == 409
    assert shelter_row(sister.id).free_beds is None
    assert len(observations()) == 1


@pytest.mark.parametrize("role", ["collaborator", "ward_officer", "provider", "city_admin"])
def test_staff_see_the_count_capacity_and_age(log_in, make_user, host, shelter, role):
    host.post(url(shelter), json=report(3, city_now() - timedelta(minutes=90)))
    response = log_in(make_user(role=role)).get("/api/v1/shelters/staff")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    (item,) = response.json["items"]
    assert (item["free_beds"], item["capacity"], item["status"]) == (3, 6, "available")
    assert 90 <= item["age_minutes"] <= 91
    assert "address" not in item and "host_phone" not in item


def test_staff_filter_by_ward_and_by_the_exact_group_accepted(log_in, make_user, make_shelter):
    women = make_shelter(accepts=["women"])
    make_shelter(accepts=["older_women", "women_with_children"])
    make_shelter(accepts=["women"], ward_code=OTHER_WARD)
    staff = log_in(make_user(role="ward_officer"))
    items = staff.get(f"/api/v1/shelters/staff?ward={WARD}&accepts=women").json["items"]
    assert [item["id"] for item in items] == [women.id]


def test_shelter_hosts_do_not_get_the_staff_list(host):
    assert host.get("/api/v1/shelters/staff").status_code == 403


# Through the outbox.

def _availability_op(shelter, free_beds, key=None):
    body = report(free_beds, key=key)
    return {"key": body["key"], "type": "shelter.availability",
            "payload": {"shelter_id": shelter.id, "free_beds": free_beds, "observed_at": body["observed_at"]}}


def test_a_count_sent_through_sync_is_applied_once_and_staff_see_it_fresh(log_in, make_user, host, shelter):
    batch = {"operations": [_availability_op(shelter, 2)]}
    first, replay = host.post(SYNC, json=batch), host.post(SYNC, json=batch)
    expected = [{"key": batch["operations"][0]["key"], "status": 200, "id": str(shelter.id)}]
    assert (first.status_code, first.json["results"]) == (200, expected)
    assert replay.json == first.json
    assert len(observations()) == 1
    (item,) = log_in(make_user(role="collaborator")).get("/api/v1/shelters/staff").json["items"]
    assert item["free_beds"] == 2
    assert 0 <= item["age_minutes"] <= 1


@pytest.mark.parametrize("payload, field", [
    ({"free_beds": 2}, "shelter_id"), ({"shelter_id": None, "free_beds": 2}, "shelter_id"),
])
def test_a_sync_count_without_its_shelter_is_a_422_of_its_own(host, shelter, payload, field):
    operation = _availability_op(shelter, 2)
    operation["payload"] = {**payload, "observed_at": operation["payload"]["observed_at"]}
    (result,) = host.post(SYNC, json={"operations": [operation]}).json["results"]
    assert result["status"] == 422
    assert list(result["error"]["fields"]) == [field]
    assert observations() == []


def test_a_shelter_host_may_sync_counts_but_no_case_work(host, shelter, shelter_row):
    case_op = {"key": str(uuid.uuid4()), "type": "case.create", "payload": build_case_body()}
    response = host.post(SYNC, json={"operations": [case_op, _availability_op(shelter, 1)]})
    assert response.status_code == 200
    refused, applied = response.json["results"]
    assert (refused["status"], refused["error"]["code"]) == (403, "forbidden")
    assert applied["status"] == 200
    assert shelter_row(shelter.id).free_beds == 1


def test_a_sync_count_for_a_shelter_the_host_does_not_keep_is_refused(log_in, host_of, make_shelter, shelter):
    stranger = log_in(host_of(make_shelter()))
    (result,) = stranger.post(SYNC, json={"operations": [_availability_op(shelter, 1)]}).json["results"]
    assert (result["status"], result["error"]["code"]) == (404, "not_found")
    assert observations() == []


def test_two_taps_in_the_same_millisecond_keep_the_second(app, log_in, make_shelter, host_of):
    shelter = make_shelter(capacity=4)
    host = log_in(host_of(shelter))
    moment = city_now().isoformat(timespec="milliseconds")
    for free_beds in (0, 1):
        answer = host.post(f"/api/v1/shelters/{shelter.id}/availability",
                           json={"key": str(uuid.uuid4()), "free_beds": free_beds, "observed_at": moment})
        assert answer.status_code == 200 and answer.json["applied"] is True
    assert host.get("/api/v1/shelters/mine").json["items"][0]["free_beds"] == 1
