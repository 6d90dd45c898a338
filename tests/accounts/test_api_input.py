"""Bad input to the accounts API: always a 4xx with per-field messages in the reader's language (Vietnamese
unless the browser asks for English), never a 500, and nothing stored by a request that failed."""
import pytest

from server.accounts.models import Organization, User
from server.audit.models import AuditEvent
from server.db import database

from tests.conftest import WARD
from tests.escaped import escaped_json

VALID = {"username": "lan.nguyen", "display_name": "Nguyễn Thị Lan", "role": "collaborator", "ward_code": WARD}

REQUIRED = ("Missing data for required field.", "Bắt buộc phải nhập.")
NOT_AN_INTEGER = ("Not a valid integer.", "Phải là số nguyên.")
NOT_A_STRING = ("Not a valid string.", "Phải là chuỗi ký tự.")
UNKNOWN_FIELD = ("Unknown field.", "Trường này không được chấp nhận.")
NOT_NULL = ("Field may not be null.", "Không được để trống.")
USERNAME_FORMAT = ("Use lowercase letters, digits, dots, hyphens and underscores.",
                   "Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch ngang và gạch dưới.")
NO_SUCH_WARD = ("No ward has this code.", "Không có xã/phường nào mang mã này.")
NO_SUCH_ORGANIZATION = ("No organisation has this id.", "Không có tổ chức nào mang mã này.")
WARD_CODE_LENGTH = ("Length must be 5.", "Độ dài phải đúng 5 ký tự.")
NEEDS_WARD = ("This role needs a ward.", "Vai trò này cần chọn xã/phường.")
HAS_NO_WARD = ("This role has no ward.", "Vai trò này không gắn với xã/phường.")
NEEDS_ORGANIZATION = ("This role needs an organisation.", "Vai trò này cần chọn tổ chức.")
HAS_NO_ORGANIZATION = ("This role has no organisation.", "Vai trò này không gắn với tổ chức.")
PATTERN = ("String does not match expected pattern.", "Không đúng định dạng.")
NOT_ALLOWED = ("Contains a character that is not allowed.", "Có ký tự không được phép.")
BLANK = ("Must not be blank.", "Không được để trống.")
ONE_OF_THE_ROLES = ("Must be one of: collaborator, ward_officer, provider, shelter_host, city_admin.",
                    "Phải là một trong các giá trị: collaborator, ward_officer, provider, shelter_host, city_admin.")

