"""The campaign calendar API (issue 5 contract): the upcoming events anyone sees (staff also their own), the
calendar a city admin keeps (create, edit from a known version, archive), and the sends page that says
what will be sent to how many phones and what was delivered."""
import base64
import json
import os
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.accounts.models import User
from server.audit.models import AuditEvent
from server.campaigns.calendar import city_moment_utc, in_year
from server.campaigns.models import Campaign, CampaignOccurrence
from server.campaigns.operations import SEEDED, create_campaign, seed_campaigns
from server.campaigns.schemas import CampaignIn
from server.clock import city_today, now_utc
from server.db import database
from server.push import audience
from server.push.models import Delivery, Reminder
from server.push.operations import subscribe

from tests.clock import at
from tests.conftest import OTHER_WARD, WARD

UPCOMING = "/api/v1/campaigns/upcoming"
CAMPAIGNS = "/api/v1/campaigns"
SENDS = "/api/v1/campaigns/sends"
UPCOMING_KEYS = {"id", "campaign_id", "title_vi", "title_en", "message_vi", "message_en", "starts_on", "ends_on"}
CAMPAIGN_KEYS = {"id", "title_vi", "title_en", "message_vi", "message_en", "starts_on", "ends_on", "yearly",
                 "audience_residents", "audience_roles", "audience_wards", "reminder_offsets", "active", "version"}
NON_ADMIN_ROLES = ["collaborator", "ward_officer", "provider", "shelter_host"]
HORIZON_DAYS = 366  # "about the next 12 months"
MISSING = "<missing>"  # as an override: leave the key out
TENTH_OF_JUNE_2027 = datetime(2027, 6, 10, 3, 0)  # 10:00 in Cần Thơ


def today():
    return city_today()


def campaign_body(**overrides):
    """A valid create body: a one-off event for residents ten days from now. MISSING leaves a key out."""
    start = today() + timedelta(days=10)
    body = {"title_vi": "Ngày hội gia đình an toàn", "title_en": "Safe families day",
            "message_vi": "Cùng đến nhà văn hoá phường.", "message_en": "Come to the ward's community hall.",
            "starts_on": start.isoformat(), "ends_on": start.isoformat(), "yearly": False,
            "audience_residents": True, "audience_roles": [], "audience_wards": [], "reminder_offsets": [7, 1, 0],
            **overrides}
    return {key: value for key, value in body.items() if value != MISSING}


def error_code(response):
    return response.json["error"]["code"]


def campaign_ids(response):
    return [item["campaign_id"] for item in response.json["items"]]


@pytest.fixture
def seeded(app):
    """The plan's five yearly campaigns, as ``flask seed-campaigns`` makes them; their ids in the plan's order."""
    with app.app_context(), database.connection_context():
        seed_campaigns([7, 1, 0])
        return [Campaign.get(Campaign.seed_key == key).id for key, *_ in SEEDED]


@pytest.fixture
def seed_at(app):
    """``seed_at(utc_moment)``: seed as if it were then (the occurrences kept are that year's and the next)."""

    def seed(moment):
        with at(moment), app.app_context(), database.connection_context():
            seed_campaigns([7, 1, 0])
            return [Campaign.get(Campaign.seed_key == key).id for key, *_ in SEEDED]

    return seed


@pytest.fixture
def make_campaign(app):
    """``make_campaign(**overrides)`` -> the id of a campaign stored as the API would store ``campaign_body``."""

    def make(**overrides):
        data = CampaignIn().load(campaign_body(**overrides))
        with app.app_context(), database.connection_context():
            return create_campaign(None, data, [7, 1, 0]).id

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user(role="city_admin")


@pytest.fixture
def admin(log_in, admin_user):
    return log_in(admin_user)


@pytest.fixture
def stored_campaign(app):
    def load(campaign_id):
        with app.app_context(), database.connection_context():
            return Campaign.get_by_id(campaign_id)

    return load


