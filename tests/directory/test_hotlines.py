"""Help lines (DESIGN §4, issue 6 contract): residents see only verified lines with a number, emergency numbers
first, as cacheable public data; the city admin keeps every line, verifies a number with a date, and never
overwrites a colleague's edit unknowingly."""
import json
from datetime import date, datetime

import pytest

from server.audit.models import AuditEvent
from server.db import database
from server.directory.models import Hotline

from tests.clock import at
from tests.directory.conftest import ALL_ROLES, HOTLINES, STAFF_ROLES

REGISTRY = f"{HOTLINES}/registry"
PUBLIC_KEYS = {"id", "number", "name_vi", "name_en", "operator", "hours", "cost", "scope", "checked_on"}
REGISTRY_KEYS = PUBLIC_KEYS | {"key", "status", "source", "position", "version", "updated_at", "updated_by"}
EMERGENCY_FIRST = ["113", "111", "115", "114", "112"]
UNVERIFIED_NUMBERS = ["18008065", "1900969680", "18008027"]
FAKE_NUMBER = "000123"  # no real line has it


def numbers(response):
    return [item["number"] for item in response.json["items"]]


def patch(client, hotline, language="vi", **changes):
    return client.patch(f"{HOTLINES}/{hotline.id}", json={"version": hotline.version, **changes},
                        headers={"Accept-Language": language})


def cache_directives(response):
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


# What residents see.

def test_anyone_sees_the_verified_lines_emergency_numbers_first(client, hotlines):
    response = client.get(HOTLINES)
    assert response.status_code == 200
    assert numbers(response) == EMERGENCY_FIRST
    assert all(set(item) == PUBLIC_KEYS for item in response.json["items"])
    police = response.json["items"][0]
    assert (police["name_vi"], police["name_en"], police["scope"]) == ("Công an", "Police", "national")
    assert police["checked_on"] == "2026-11-28"
    assert response.json["as_of"].endswith("+00:00")
    assert "Set-Cookie" not in response.headers


def test_no_unverified_number_and_not_the_empty_national_dv_place_reaches_residents(client, hotlines):
    text = client.get(HOTLINES).get_data(as_text=True)
    assert [number for number in UNVERIFIED_NUMBERS if number in text] == []
    assert "Tổng đài quốc gia phòng, chống bạo lực gia đình" not in text
    assert hotlines["national-dv"].number is None and hotlines["national-dv"].status == "unverified"


def test_a_retired_line_leaves_the_public_list(client, admin, hotlines):
    assert patch(admin, hotlines["112"], status="retired").status_code == 200
    assert numbers(client.get(HOTLINES)) == ["113", "111", "115", "114"]


def test_a_number_given_but_not_verified_stays_hidden(client, admin, hotlines):
    response = patch(admin, hotlines["national-dv"], number=FAKE_NUMBER)
    assert (response.status_code, response.json["status"], response.json["checked_on"]) == (200, "unverified", None)
    assert FAKE_NUMBER not in client.get(HOTLINES).get_data(as_text=True)


@pytest.mark.parametrize("empty", [None, ""])
def test_a_verified_row_without_a_number_is_never_listed(app, client, hotlines, empty):
    # Not possible through the API (verifying needs a number); a row written by hand must not show up empty.
    with app.app_context(), database.connection_context():
        Hotline.update(number=empty, status="verified").where(Hotline.key == "national-dv").execute()
    response = client.get(HOTLINES)
    assert numbers(response) == EMERGENCY_FIRST
    assert "Tổng đài quốc gia" not in response.get_data(as_text=True)


def test_an_empty_table_answers_an_empty_list(client):
    assert client.get(HOTLINES).json == {"items": [], "as_of": None}


def test_the_list_is_public_cacheable_data_revalidated_with_its_etag(client, hotlines):
    first = client.get(HOTLINES)
    assert cache_directives(first) == {"public", "max-age=0"}
    again = client.get(HOTLINES, headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.get_data()) == (304, b"")
    assert "Set-Cookie" not in again.headers