MISSING = "<missing>"
# "HEALTH" and "SHELTER" stand for the id of an organisation of that kind, made by the test.
BAD_USERS = {
    "missing username": ({"username": MISSING}, "username", REQUIRED),
    "missing display name": ({"display_name": MISSING}, "display_name", REQUIRED),
    "missing role": ({"role": MISSING}, "role", REQUIRED),
    "null display name": ({"display_name": None}, "display_name", NOT_NULL),
    "empty display name": ({"display_name": ""}, "display_name",
                           ("Length must be between 1 and 100.", "Độ dài phải từ 1 đến 100 ký tự.")),
    # PostgreSQL refuses a NUL character outright: it must be refused before it reaches a query.
    "display name with a NUL": ({"display_name": "Lan\x00"}, "display_name", NOT_ALLOWED),
    "display name with a line break": ({"display_name": "Lan\nAnh"}, "display_name", NOT_ALLOWED),
    "display name of spaces only": ({"display_name": "   "}, "display_name", BLANK),
    "display name with a line break after accents": ({"display_name": "Lan\nNguyễn"}, "display_name", NOT_ALLOWED),
    # A name shown in every list must not turn the text after it around (U+202E) nor hide half an emoji.
    "display name with a right-to-left override": ({"display_name": "Lan\u202eAnh"}, "display_name", NOT_ALLOWED),
    "display name with a bidi isolate": ({"display_name": "\u2067Lan"}, "display_name", NOT_ALLOWED),
    "display name with half an emoji": ({"display_name": "Lan \ud83d"}, "display_name", NOT_ALLOWED),
    "display name with a noncharacter": ({"display_name": "Lan\ufffe"}, "display_name", NOT_ALLOWED),
    "role is a number": ({"role": 5}, "role", NOT_A_STRING),
    "unknown role": ({"role": "boss"}, "role", ONE_OF_THE_ROLES),
    "organisation id as text": ({"role": "provider", "ward_code": None, "organization_id": "1"},
                                "organization_id", NOT_AN_INTEGER),
    "unknown ward code": ({"ward_code": "99999"}, "ward_code", NO_SUCH_WARD),
    "ward code too short": ({"ward_code": "311"}, "ward_code", WARD_CODE_LENGTH),
    "ward code with a NUL": ({"ward_code": "3113\x00"}, "ward_code", NOT_ALLOWED),
    "ward code of letters": ({"ward_code": "abcde"}, "ward_code", PATTERN),
    "ward code is a number": ({"ward_code": 31135}, "ward_code", NOT_A_STRING),
    "unknown organisation": ({"role": "provider", "ward_code": None, "organization_id": 999999},
                             "organization_id", NO_SUCH_ORGANIZATION),
    "collaborator without a ward": ({"ward_code": None}, "ward_code", NEEDS_WARD),
    "ward officer without a ward": ({"role": "ward_officer", "ward_code": None}, "ward_code", NEEDS_WARD),
    "collaborator with an organisation": ({"organization_id": "HEALTH"}, "organization_id", HAS_NO_ORGANIZATION),
    "provider without an organisation": ({"role": "provider", "ward_code": None}, "organization_id",
                                         NEEDS_ORGANIZATION),
    "provider with a ward": ({"role": "provider", "organization_id": "HEALTH"}, "ward_code", HAS_NO_WARD),
    "provider of a shelter": ({"role": "provider", "ward_code": None, "organization_id": "SHELTER"},
                              "organization_id", NO_SUCH_ORGANIZATION),
    "shelter host of a health station": ({"role": "shelter_host", "ward_code": None, "organization_id": "HEALTH"},
                                         "organization_id", NO_SUCH_ORGANIZATION),
    "city admin with a ward": ({"role": "city_admin"}, "ward_code", HAS_NO_WARD),
    "city admin with an organisation": ({"role": "city_admin", "ward_code": None, "organization_id": "HEALTH"},
                                        "organization_id", HAS_NO_ORGANIZATION),
    "username with capitals": ({"username": "Lan.Nguyen"}, "username", USERNAME_FORMAT),
    "username with accents": ({"username": "lan.nguyễn"}, "username", USERNAME_FORMAT),
    "username with a space": ({"username": "lan nguyen"}, "username", USERNAME_FORMAT),
    "username too short": ({"username": "ln"}, "username", USERNAME_FORMAT),
    "username too long": ({"username": "l" * 65}, "username", USERNAME_FORMAT),
    "username ending in a line break": ({"username": "lan.nguyen\n"}, "username", USERNAME_FORMAT),
    "username is a number": ({"username": 42}, "username", NOT_A_STRING),
    "unknown field": ({"is_superuser": True}, "is_superuser", UNKNOWN_FIELD),
}


def body_with(changes, organizations):
    body = {**VALID, **changes}
    return {name: organizations.get(value, value) for name, value in body.items() if value != MISSING}


def stored(model):
    with database.connection_context():
        return model.select().count()


@pytest.fixture
def admin(log_in, make_user):
    return log_in(make_user(role="city_admin"))


@pytest.fixture
def organizations(make_organization):
    return {"HEALTH": make_organization(kind="health", ward=None).id,
            "SHELTER": make_organization(kind="shelter").id}


