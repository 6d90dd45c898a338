"""The public shelter finder (DESIGN §4): anyone may ask which shelters have room and gets a status per
shelter (available / full / unconfirmed), never a count, an address or a host's phone; the answer is
cacheable public data with an ETag, except for a request that carries a staff session."""
import uuid
from datetime import timedelta

import pytest

from server.clock import city_now, now_utc
from server.db import database
from server.shelters import operations

from tests.conftest import OTHER_WARD, WARD
from tests.shelters.conftest import SECRET_ADDRESS, SECRET_PHONE, set_count

SHELTERS = "/api/v1/shelters"
PUBLIC_KEYS = {"id", "name", "ward", "kind", "standardised", "accepts", "accessibility", "languages",
               "public_line", "status"}
NEVER_PUBLIC_KEYS = ("address", "host_phone", "free_beds", "capacity", "observed_at", "age_minutes")
# Numbers no id, ward code or public line of these tests contains, so that finding one means a leak.
FREE_BEDS, CAPACITY = 487, 498


def test_anyone_sees_the_shelters_without_a_count_an_address_or_a_phone(client, make_shelter):
    shelter = make_shelter(capacity=CAPACITY, free_beds=FREE_BEDS)
    response = client.get(SHELTERS)
    assert response.status_code == 200
    (item,) = response.json["items"]
    assert set(item) == PUBLIC_KEYS
    assert [key for key in NEVER_PUBLIC_KEYS if any(key in i for i in response.json["items"])] == []
    assert item["id"] == shelter.id
    assert item["ward"] == {"code": WARD, "name": "Phường Ninh Kiều", "type": "phường"}
    assert (item["accepts"], item["languages"], item["public_line"]) == (["women", "women_with_children"],
                                                                         ["km", "vi"], "111")
    # "as of" is a timestamp whose digits may contain anything; everything else must not hold a secret.
    text = response.get_data(as_text=True).replace(response.json["as_of"], "")
    assert [secret for secret in (SECRET_ADDRESS, SECRET_PHONE, str(FREE_BEDS), str(CAPACITY)) if secret in text] == []
    assert "Set-Cookie" not in response.headers


def _hours_ago(hours):
    return now_utc() - timedelta(hours=hours)


STATUSES = {
    "never reported": (None, None, "unconfirmed"),
    "reported just now": (3, 0, "available"),
    "reported just now, no bed left": (0, 0, "full"),
    "reported an hour before going stale": (3, -1, "available"),
    "reported an hour after going stale": (3, +1, "unconfirmed"),
    "full, but long ago": (0, +1, "unconfirmed"),
}


@pytest.mark.parametrize("free_beds, past_stale, expected", STATUSES.values(), ids=STATUSES)
def test_the_status_says_whether_a_recent_count_has_room(app, client, make_shelter, free_beds, past_stale,
                                                         expected):
    shelter = make_shelter(capacity=6)
    if free_beds is not None:
        hours = 0 if past_stale == 0 else app.config["SHELTER_STALE_HOURS"] + past_stale
        set_count(app, shelter.id, free_beds, observed_at=_hours_ago(hours))
    (item,) = client.get(SHELTERS).json["items"]
    assert item["status"] == expected


def test_stale_shelters_are_the_never_reported_and_the_old_counts(app, make_shelter):
    stale_hours = app.config["SHELTER_STALE_HOURS"]
    never = make_shelter()
    fresh = make_shelter(free_beds=2)
    old = make_shelter()
    set_count(app, old.id, 2, observed_at=_hours_ago(stale_hours + 1))
    make_shelter(active=False)  # closed: nobody is asked for its count
    with app.app_context(), database.connection_context():
        found = [shelter.id for shelter in operations.stale_shelters()]
    assert found == [never.id, old.id]
    assert fresh.id not in found


def test_a_ward_filter_lists_that_wards_shelters_only(client, make_shelter):
    here = make_shelter(ward_code=WARD)
    there = make_shelter(ward_code=OTHER_WARD)
    assert [item["id"] for item in client.get(f"{SHELTERS}?ward={WARD}").json["items"]] == [here.id]
    assert [item["id"] for item in client.get(f"{SHELTERS}?ward={OTHER_WARD}").json["items"]] == [there.id]
    assert client.get(f"{SHELTERS}?ward=31001").json["items"] == []