def test_the_answer_kept_in_memory_follows_an_admins_edit(client, admin, hotlines):
    first = client.get(HOTLINES)
    assert patch(admin, hotlines["115"], hours="24/7").status_code == 200
    changed = client.get(HOTLINES, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert [item["hours"] for item in changed.json["items"] if item["number"] == "115"] == ["24/7"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_staff_read_the_same_list_but_it_is_never_stored(log_in, make_user, hotlines, role):
    response = log_in(make_user(role=role)).get(HOTLINES)
    assert response.status_code == 200
    assert numbers(response) == EMERGENCY_FIRST
    assert response.headers["Cache-Control"] == "no-store"


# The city admin's registry.

def test_the_registry_lists_every_line_with_status_source_and_version(admin, hotlines):
    response = admin.get(REGISTRY)
    assert response.status_code == 200
    items = {item["key"]: item for item in response.json["items"]}
    assert set(items) == set(hotlines) and len(items) == 9
    assert all(set(item) == REGISTRY_KEYS for item in items.values())
    place = items["national-dv"]
    assert (place["number"], place["status"], place["checked_on"], place["version"]) == (
        None, "unverified", None, 1)
    assert place["source"].startswith("Nghị định 76/2023/NĐ-CP")
    assert items["18008065"]["status"] == "unverified"
    assert [item["key"] for item in response.json["items"]][:6] == [*EMERGENCY_FIRST, "national-dv"]


def test_the_registry_and_edits_need_a_session(client, hotlines):
    assert client.get(REGISTRY).status_code == 401
    response = client.patch(f"{HOTLINES}/{hotlines['113'].id}", json={"version": 1, "hours": "x"})
    assert response.status_code == 401


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_only_the_city_admin_keeps_the_lines(log_in, make_user, hotline, hotlines, role):
    client = log_in(make_user(role=role))
    assert client.get(REGISTRY).status_code == 403
    response = patch(client, hotlines["18008065"], status="verified")
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")
    assert hotline("18008065").status == "unverified"


# Verifying a line.

def test_verifying_a_line_dates_it_in_can_tho_and_publishes_it(app, client, log_in, make_user, hotline, hotlines):
    # 18:30 UTC on 1 March is already 2 March in Cần Thơ.
    with at(datetime(2027, 3, 1, 18, 30)):
        admin_user = make_user(role="city_admin")
        response = patch(log_in(admin_user), hotlines["18008065"], status="verified", hours="7:00–17:00")
        assert numbers(client.get(HOTLINES)) == [*EMERGENCY_FIRST, "18008065"]
    assert response.status_code == 200
    assert (response.json["status"], response.json["checked_on"], response.json["version"]) == (
        "verified", "2027-03-02", 2)
    assert response.json["updated_by"] == {"id": admin_user.id, "display_name": admin_user.display_name}
    stored = hotline("18008065")
    assert (stored.checked_on, stored.updated_by_id) == (date(2027, 3, 2), admin_user.id)
    with app.app_context(), database.connection_context():
        event = AuditEvent.get(AuditEvent.action == "hotline.verified")
    assert (event.actor_id, event.target_type, event.target_id) == (admin_user.id, "Hotline", str(stored.id))
    assert json.loads(event.details) == {"fields": ["hours", "status"], "number": "18008065", "status": "verified"}


def test_verifying_needs_a_number_in_vietnamese_and_in_english(admin, hotline, hotlines):
    place = hotlines["national-dv"]
    vi = patch(admin, place, status="verified")
    en = patch(admin, place, language="en", status="verified")
    assert (vi.status_code, en.status_code) == (422, 422)
    assert vi.json["error"]["fields"] == {"number": ["Đường dây đã xác nhận phải có số điện thoại."]}
    assert en.json["error"]["fields"] == {"number": ["A verified line needs a number."]}
    assert (hotline("national-dv").status, hotline("national-dv").version) == ("unverified", 1)


def test_the_national_dv_place_is_verified_with_its_number_in_one_step(client, admin, hotlines):
    response = patch(admin, hotlines["national-dv"], number="000 123", status="verified")
    assert response.status_code == 200
    assert response.json["number"] == FAKE_NUMBER  # spaces are typing, not part of the number
    listed = numbers(client.get(HOTLINES))
    assert listed == [*EMERGENCY_FIRST, FAKE_NUMBER]  # right after the emergency numbers


def test_a_verified_line_cannot_lose_its_number(admin, hotline, hotlines):
    response = patch(admin, hotlines["111"], number=None)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["number"]
    assert hotline("111").number == "111"


def test_two_lines_cannot_share_a_number(admin, hotlines):
    response = patch(admin, hotlines["national-dv"], language="en", number="111")
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"number": ["Another line has this number."]}


def test_changing_a_verified_lines_hours_dates_the_check_anew_but_renaming_it_does_not(log_in, make_user, hotlines):
    with at(datetime(2027, 5, 4, 3, 0)):
        client = log_in(make_user(role="city_admin"))
        renamed = patch(client, hotlines["114"], name_en="Fire and rescue (PCCC)")
        assert renamed.json["checked_on"] == "2026-11-28"
        rechecked = client.patch(f"{HOTLINES}/{hotlines['114'].id}", json={"version": 2, "cost": "free"})
        assert rechecked.json["checked_on"] == "2026-11-28"  # the same cost: nothing was confirmed anew
        changed = client.patch(f"{HOTLINES}/{hotlines['114'].id}", json={"version": 3, "hours": "24/7"})
    assert (changed.status_code, changed.json["checked_on"]) == (200, "2027-05-04")


def test_a_stale_edit_gets_409_with_the_current_line(log_in, make_user, hotline, hotlines):
    first, second = log_in(make_user(role="city_admin")), log_in(make_user(role="city_admin"))
    line = hotlines["115"]
    assert patch(first, line, hours="24/7").status_code == 200
    stale = patch(second, line, hours="emergency line only")
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "version_conflict"
    assert (stale.json["current"]["hours"], stale.json["current"]["version"]) == ("24/7", 2)
    assert (hotline("115").hours, hotline("115").version) == ("24/7", 2)


def test_an_unknown_line_is_404(admin):
    response = admin.patch(f"{HOTLINES}/999999", json={"version": 1, "hours": "24/7"})
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


BAD_EDITS = {
    "a number with letters": ({"number": "11a"}, "number", "Chỉ gồm chữ số, từ 3 đến 15 chữ số."),
    "a number too short": ({"number": "11"}, "number", "Chỉ gồm chữ số, từ 3 đến 15 chữ số."),
    "a number too long": ({"number": "1" * 16}, "number", "Chỉ gồm chữ số, từ 3 đến 15 chữ số."),
    "a number as an integer": ({"number": 113}, "number", "Phải là chuỗi ký tự."),
    "a number with a plus": ({"number": "+84113"}, "number", "Chỉ gồm chữ số, từ 3 đến 15 chữ số."),
    "an unknown status": ({"status": "active"}, "status", None),
    "an unknown scope": ({"scope": "province"}, "scope", None),
    "a blank name": ({"name_vi": "   "}, "name_vi", "Không được để trống."),
    "an empty name": ({"name_en": ""}, "name_en", None),
    "an over-long name": ({"name_vi": "x" * 201}, "name_vi", "Độ dài phải từ 1 đến 200 ký tự."),
    "over-long hours": ({"hours": "x" * 101}, "hours", "Không được dài quá 100 ký tự."),
    "an over-long cost": ({"cost": "x" * 41}, "cost", None),
    "an over-long operator": ({"operator": "x" * 301}, "operator", None),
    "an over-long source": ({"source": "x" * 2001}, "source", None),
    "a negative position": ({"position": -1}, "position", None),
    "a position as text": ({"position": "1"}, "position", "Phải là số nguyên."),
    "a NUL character": ({"hours": "24/7\x00"}, "hours", "Có ký tự không được phép."),
    "an unknown field": ({"key": "113"}, "key", "Trường này không được chấp nhận."),
    "no version": ({"version": None}, "version", "Không được để trống."),
}


@pytest.mark.parametrize("changes, field, message", BAD_EDITS.values(), ids=BAD_EDITS)
def test_a_bad_edit_is_a_422_on_its_field_and_changes_nothing(admin, hotline, hotlines, changes, field, message):
    line = hotlines["national-dv"]
    response = admin.patch(f"{HOTLINES}/{line.id}", json={"version": 1, **changes})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]
    if message:
        assert response.json["error"]["fields"][field] == [message]
    assert response.json["error"]["message"] == "Một số thông tin chưa hợp lệ, vui lòng kiểm tra lại."
    assert hotline("national-dv").version == 1


def test_a_bad_edit_is_explained_in_english_when_asked(admin, hotlines):
    response = patch(admin, hotlines["national-dv"], language="en", number="11a")
    assert response.json["error"]["fields"] == {"number": ["Use digits only, 3 to 15 of them."]}
    assert response.json["error"]["message"] == "Some fields are not valid."