@pytest.mark.parametrize("changes, field, messages", BAD_USERS.values(), ids=BAD_USERS)
def test_a_bad_new_account_is_refused_field_by_field(admin, organizations, changes, field, messages):
    body = body_with(changes, organizations)
    users_before, events_before = stored(User), stored(AuditEvent)
    english, vietnamese = messages
    for headers, expected in [({}, vietnamese), ({"Accept-Language": "en-US,en;q=0.9"}, english),
                              ({"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}, vietnamese)]:
        response = admin.post("/api/v1/users", headers=headers, **escaped_json(body))
        assert response.status_code == 422, response.json
        assert response.json["error"]["code"] == "validation_failed"
        assert expected in response.json["error"]["fields"][field], response.json
    assert (stored(User), stored(AuditEvent)) == (users_before, events_before)


def test_the_envelope_message_follows_the_language_too(admin):
    response = admin.post("/api/v1/users", json={}, headers={"Accept-Language": "en"})
    assert response.json["error"]["message"] == "Some fields are not valid."
    assert set(response.json["error"]["fields"]) == {"username", "display_name", "role"}
    response = admin.post("/api/v1/users", json={})
    assert response.json["error"]["message"] == "Một số thông tin chưa hợp lệ, vui lòng kiểm tra lại."


def test_a_taken_username_is_a_conflict_on_that_field(admin, make_user):
    make_user(role="collaborator", username=VALID["username"])
    users_before = stored(User)
    response = admin.post("/api/v1/users", json=VALID)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "username_taken"
    assert response.json["error"]["fields"] == {"username": ["Tên đăng nhập này đã được dùng."]}
    english = admin.post("/api/v1/users", json=VALID, headers={"Accept-Language": "en"})
    assert english.json["error"]["fields"] == {"username": ["This username is already taken."]}
    assert stored(User) == users_before


@pytest.mark.parametrize("data, content_type, status, code", [
    ("not json", "application/json", 400, "invalid_json"),
    ('["a", "list"]', "application/json", 400, "json_object_expected"),
    ("null", "application/json", 400, "invalid_json"),
    ("username=lan", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
])
def test_a_body_that_is_not_a_json_object_is_a_clear_client_error(admin, data, content_type, status, code):
    users_before = stored(User)
    response = admin.post("/api/v1/users", data=data, content_type=content_type)
    assert (response.status_code, response.json["error"]["code"]) == (status, code)
    assert stored(User) == users_before


@pytest.mark.parametrize("query, field", [
    ("role=boss", "role"),
    ("ward_code=1", "ward_code"),
    ("ward_code=3113%00", "ward_code"),
])
def test_a_bad_list_filter_is_refused(admin, query, field):
    response = admin.get(f"/api/v1/users?{query}")
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


BAD_ORGANIZATIONS = {
    "missing name": ({"kind": "health"}, "name", REQUIRED),
    "missing kind": ({"name": "Trạm Y tế"}, "kind", REQUIRED),
    "unknown kind": ({"name": "Trạm Y tế", "kind": "spa"}, "kind",
                     ("Must be one of: health, legal_aid, police, social_work, shelter.",
                      "Phải là một trong các giá trị: health, legal_aid, police, social_work, shelter.")),
    "name too short": ({"name": "T", "kind": "health"}, "name",
                       ("Length must be between 2 and 200.", "Độ dài phải từ 2 đến 200 ký tự.")),
    "name is a number": ({"name": 7, "kind": "health"}, "name", NOT_A_STRING),
    "unknown ward": ({"name": "Trạm Y tế", "kind": "health", "ward_code": "99999"}, "ward_code", NO_SUCH_WARD),
    "name with a NUL": ({"name": "Trạm\x00", "kind": "health"}, "name", NOT_ALLOWED),
    "ward code with a NUL": ({"name": "Trạm Y tế", "kind": "health", "ward_code": "3113\x00"}, "ward_code",
                             NOT_ALLOWED),
    "name with a right-to-left override": ({"name": "Trạm\u202eY tế", "kind": "health"}, "name", NOT_ALLOWED),
    "name with an Arabic letter mark": ({"name": "Trạm\u061cY tế", "kind": "health"}, "name", NOT_ALLOWED),
    "name with half an emoji": ({"name": "Trạm \udc00", "kind": "health"}, "name", NOT_ALLOWED),
    "unknown field": ({"name": "Trạm Y tế", "kind": "health", "id": 1}, "id", UNKNOWN_FIELD),
}


@pytest.mark.parametrize("body, field, messages", BAD_ORGANIZATIONS.values(), ids=BAD_ORGANIZATIONS)
def test_a_bad_organization_is_refused_field_by_field(admin, body, field, messages):
    english, vietnamese = messages
    for headers, expected in [({}, vietnamese), ({"Accept-Language": "en"}, english)]:
        response = admin.post("/api/v1/organizations", headers=headers, **escaped_json(body))
        assert response.status_code == 422, response.json
        assert expected in response.json["error"]["fields"][field]
    assert stored(Organization) == 0


def test_an_organization_name_is_registered_once(admin):
    body = {"name": "Trạm Y tế phường Ninh Kiều", "kind": "health", "ward_code": WARD}
    assert admin.post("/api/v1/organizations", json=body).status_code == 201
    response = admin.post("/api/v1/organizations", json=dict(body, kind="police"))
    assert response.status_code == 409
    assert response.json["error"]["fields"] == {"name": ["Đã có tổ chức mang tên này."]}
    assert stored(Organization) == 1


def test_a_nul_character_in_a_login_name_is_a_clear_answer_not_a_500(client):
    # The login form is public: whatever a visitor types must get the generic answer (or a 422), not a crash.
    response = client.post("/api/v1/auth/login", json={"username": "lan\x00", "password": "whatever"})
    assert response.status_code in (401, 422), response.json