@pytest.fixture
def occurrences(app):
    """``occurrences(campaign_id)`` -> {year: (starts_on, ends_on)} as the table holds them now."""

    def load(campaign_id):
        with app.app_context(), database.connection_context():
            return {o.year: (o.starts_on, o.ends_on)
                    for o in CampaignOccurrence.select().where(CampaignOccurrence.campaign == campaign_id)}

    return load


# The upcoming events, for anyone.

def test_anyone_sees_the_plans_dates_of_the_coming_year_nearest_first(client, seeded):
    response = client.get(UPCOMING)
    assert response.status_code == 200
    items = response.json["items"]
    now = today()
    assert all(set(item) == UPCOMING_KEYS for item in items)
    for item in items:
        for name in ("starts_on", "ends_on"):
            assert len(item[name]) == 10 and date.fromisoformat(item[name]), item[name]
        assert date.fromisoformat(item["ends_on"]) >= now
        assert all(item[name].strip() for name in ("title_vi", "title_en", "message_vi", "message_en"))
    assert [item["starts_on"] for item in items] == sorted(item["starts_on"] for item in items)
    # Each of the five dates as it falls this year and next, unless over or more than a year away.
    expected = sorted(
        (date(year, starts.month, starts.day), date(year, starts.month, starts.day) + (ends - starts), campaign_id)
        for campaign_id, (_key, starts, ends, *_words) in zip(seeded, SEEDED, strict=True)
        for year in (now.year, now.year + 1))
    expected = [event for event in expected
                if event[1] >= now and event[0] <= now + timedelta(days=HORIZON_DAYS)]
    assert [(date.fromisoformat(i["starts_on"]), date.fromisoformat(i["ends_on"]), i["campaign_id"])
            for i in items] == expected
    assert set(campaign_ids(response)) == set(seeded)
    # Titles in both languages, as the plan words them.
    words = {campaign_id: (title_vi, title_en) for campaign_id, (_k, _s, _e, title_vi, title_en, *_m)
             in zip(seeded, SEEDED, strict=True)}
    assert all((item["title_vi"], item["title_en"]) == words[item["campaign_id"]] for item in items)


def test_the_occurrences_of_this_year_and_next_are_kept_past_ones_too(seeded, occurrences):
    now = today()
    for campaign_id, (_key, starts, ends, *_words) in zip(seeded, SEEDED, strict=True):
        kept = occurrences(campaign_id)
        assert kept == {
            year: (date(year, starts.month, starts.day), date(year, starts.month, starts.day) + (ends - starts))
            for year in (now.year, now.year + 1)}


