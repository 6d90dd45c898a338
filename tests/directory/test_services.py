"""Public services of each ward (issue 6 contract): anyone reads a ward's open offices with their published
contacts, as cacheable public data; the city admin adds, corrects and closes them from a known version."""
import json

import pytest

from server.audit.models import AuditEvent
from server.db import database

from tests.conftest import OTHER_WARD, WARD
from tests.directory.conftest import ALL_ROLES, SERVICES, STAFF_ROLES, service_body

REGISTRY = f"{SERVICES}/registry"
PUBLIC_KEYS = {"id", "ward_code", "kind", "name", "phone", "address", "hours", "note_vi", "note_en"}
REGISTRY_KEYS = PUBLIC_KEYS | {"organization_id", "active", "version", "updated_at"}


def names(response):
    return [item["name"] for item in response.json["items"]]


def cache_directives(response):
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


# What residents see.

def test_anyone_sees_a_wards_open_services_ward_committee_first(client, make_service):
    health = make_service(kind="health", name="Trạm Y tế")
    committee = make_service(kind="ward_committee", name="UBND phường")
    police = make_service(kind="police", name="Công an phường")
    make_service(kind="health", name="Trạm đã đóng", active=False)
    make_service(kind="health", name="Trạm phường khác", ward_code=OTHER_WARD)
    response = client.get(f"{SERVICES}?ward={WARD}")
    assert response.status_code == 200
    assert names(response) == ["UBND phường", "Trạm Y tế", "Công an phường"]
    assert all(set(item) == PUBLIC_KEYS for item in response.json["items"])
    assert response.json["items"][1] == {
        "id": health.id, "ward_code": WARD, "kind": "health", "name": "Trạm Y tế", "phone": "0292 3800 001",
        "address": "Số 1 đường Thử nghiệm", "hours": "7:00–17:00", "note_vi": "Khám và sơ cứu.",
        "note_en": "Examination and first aid."}
    assert {committee.id, police.id} < {item["id"] for item in response.json["items"]}
    assert "Set-Cookie" not in response.headers
    assert cache_directives(response) == {"public", "max-age=0"}


def test_a_ward_without_services_answers_an_empty_list(client, make_service):
    make_service()
    assert client.get(f"{SERVICES}?ward={OTHER_WARD}").json == {"items": []}


@pytest.mark.parametrize("query, vi, en", [
    ("", "Bắt buộc phải nhập.", "Missing data for required field."),
    ("?ward=", "Độ dài phải đúng 5 ký tự.", "Length must be 5."),
    ("?ward=abcde", "Không đúng định dạng.", "String does not match expected pattern."),
    ("?ward=311350", "Độ dài phải đúng 5 ký tự.", "Length must be 5."),
    ("?ward=99999", "Không có xã/phường nào mang mã này.", "No ward has this code."),
    ("?ward=3113%00", "Có ký tự không được phép.", "Contains a character that is not allowed."),
])
def test_a_missing_or_bad_ward_is_a_422_in_vietnamese_and_english(client, query, vi, en):
    answers = [client.get(f"{SERVICES}{query}", headers={"Accept-Language": language}) for language in ("vi", "en")]
    assert [answer.status_code for answer in answers] == [422, 422]
    assert answers[0].json["error"]["fields"]["ward"][0] == vi
    assert answers[1].json["error"]["fields"]["ward"][0] == en