ACCEPTING = {
    "only women": ["women"],
    "older women": ["older_women"],
    "mothers": ["women_with_children"],
    "girls": ["girls_under_16", "people_with_disabilities"],
}


@pytest.mark.parametrize("accepts, expected", [
    ("women", ["only women"]),
    ("older_women", ["older women"]),
    ("women_with_children", ["mothers"]),
    ("girls_under_16", ["girls"]),
    ("people_with_disabilities", ["girls"]),
    ("boys_under_16", []),
])
def test_an_accepts_filter_lists_the_shelters_that_take_exactly_that_group(client, make_shelter, accepts,
                                                                           expected):
    ids = {make_shelter(accepts=groups).id: name for name, groups in ACCEPTING.items()}
    items = client.get(f"{SHELTERS}?accepts={accepts}").json["items"]
    assert sorted(ids[item["id"]] for item in items) == expected
    assert all(accepts in item["accepts"] for item in items)


@pytest.mark.parametrize("query, field", [
    ("ward=abc", "ward"), ("ward=311350", "ward"), ("accepts=men", "accepts"), ("accepts=", "accepts"),
])
def test_a_bad_filter_is_a_422_on_its_field(client, query, field):
    response = client.get(f"{SHELTERS}?{query}")
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]


def test_inactive_shelters_are_not_listed(client, make_shelter):
    open_one = make_shelter(free_beds=2)
    make_shelter(free_beds=2, active=False)
    assert [item["id"] for item in client.get(SHELTERS).json["items"]] == [open_one.id]


def _cache_directives(response):
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


def test_the_list_is_public_cacheable_data_revalidated_with_its_etag(client, log_in, make_shelter, host_of):
    shelter = make_shelter(free_beds=5)
    first = client.get(SHELTERS)
    assert _cache_directives(first) == {"public", "max-age=0"}
    etag = first.headers["ETag"]
    unchanged = client.get(SHELTERS, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.get_data()) == (304, b"")
    # One bed fewer: still "available" to the public, but the list did change and must be fetched again.
    response = log_in(host_of(shelter)).post(f"{SHELTERS}/{shelter.id}/availability", json={
        "key": str(uuid.uuid4()), "free_beds": 4, "observed_at": city_now().isoformat()})
    assert (response.status_code, response.json["applied"]) == (200, True)
    changed = client.get(SHELTERS, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert [item["status"] for item in changed.json["items"]] == ["available"]


@pytest.mark.parametrize("role", ["collaborator", "ward_officer", "provider", "city_admin", "shelter_host"])
def test_a_request_with_a_staff_session_is_never_stored(log_in, make_user, make_shelter, role):
    make_shelter(free_beds=5)
    response = log_in(make_user(role=role)).get(SHELTERS)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_list_kept_in_memory_follows_a_hosts_report(client, log_in, make_shelter, host_of):
    shelter = make_shelter(capacity=3, free_beds=1)
    assert client.get("/api/v1/shelters").json["items"][0]["status"] == "available"
    host = log_in(host_of(shelter))
    reported = host.post(f"/api/v1/shelters/{shelter.id}/availability", json={
        "key": str(uuid.uuid4()), "free_beds": 0, "observed_at": city_now().isoformat()})
    assert reported.status_code == 200
    assert client.get("/api/v1/shelters").json["items"][0]["status"] == "full"


def test_the_list_kept_in_memory_turns_unconfirmed_when_a_count_grows_old(app, client, make_shelter,
                                                                           monkeypatch):
    make_shelter(capacity=3, free_beds=2)
    first = client.get("/api/v1/shelters")
    assert first.json["items"][0]["status"] == "available"
    later = now_utc() + timedelta(hours=app.config["SHELTER_STALE_HOURS"], minutes=1)
    monkeypatch.setattr("server.shelters.public_list.now_utc", lambda: later)
    # Nothing in the database changed; only time passed.
    again = client.get("/api/v1/shelters", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.json["items"][0]["status"] == "unconfirmed"


def test_a_ward_without_shelters_answers_as_of_null_as_documented(client, make_shelter):
    make_shelter()
    response = client.get(SHELTERS, query_string={"ward": OTHER_WARD})
    assert response.json == {"items": [], "as_of": None}
    document = client.get("/api/openapi.json").json
    assert document["components"]["schemas"]["PublicShelterListOut"]["properties"]["as_of"]["nullable"] is True