def test_the_answer_for_anonymous_callers_is_public_cacheable(client, seeded):
    response = client.get(UPCOMING)
    directives = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert "public" in directives
    assert any(part.startswith("max-age=") and int(part.split("=")[1]) > 0 for part in directives)
    assert "ETag" in response.headers
    assert "Set-Cookie" not in response.headers
    again = client.get(UPCOMING, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_on_10_june_2027_the_calendar_starts_with_the_june_action_month(client, seed_at, occurrences):
    iwd, june, *_ = seed_at(TENTH_OF_JUNE_2027)
    with at(TENTH_OF_JUNE_2027):
        items = client.get(UPCOMING).json["items"]
    assert [(item["starts_on"], item["ends_on"]) for item in items] == [
        ("2027-06-01", "2027-06-30"),  # under way: listed until its last day is over
        ("2027-10-20", "2027-10-20"),
        ("2027-11-15", "2027-12-15"),
        ("2027-11-25", "2027-11-25"),
        ("2028-03-08", "2028-03-08"),
        ("2028-06-01", "2028-06-30"),  # within a year of today
    ]
    assert (items[0]["campaign_id"], items[0]["title_en"]) == (june, "National action month against domestic violence")
    # 8 March 2027 is over and not listed, but its occurrence stays: it is the record of what was sent.
    assert occurrences(iwd) == {2027: (date(2027, 3, 8), date(2027, 3, 8)), 2028: (date(2028, 3, 8), date(2028, 3, 8))}


def test_an_event_leaves_the_list_at_midnight_in_can_tho_not_in_utc(client, seed_at):
    seed_at(TENTH_OF_JUNE_2027)
    with at(datetime(2027, 6, 30, 16, 30)):  # 23:30 on 30 June in Cần Thơ: the month is not over
        assert client.get(UPCOMING).json["items"][0]["starts_on"] == "2027-06-01"
    with at(datetime(2027, 6, 30, 17, 30)):  # still 30 June in UTC, already 1 July in Cần Thơ
        starts = [item["starts_on"] for item in client.get(UPCOMING).json["items"]]
    assert "2027-06-01" not in starts
    assert starts[0] == "2027-10-20"


def test_a_campaign_for_ward_officers_is_shown_to_them_only(client, log_in, make_user, make_campaign):
    staff_only = make_campaign(audience_residents=False, audience_roles=["ward_officer"])
    for_everyone = make_campaign()
    officer = log_in(make_user(role="ward_officer", ward=OTHER_WARD))
    assert campaign_ids(officer.get(UPCOMING)) == [staff_only, for_everyone]
    assert campaign_ids(client.get(UPCOMING)) == [for_everyone]
    assert campaign_ids(log_in(make_user(role="collaborator")).get(UPCOMING)) == [for_everyone]


def test_a_campaign_for_one_wards_staff_is_shown_to_that_wards_staff_only(client, log_in, make_user,
                                                                         make_campaign):
    ward_only = make_campaign(audience_residents=False, audience_roles=["ward_officer", "collaborator"],
                              audience_wards=[WARD])
    seen = {
        "officer here": log_in(make_user(role="ward_officer", ward=WARD)),
        "collaborator here": log_in(make_user(role="collaborator", ward=WARD)),
        "officer elsewhere": log_in(make_user(role="ward_officer", ward=OTHER_WARD)),
        "city admin": log_in(make_user(role="city_admin")),
        "anonymous": client,
    }
    assert {who: campaign_ids(phone.get(UPCOMING)) for who, phone in seen.items()} == {
        "officer here": [ward_only], "collaborator here": [ward_only], "officer elsewhere": [],
        "city admin": [], "anonymous": []}


def test_an_answer_with_staff_events_is_never_stored(log_in, make_user, make_campaign):
    make_campaign(audience_residents=False, audience_roles=["ward_officer"])
    response = log_in(make_user(role="ward_officer")).get(UPCOMING)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


# Who may keep the calendar: the city admin only.

def _admin_requests(campaign_id):
    return {
        "list": ("get", CAMPAIGNS, None),
        "create": ("post", CAMPAIGNS, campaign_body()),
        "edit": ("patch", f"{CAMPAIGNS}/{campaign_id}", {"title_en": "Changed", "version": 1}),
        "sends": ("get", SENDS, None),
    }


ADMIN_ENDPOINTS = ["list", "create", "edit", "sends"]


def _snapshot(app):
    with app.app_context(), database.connection_context():
        return [(c.id, c.version, c.title_en) for c in Campaign.select().order_by(Campaign.id)]


@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS)
def test_the_calendar_is_closed_to_anonymous_callers(app, client, make_campaign, endpoint):
    campaign_id = make_campaign()
    before = _snapshot(app)
    method, url, body = _admin_requests(campaign_id)[endpoint]
    response = getattr(client, method)(url, json=body)
    assert (response.status_code, error_code(response)) == (401, "unauthenticated")
    assert _snapshot(app) == before


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS)
def test_the_calendar_is_closed_to_every_other_role(app, log_in, make_user, make_campaign, endpoint, role):
    campaign_id = make_campaign()
    before = _snapshot(app)
    method, url, body = _admin_requests(campaign_id)[endpoint]
    response = getattr(log_in(make_user(role=role)), method)(url, json=body)
    assert (response.status_code, error_code(response)) == (403, "forbidden")
    assert _snapshot(app) == before


@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS)
def test_the_city_admin_keeps_the_calendar(admin, make_campaign, endpoint):
    campaign_id = make_campaign()
    method, url, body = _admin_requests(campaign_id)[endpoint]
    response = getattr(admin, method)(url, json=body)
    assert response.status_code == {"create": 201}.get(endpoint, 200), response.json
    assert response.headers["Cache-Control"] == "no-store"