def test_the_list_is_revalidated_with_its_etag_and_follows_an_admins_edit(client, admin, make_service):
    service = make_service(phone="0292 3800 001")
    first = client.get(f"{SERVICES}?ward={WARD}")
    unchanged = client.get(f"{SERVICES}?ward={WARD}", headers={"If-None-Match": first.headers["ETag"]})
    assert (unchanged.status_code, unchanged.get_data()) == (304, b"")
    edited = admin.patch(f"{SERVICES}/{service.id}", json={"version": 1, "phone": "0292 3800 999"})
    assert edited.status_code == 200
    changed = client.get(f"{SERVICES}?ward={WARD}", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert [item["phone"] for item in changed.json["items"]] == ["0292 3800 999"]


def test_a_new_service_appears_and_a_closed_one_leaves(client, admin, make_service):
    kept = make_service(name="Trạm Y tế")
    assert names(client.get(f"{SERVICES}?ward={WARD}")) == ["Trạm Y tế"]
    created = admin.post(SERVICES, json=service_body(kind="police", name="Công an phường"))
    assert created.status_code == 201
    assert names(client.get(f"{SERVICES}?ward={WARD}")) == ["Trạm Y tế", "Công an phường"]
    assert admin.patch(f"{SERVICES}/{kept.id}", json={"version": 1, "active": False}).status_code == 200
    assert names(client.get(f"{SERVICES}?ward={WARD}")) == ["Công an phường"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_staff_read_the_same_list_but_it_is_never_stored(log_in, make_user, make_service, role):
    make_service(name="Trạm Y tế")
    response = log_in(make_user(role=role)).get(f"{SERVICES}?ward={WARD}")
    assert (response.status_code, names(response)) == (200, ["Trạm Y tế"])
    assert response.headers["Cache-Control"] == "no-store"


# The city admin's registry.

def test_the_registry_lists_closed_services_too_and_filters_by_ward(admin, make_service):
    here = make_service(name="Trạm đã đóng", active=False)
    there = make_service(ward_code=OTHER_WARD)
    everything = admin.get(REGISTRY)
    assert everything.status_code == 200
    assert {item["id"] for item in everything.json["items"]} == {here.id, there.id}
    assert all(set(item) == REGISTRY_KEYS for item in everything.json["items"])
    assert [item["id"] for item in admin.get(f"{REGISTRY}?ward={WARD}").json["items"]] == [here.id]
    assert admin.get(f"{REGISTRY}?ward=abc").status_code == 422


def test_the_registry_and_writes_need_a_session(client, make_service):
    service = make_service()
    assert client.get(REGISTRY).status_code == 401
    assert client.post(SERVICES, json=service_body()).status_code == 401
    assert client.patch(f"{SERVICES}/{service.id}", json={"version": 1, "name": "x"}).status_code == 401


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_only_the_city_admin_keeps_the_services(log_in, make_user, make_service, service_row, role):
    service = make_service()
    client = log_in(make_user(role=role))
    answers = [client.get(REGISTRY), client.post(SERVICES, json=service_body()),
               client.patch(f"{SERVICES}/{service.id}", json={"version": 1, "name": "Đổi tên"})]
    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert service_row(service.id).name == service.name


def test_the_admin_adds_a_service_linked_to_an_organisation_and_it_is_audited(app, log_in, make_user,
                                                                              make_organization):
    admin_user = make_user(role="city_admin")
    organization = make_organization(kind="health")
    response = log_in(admin_user).post(SERVICES, json=service_body(organization_id=organization.id))
    assert response.status_code == 201
    assert set(response.json) == REGISTRY_KEYS
    assert (response.json["organization_id"], response.json["active"], response.json["version"]) == (
        organization.id, True, 1)
    with app.app_context(), database.connection_context():
        event = AuditEvent.get(AuditEvent.action == "public_service.created")
    assert (event.actor_id, event.target_id, event.ward_code) == (admin_user.id, str(response.json["id"]), WARD)
    assert json.loads(event.details) == {"kind": "health"}


def test_a_minimal_service_needs_only_ward_kind_and_name(admin):
    response = admin.post(SERVICES, json={"ward_code": WARD, "kind": "womens_union", "name": "Hội Phụ nữ phường"})
    assert response.status_code == 201
    assert (response.json["phone"], response.json["address"], response.json["hours"]) == (None, None, "")


def test_an_edit_bumps_the_version_and_is_audited(app, admin, make_service):
    service = make_service()
    response = admin.patch(f"{SERVICES}/{service.id}", json={"version": 1, "hours": "24/7", "ward_code": OTHER_WARD})
    assert response.status_code == 200
    assert (response.json["hours"], response.json["ward_code"], response.json["version"]) == ("24/7", OTHER_WARD, 2)
    with app.app_context(), database.connection_context():
        event = AuditEvent.get(AuditEvent.action == "public_service.updated")
    assert json.loads(event.details) == {"fields": ["hours", "ward_code"]}


def test_a_stale_edit_gets_409_with_the_current_service(log_in, make_user, make_service, service_row):
    service = make_service()
    first, second = log_in(make_user(role="city_admin")), log_in(make_user(role="city_admin"))
    assert first.patch(f"{SERVICES}/{service.id}", json={"version": 1, "phone": "0292 111 222"}).status_code == 200
    stale = second.patch(f"{SERVICES}/{service.id}", json={"version": 1, "phone": "0292 333 444"})
    assert (stale.status_code, stale.json["error"]["code"]) == (409, "version_conflict")
    assert (stale.json["current"]["phone"], stale.json["current"]["version"]) == ("0292 111 222", 2)
    assert service_row(service.id).phone == "0292 111 222"


def test_an_unknown_service_is_404(admin):
    response = admin.patch(f"{SERVICES}/999999", json={"version": 1, "name": "Trạm"})
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


BAD_SERVICES = {
    "no ward": ({"ward_code": None}, "ward_code", "Không được để trống."),
    "a bad ward code": ({"ward_code": "3113a"}, "ward_code", "Không đúng định dạng."),
    "an unknown ward": ({"ward_code": "99999"}, "ward_code", "Không có xã/phường nào mang mã này."),
    "an unknown kind": ({"kind": "hospital"}, "kind", None),
    "a blank name": ({"name": "  "}, "name", "Không được để trống."),
    "an over-long name": ({"name": "x" * 201}, "name", "Độ dài phải từ 1 đến 200 ký tự."),
    "a phone with letters": ({"phone": "0292 ABC 001"}, "phone", "Số điện thoại không hợp lệ."),
    "an over-long phone": ({"phone": "0" * 21}, "phone", "Số điện thoại không hợp lệ."),
    "an over-long address": ({"address": "x" * 301}, "address", "Không được dài quá 300 ký tự."),
    "over-long hours": ({"hours": "x" * 201}, "hours", "Không được dài quá 200 ký tự."),
    "an over-long note": ({"note_en": "x" * 301}, "note_en", "Không được dài quá 300 ký tự."),
    "a NUL character": ({"name": "Trạm\x00"}, "name", "Có ký tự không được phép."),
    "an unknown organisation": ({"organization_id": 999999}, "organization_id",
                                "Không có tổ chức nào mang mã này."),
    "an organisation id as text": ({"organization_id": "1"}, "organization_id", "Phải là số nguyên."),
}


@pytest.mark.parametrize("changes, field, message", BAD_SERVICES.values(), ids=BAD_SERVICES)
def test_a_bad_service_is_a_422_on_its_field_and_nothing_is_stored(admin, changes, field, message):
    response = admin.post(SERVICES, json=service_body(**changes))
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]
    if message:
        assert response.json["error"]["fields"][field] == [message]
    assert admin.get(REGISTRY).json["items"] == []


@pytest.mark.parametrize("body, field", [
    ({"version": 1, "kind": "hospital"}, "kind"), ({"version": 1, "phone": "abc"}, "phone"),
    ({"version": 1, "ward_code": "99999"}, "ward_code"), ({"version": 1, "name": None}, "name"),
    ({"version": "1", "name": "Trạm"}, "version"), ({"name": "Trạm"}, "version"),
])
def test_a_bad_edit_is_a_422_and_changes_nothing(admin, make_service, service_row, body, field):
    service = make_service()
    response = admin.patch(f"{SERVICES}/{service.id}", json=body)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]
    assert service_row(service.id).version == 1


def test_a_bad_service_is_explained_in_english_when_asked(admin):
    response = admin.post(SERVICES, json=service_body(kind="hospital", phone="call me"),
                          headers={"Accept-Language": "en"})
    fields = response.json["error"]["fields"]
    assert fields["phone"] == ["Not a valid phone number."]
    assert fields["kind"][0].startswith("Must be one of: ward_committee, health")
