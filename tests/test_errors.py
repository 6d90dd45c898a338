"""Bad input always gets a clear 4xx in one envelope, in the caller's language; never a 500."""
import pytest

LOGIN = "/api/v1/auth/login"


def _error(response):
    assert set(response.json) == {"error"}
    assert set(response.json["error"]) == {"code", "message", "fields"}
    return response.json["error"]


@pytest.mark.parametrize(
    ("send", "status", "code"),
    [
        (dict(data="{not json", content_type="application/json"), 400, "invalid_json"),
        (dict(data="", content_type="application/json"), 400, "invalid_json"),
        (dict(json=["a", "list"]), 400, "json_object_expected"),
        (dict(json="a string"), 400, "json_object_expected"),
        (dict(), 415, "unsupported_media_type"),
        (dict(data="username=a&password=b", content_type="application/x-www-form-urlencoded"), 415,
         "unsupported_media_type"),
        (dict(data=b"\xff\xfe\x00", content_type="application/json"), 400, "invalid_json"),
    ],
)
def test_malformed_bodies(client, send, status, code):
    response = client.post(LOGIN, **send)
    assert response.status_code == status
    assert _error(response)["code"] == code


def test_oversized_body_is_refused_before_it_is_read(app, client):
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(LOGIN, json={"username": "a", "password": too_big})
    assert response.status_code == 413
    assert _error(response)["code"] == "payload_too_large"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "x"}, "username"),
        ({"username": "a"}, "password"),
        ({"username": 12, "password": "x"}, "username"),
        ({"username": ["a"], "password": "x"}, "username"),
        ({"username": None, "password": "x"}, "username"),
        ({"username": "a", "password": {"$ne": ""}}, "password"),
        ({"username": "a" * 65, "password": "x"}, "username"),
        ({"username": "a", "password": "x", "remember": True}, "remember"),
    ],
)
def test_field_errors_name_the_field(client, body, field):
    response = client.post(LOGIN, json=body)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "validation_failed"
    assert field in error["fields"]


def test_messages_are_vietnamese_by_default_and_english_on_request(client):
    vi = _error(client.post(LOGIN, json={"password": "x", "extra": 1}))
    en = _error(client.post(LOGIN, json={"password": "x", "extra": 1}, headers={"Accept-Language": "en-GB"}))
    assert vi["fields"] == {"username": ["Bắt buộc phải nhập."], "extra": ["Trường này không được chấp nhận."]}
    assert en["fields"] == {"username": ["Missing data for required field."], "extra": ["Unknown field."]}
    assert vi["message"].startswith("Một số thông tin") and en["message"] == "Some fields are not valid."


def test_vietnamese_regional_tags_get_vietnamese(client):
    response = client.post(LOGIN, json={}, headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})
    assert _error(response)["fields"]["username"] == ["Bắt buộc phải nhập."]


def test_parameterised_messages_are_translated(client):
    response = client.post(LOGIN, json={"username": "a" * 65, "password": "x"})
    assert _error(response)["fields"]["username"] == ["Độ dài phải từ 1 đến 64 ký tự."]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/no-such-thing", 404, "not_found"),
        ("DELETE", "/api/v1/wards", 405, "method_not_allowed"),
        ("GET", "/api/v1/auth/login", 405, "method_not_allowed"),
        ("GET", "/api/v1/wards/00000", 404, "not_found"),
    ],
)
def test_routing_errors_use_the_envelope(client, method, path, status, code):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert _error(response)["code"] == code


def test_an_unexpected_failure_is_a_generic_500_without_details(app, client, monkeypatch):
    from server.wards import api as wards_api

    def broken(*_args, **_kwargs):
        raise RuntimeError("Nguyễn Thị A, 0901234567")  # personal data that must not reach the client

    monkeypatch.setattr(wards_api, "fold", broken)
    response = client.get("/api/v1/wards?q=abc")
    assert response.status_code == 500
    error = _error(response)
    assert error["code"] == "internal_error"
    assert "Nguyễn" not in response.get_data(as_text=True)