# Creating.

def test_the_list_holds_every_campaign_archived_ones_too(admin, seeded):
    created = admin.post(CAMPAIGNS, json=campaign_body()).json
    archived = admin.patch(f"{CAMPAIGNS}/{created['id']}", json={"active": False, "version": 1})
    assert archived.status_code == 200
    items = admin.get(CAMPAIGNS).json["items"]
    assert all(set(item) == CAMPAIGN_KEYS for item in items)
    assert sorted(item["id"] for item in items) == sorted([*seeded, created["id"]])
    assert items[-1] == archived.json  # archived ones last
    seeded_item = next(item for item in items if item["id"] == seeded[0])
    assert (seeded_item["yearly"], seeded_item["audience_residents"], seeded_item["reminder_offsets"]) == (
        True, True, [7, 1, 0])


def test_a_created_campaign_answers_as_stored(admin):
    body = campaign_body(yearly=True, audience_roles=["collaborator", "ward_officer"], audience_wards=[WARD],
                         reminder_offsets=[0, 14, 1])
    response = admin.post(CAMPAIGNS, json=body)
    assert response.status_code == 201, response.json
    campaign = response.json
    assert isinstance(campaign["id"], int)
    assert campaign == {**body, "id": campaign["id"], "reminder_offsets": [14, 1, 0], "active": True, "version": 1}
    assert admin.get(CAMPAIGNS).json["items"] == [campaign]


def test_a_campaign_without_offsets_takes_the_configured_ones(app, admin):
    app.config["CAMPAIGN_REMINDER_OFFSETS"] = "10,2"
    response = admin.post(CAMPAIGNS, json=campaign_body(reminder_offsets=MISSING))
    assert response.status_code == 201, response.json
    assert response.json["reminder_offsets"] == [10, 2]


def test_a_new_campaign_appears_in_the_upcoming_events(admin, client):
    start = today() + timedelta(days=3)
    created = admin.post(CAMPAIGNS, json=campaign_body(starts_on=start.isoformat(),
                                                       ends_on=(start + timedelta(days=2)).isoformat())).json
    (item,) = client.get(UPCOMING).json["items"]
    assert item["campaign_id"] == created["id"]
    assert (item["starts_on"], item["ends_on"]) == (start.isoformat(), (start + timedelta(days=2)).isoformat())
    assert (item["title_vi"], item["message_en"]) == (created["title_vi"], created["message_en"])


BAD_CAMPAIGNS = {
    "ends before it starts": ({"starts_on": "2027-03-08", "ends_on": "2027-03-07"},
                              {"ends_on": ["Ngày kết thúc không được trước ngày bắt đầu."]}),
    "no audience": ({"audience_residents": False, "audience_roles": []},
                    {"audience_roles": ["Hãy chọn ít nhất một nhóm người nhận."]}),
    "an offset of 61 days": ({"reminder_offsets": [7, 61]},
                             {"reminder_offsets": {"1": ["Phải từ 0 đến 60."]}}),
    "six offsets": ({"reminder_offsets": [0, 1, 2, 3, 4, 5]},
                    {"reminder_offsets": ["Tối đa 5 mục."]}),
    "an unknown role": ({"audience_roles": ["ward_officer", "mayor"]},
                        {"audience_roles": {"1": [
                            "Phải là một trong các giá trị: collaborator, ward_officer, provider, shelter_host, "
                            "city_admin."]}}),
    "a blank title": ({"title_vi": "   "}, {"title_vi": ["Không được để trống."]}),
    "a title of 121 characters": ({"title_en": "x" * 121}, {"title_en": ["Độ dài phải từ 1 đến 120 ký tự."]}),
    "a message of 301 characters": ({"message_vi": "ư" * 301}, {"message_vi": ["Độ dài phải từ 1 đến 300 ký tự."]}),
    "30 February": ({"starts_on": "2027-02-30"}, {"starts_on": ["Ngày không hợp lệ."]}),
    "a date in another format": ({"ends_on": "25/11/2027"}, {"ends_on": ["Ngày không hợp lệ."]}),
    "no title": ({"title_en": MISSING}, {"title_en": ["Bắt buộc phải nhập."]}),
    # Dates within the plan (from 2026) and a few years ahead of today (15/06/2027 in tests: up to 2032).
    "a start in year 1": ({"starts_on": "0001-01-01"}, {"starts_on": ["Ngày quá xa trong quá khứ."]}),
    "a start before the plan": ({"starts_on": "2025-12-31", "ends_on": "2026-01-02"},
                                {"starts_on": ["Ngày quá xa trong quá khứ."]}),
    "an end at the end of time": ({"ends_on": "9999-12-31"}, {"ends_on": ["Ngày quá xa trong tương lai."]}),
    "a start more than five years ahead": ({"starts_on": "2033-01-01", "ends_on": "2033-01-02"},
                                           {"starts_on": ["Ngày quá xa trong tương lai."],
                                            "ends_on": ["Ngày quá xa trong tương lai."]}),
    "a bidi override in a title": ({"title_vi": "Ngày hội\u202e"}, {"title_vi": ["Có ký tự không được phép."]}),
    # A campaign for a ward that does not exist would silently reach nobody.
    "a ward no ward has": ({"audience_wards": ["31135", "99999"]},
                           {"audience_wards": ["Không có xã/phường nào mang mã này."]}),
}


@pytest.mark.parametrize("overrides, fields", BAD_CAMPAIGNS.values(), ids=BAD_CAMPAIGNS)
def test_a_bad_campaign_is_refused_field_by_field(app, admin, overrides, fields):
    response = admin.post(CAMPAIGNS, json=campaign_body(**overrides))
    assert response.status_code == 422, response.json
    assert (error_code(response), response.json["error"]["fields"]) == ("validation_failed", fields)
    assert _snapshot(app) == []


@pytest.mark.parametrize("starts_on, ends_on", [("2026-01-01", "2026-01-01"), ("2032-12-31", "2032-12-31")])
def test_a_campaign_may_run_from_the_plans_first_day_to_five_years_ahead(admin, starts_on, ends_on):
    response = admin.post(CAMPAIGNS, json=campaign_body(starts_on=starts_on, ends_on=ends_on))
    assert response.status_code == 201, response.json


def test_the_years_ahead_follow_the_clock(admin, clock, log_in, make_user):
    body = campaign_body(starts_on="2033-03-08", ends_on="2033-03-08")
    assert admin.post(CAMPAIGNS, json=body).status_code == 422
    clock.set(clock.read().replace(year=2028))
    a_year_later = log_in(make_user(role="city_admin"))  # the first session has long expired
    assert a_year_later.post(CAMPAIGNS, json=body).status_code == 201


def test_a_date_out_of_range_is_explained_in_english_when_asked(admin):
    response = admin.post(CAMPAIGNS, json=campaign_body(ends_on="9999-12-31"), headers={"Accept-Language": "en"})
    assert response.json["error"]["fields"] == {"ends_on": ["The date is too far in the future."]}


def test_a_bad_campaign_is_explained_in_english_when_asked(admin):
    response = admin.post(CAMPAIGNS, json=campaign_body(audience_residents=False),
                          headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"audience_roles": ["Choose at least one audience."]}


# Editing from a known version, and archiving.

def test_an_edit_changes_the_given_fields_and_counts_a_version(admin):
    created = admin.post(CAMPAIGNS, json=campaign_body()).json
    response = admin.patch(f"{CAMPAIGNS}/{created['id']}", json={
        "title_en": "Safe families week", "audience_roles": ["collaborator"], "reminder_offsets": [3], "version": 1})
    assert response.status_code == 200, response.json
    assert response.json == {**created, "title_en": "Safe families week", "audience_roles": ["collaborator"],
                             "reminder_offsets": [3], "version": 2}
    assert admin.get(CAMPAIGNS).json["items"] == [response.json]


def test_an_edit_from_a_stale_version_is_refused_with_the_current_campaign(admin, stored_campaign):
    created = admin.post(CAMPAIGNS, json=campaign_body()).json
    first = admin.patch(f"{CAMPAIGNS}/{created['id']}", json={"title_en": "First edit", "version": 1})
    assert first.status_code == 200
    late = admin.patch(f"{CAMPAIGNS}/{created['id']}", json={"title_en": "Late edit", "version": 1})
    assert late.status_code == 409
    assert error_code(late) == "version_conflict"
    assert late.json["current"] == first.json
    stored = stored_campaign(created["id"])
    assert (stored.title_en, stored.version) == ("First edit", 2)


def test_an_edit_of_an_unknown_campaign_is_not_found(admin):
    response = admin.patch(f"{CAMPAIGNS}/987654", json={"title_en": "Nobody", "version": 1})
    assert (response.status_code, error_code(response)) == (404, "not_found")


BAD_EDITS = {
    "no version": ({"title_en": "Changed"}, "version"),
    "an end before the stored start": ({"ends_on": "2027-01-01", "version": 1},
                                       "ends_on"),
    "an end at the end of time": ({"ends_on": "9999-12-31", "version": 1}, "ends_on"),
    "no audience left": ({"audience_residents": False, "version": 1}, "audience_roles"),
    "a title set to null": ({"title_vi": None, "version": 1}, "title_vi"),
    "an offset of 61 days": ({"reminder_offsets": [61], "version": 1}, "reminder_offsets"),
}


@pytest.mark.parametrize("changes, field", BAD_EDITS.values(), ids=BAD_EDITS)
def test_a_bad_edit_is_refused_and_changes_nothing(app, admin, changes, field):
    created = admin.post(CAMPAIGNS, json=campaign_body()).json
    before = _snapshot(app)
    response = admin.patch(f"{CAMPAIGNS}/{created['id']}", json=changes)
    assert response.status_code == 422, response.json
    assert list(response.json["error"]["fields"]) == [field]
    assert _snapshot(app) == before
    assert admin.get(CAMPAIGNS).json["items"] == [created]


def test_an_archived_campaign_leaves_the_upcoming_events_and_the_sends(admin, client):
    created = admin.post(CAMPAIGNS, json=campaign_body()).json
    assert campaign_ids(client.get(UPCOMING)) == [created["id"]]
    assert {send["campaign_id"] for send in admin.get(SENDS).json["upcoming"]} == {created["id"]}
    response = admin.patch(f"{CAMPAIGNS}/{created['id']}", json={"active": False, "version": 1})
    assert response.status_code == 200, response.json
    assert (response.json["active"], response.json["version"]) == (False, 2)
    assert client.get(UPCOMING).json["items"] == []
    assert admin.get(SENDS).json["upcoming"] == []
    # Brought back, it is there again.
    assert admin.patch(f"{CAMPAIGNS}/{created['id']}", json={"active": True, "version": 2}).status_code == 200
    assert campaign_ids(client.get(UPCOMING)) == [created["id"]]


def test_moving_a_yearly_campaign_moves_this_years_and_next_years_dates(admin, client, occurrences):
    now = today()
    old_start, new_start = now + timedelta(days=20), now + timedelta(days=40)
    created = admin.post(CAMPAIGNS, json=campaign_body(yearly=True, starts_on=old_start.isoformat(),
                                                       ends_on=old_start.isoformat())).json
    response = admin.patch(f"{CAMPAIGNS}/{created['id']}", json={
        "starts_on": new_start.isoformat(), "ends_on": (new_start + timedelta(days=1)).isoformat(), "version": 1})
    assert response.status_code == 200, response.json
    moved = {year: (in_year(new_start, year), in_year(new_start, year) + timedelta(days=1))
             for year in (now.year, now.year + 1)}
    assert occurrences(created["id"]) == moved
    listed = [(date.fromisoformat(item["starts_on"]), date.fromisoformat(item["ends_on"]))
              for item in client.get(UPCOMING).json["items"]]
    assert listed == [dates for dates in moved.values()
                      if dates[1] >= now and dates[0] <= now + timedelta(days=HORIZON_DAYS)]
    assert (old_start, old_start) not in listed


def test_creating_and_editing_a_campaign_are_audited(app, admin, admin_user):
    campaign_id = admin.post(CAMPAIGNS, json=campaign_body()).json["id"]
    edited = admin.patch(f"{CAMPAIGNS}/{campaign_id}", json={"title_en": "Renamed", "active": False, "version": 1})
    assert edited.status_code == 200, edited.json
    with app.app_context(), database.connection_context():
        events = [(e.action, e.actor_id, e.target_type, e.target_id)
                  for e in AuditEvent.select().where(AuditEvent.action.startswith("campaign.")).order_by(AuditEvent.id)]
        details = AuditEvent.get(AuditEvent.action == "campaign.updated").details
    assert events == [("campaign.created", admin_user.id, "Campaign", str(campaign_id)),
                      ("campaign.updated", admin_user.id, "Campaign", str(campaign_id))]
    assert json.loads(details) == {"fields": ["active", "title_en"]}


def test_a_refused_edit_leaves_no_audit_event(app, admin):
    campaign_id = admin.post(CAMPAIGNS, json=campaign_body()).json["id"]
    assert admin.patch(f"{CAMPAIGNS}/{campaign_id}", json={"audience_residents": False,
                                                           "version": 1}).status_code == 422
    assert admin.patch(f"{CAMPAIGNS}/{campaign_id}", json={"title_en": "Late", "version": 7}).status_code == 409
    with app.app_context(), database.connection_context():
        assert [e.action for e in AuditEvent.select().where(AuditEvent.action.startswith("campaign."))] == [
            "campaign.created"]


# The sends page.

def _utc(text):
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() == timedelta(0), text
    return moment.astimezone(UTC).replace(tzinfo=None)


def browser_subscription(**choices):
    """What the subscribe schema hands the operation for a browser."""
    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    keys = {"p256dh": base64.urlsafe_b64encode(point).rstrip(b"=").decode(),
            "auth": base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()}
    return {"endpoint": f"https://updates.push.services.mozilla.com/wpush/v2/{uuid.uuid4().hex}", "keys": keys,
            "topics": ["campaigns"], "language": "vi", "ward_code": None, "discreet": True, "old_endpoint": None,
            **choices}


@pytest.fixture
def subscribed(app):
    """``subscribed(user=None, **choices)``: store a browser's subscription as the API would."""

    def make(user=None, **choices):
        with app.app_context(), database.connection_context():
            return subscribe(browser_subscription(**choices), user)[0].id

    return make


def test_the_sends_to_come_are_listed_by_time_each_in_the_future(admin, make_campaign):
    now = now_utc()
    soon = today() + timedelta(days=2)
    later = today() + timedelta(days=10)
    near = make_campaign(starts_on=soon.isoformat(), ends_on=soon.isoformat(), reminder_offsets=[7, 1, 0])
    far = make_campaign(starts_on=later.isoformat(), ends_on=later.isoformat(), reminder_offsets=[7, 1, 0])
    response = admin.get(SENDS)
    assert response.status_code == 200
    upcoming = response.json["upcoming"]
    assert [_utc(send["send_at"]) for send in upcoming] == sorted(_utc(send["send_at"]) for send in upcoming)
    assert all(_utc(send["send_at"]) > now for send in upcoming)
    hour = 8  # CAMPAIGN_SEND_HOUR: 08:00 in Cần Thơ
    expected = sorted(
        [(near, soon, offset) for offset in (1, 0)]  # "7 days before" was five days ago: not listed
        + [(far, later, offset) for offset in (7, 1, 0)],
        key=lambda send: city_moment_utc(send[1] - timedelta(days=send[2]), hour))
    assert [(s["campaign_id"], date.fromisoformat(s["starts_on"]), s["offset_days"]) for s in upcoming] == expected
    for send in upcoming:
        starts_on = date.fromisoformat(send["starts_on"])
        assert _utc(send["send_at"]) == city_moment_utc(starts_on - timedelta(days=send["offset_days"]), hour)
        assert (send["title_vi"], send["title_en"]) == ("Ngày hội gia đình an toàn", "Safe families day")


def test_a_send_counts_the_subscriptions_its_audience_reaches(admin, make_user, make_campaign, subscribed):
    subscribed(ward_code=WARD)
    subscribed(ward_code=OTHER_WARD, language="en")
    subscribed()
    subscribed(topics=["campaigns", "work"], user=make_user(role="ward_officer", ward=WARD))
    subscribed(topics=["campaigns"], user=make_user(role="ward_officer", ward=OTHER_WARD))
    subscribed(topics=["work"], user=make_user(role="collaborator", ward=WARD))  # wants no campaigns
    subscribed(topics=["campaigns"], user=make_user(role="provider"))
    campaigns = {
        make_campaign(): 3,  # residents, every ward
        make_campaign(audience_wards=[OTHER_WARD]): 1,  # residents of An Bình
        make_campaign(audience_residents=False, audience_roles=["ward_officer"]): 2,
        make_campaign(audience_residents=False, audience_roles=["ward_officer", "collaborator"],
                      audience_wards=[WARD]): 1,
        make_campaign(audience_roles=["provider", "ward_officer"]): 6,  # residents and those staff
    }
    upcoming = admin.get(SENDS).json["upcoming"]
    assert {send["campaign_id"]: send["recipients"] for send in upcoming} == campaigns
    assert len(upcoming) == 3 * len(campaigns)


def test_a_deactivated_staff_member_is_no_longer_counted(app, admin, make_user, make_campaign, subscribed):
    officer = make_user(role="ward_officer")
    subscribed(user=officer)
    campaign_id = make_campaign(audience_residents=False, audience_roles=["ward_officer"])
    assert {s["recipients"] for s in admin.get(SENDS).json["upcoming"] if s["campaign_id"] == campaign_id} == {1}
    with app.app_context(), database.connection_context():
        User.update(active=False).where(User.id == officer.id).execute()
    assert {s["recipients"] for s in admin.get(SENDS).json["upcoming"] if s["campaign_id"] == campaign_id} == {0}


def _reminder(key, due_at, **columns):
    return Reminder.create(**{
        "key": key, "source": "campaign", "source_id": "1", "topic": "campaigns", "title_vi": f"Nhắc {key}",
        "title_en": f"Reminder {key}", "body_vi": "Còn 7 ngày", "body_en": "In 7 days", "url": "/#/campaigns",
        "audience": audience.encode(residents=True), "due_at": due_at, "expires_at": due_at + timedelta(days=3),
        **columns})


def test_the_recent_sends_count_the_ledger(app, admin):
    now = now_utc().replace(microsecond=0)
    with app.app_context(), database.connection_context():
        counted = _reminder("counted", now - timedelta(hours=2), state="done", finished_at=now)
        sending = _reminder("sending", now - timedelta(minutes=5), state="sending")
        untouched = _reminder("untouched", now - timedelta(days=3), state="missed")
        for state, how_many in {"sent": 4, "claimed": 1, "retry": 2, "failed": 1, "gone": 3}.items():
            for _ in range(how_many):
                Delivery.create(reminder=counted, subscription_id=uuid.uuid4(), state=state, claim_token="t")
        Delivery.create(reminder=sending, subscription_id=uuid.uuid4(), state="sent", claim_token="t")
        Delivery.create(reminder=sending, subscription_id=uuid.uuid4(), state="claimed", claim_token="t")
    recent = admin.get(SENDS).json["recent"]
    assert [(r["reminder_id"], r["state"], r["sent"], r["pending"], r["failed"], r["gone"]) for r in recent] == [
        (sending.id, "sending", 1, 1, 0, 0),
        (counted.id, "done", 4, 3, 1, 3),
        (untouched.id, "missed", 0, 0, 0, 0),
    ]
    assert (recent[1]["title_vi"], recent[1]["title_en"]) == ("Nhắc counted", "Reminder counted")
    assert _utc(recent[1]["due_at"]) == now - timedelta(hours=2)
