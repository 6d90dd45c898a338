"""What every endpoint that reads JSON does with a body it cannot take (server/contract.py, server/text.py):
a 4xx with the envelope, never a 500, public endpoints included."""
import pytest

from server.contract import MAX_JSON_DEPTH

from tests.escaped import escaped_json
from tests.test_access import _all_routes

NOT_ALLOWED = {"vi": "Có ký tự không được phép.", "en": "Contains a character that is not allowed."}
TOO_DEEP = {"vi": "Dữ liệu gửi lên lồng nhau quá nhiều tầng.", "en": "The request body is nested too deeply."}


def nested_objects(levels):
    """``{"a": {"a": ... 1 ...}}``, ``levels`` objects deep."""
    return '{"a":' * levels + "1" + "}" * levels


def nested_lists(levels):
    return "[" * levels + "]" * levels


@pytest.fixture
def clients(client, log_in, make_user):
    """Someone of each kind who may reach an endpoint's body: anonymous, a collaborator, a city admin."""
    return {"anonymous": client, "collaborator": log_in(make_user(role="collaborator")),
            "city_admin": log_in(make_user(role="city_admin"))}


# (who, path): a public form, the public login, a staff form, the phone's outbox.
ENDPOINTS = [("anonymous", "/api/v1/help-requests"), ("anonymous", "/api/v1/auth/login"),
             ("city_admin", "/api/v1/campaigns"), ("collaborator", "/api/v1/sync")]


@pytest.mark.parametrize("who, path", ENDPOINTS)
@pytest.mark.parametrize("nested", [nested_lists, nested_objects], ids=["lists", "objects"])
def test_json_nested_thousands_deep_is_a_400_not_a_500(clients, who, path, nested):
    # Python's parser gave up past about a thousand levels with a RecursionError (a 500). The public form
    # reads at most 16 KB, which 5,000 objects would pass (a 413 first): 2,500 of them fit.
    body = nested(2500 if path == "/api/v1/help-requests" and nested is nested_objects else 5000)
    for language in ("vi", "en"):
        response = clients[who].post(path, data=body, content_type="application/json",
                                     headers={"Accept-Language": language})
        assert response.status_code == 400, response.json
        assert response.json["error"] == {"code": "json_too_deep", "message": TOO_DEEP[language], "fields": {}}


@pytest.mark.parametrize("who, path", ENDPOINTS)
def test_nesting_is_refused_from_one_level_past_the_limit(clients, who, path):
    assert MAX_JSON_DEPTH == 32
    refused = clients[who].post(path, data=nested_objects(MAX_JSON_DEPTH + 1), content_type="application/json")
    assert (refused.status_code, refused.json["error"]["code"]) == (400, "json_too_deep")
    # 32 levels pass the depth check: the schema then refuses the unknown field (a 422, not json_too_deep).
    taken = clients[who].post(path, data=nested_objects(MAX_JSON_DEPTH), content_type="application/json")
    assert taken.status_code == 422, taken.json
    assert "a" in taken.json["error"]["fields"]


def test_lists_past_the_limit_are_refused_too(clients):
    deep = clients["anonymous"].post("/api/v1/help-requests", data=nested_lists(MAX_JSON_DEPTH + 1),
                                     content_type="application/json")
    shallow = clients["anonymous"].post("/api/v1/help-requests", data=nested_lists(MAX_JSON_DEPTH),
                                        content_type="application/json")
    assert (deep.status_code, deep.json["error"]["code"]) == (400, "json_too_deep")
    assert (shallow.status_code, shallow.json["error"]["code"]) == (400, "json_object_expected")


@pytest.mark.parametrize("text", [
    "nửa biểu tượng \ud83d",  # a high surrogate alone: JSON.stringify of an emoji cut in half
    "\ude00 nửa sau",  # a low surrogate alone
    "lệnh \x1b[31m",  # an escape sequence
    "ký tự \ufdd0",  # a noncharacter
    "cuối mặt phẳng \U0010ffff",
])
def test_every_endpoint_that_reads_json_refuses_bad_text_with_a_422_never_a_500(app, clients, text):
    """Each endpoint, as each kind of person: where the body is read, the bad value is named; elsewhere
    (not allowed, not found) some other 4xx. A lone surrogate used to reach the cipher and give a 500."""
    named = 0
    for method, url, endpoint in _all_routes(app):
        if method not in ("POST", "PUT", "PATCH") or endpoint == "auth.logout":  # logout would end the walk
            continue
        for client in clients.values():
            response = client.open(url, method=method, **escaped_json({"x": text}))
            assert response.status_code < 500, f"{method} {url} ({endpoint}): {response.status_code}"
            if response.status_code == 422 and "x" in response.json["error"]["fields"]:
                assert response.json["error"]["fields"]["x"] == [NOT_ALLOWED["vi"]], f"{method} {url}"
                named += 1
    assert named >= 20  # the walk really reached the bodies


def test_a_bad_object_key_is_named_without_breaking_the_answer(clients):
    # The answer is UTF-8, which cannot hold the surrogate: the key is shown with U+FFFD in its place.
    response = clients["anonymous"].post("/api/v1/help-requests", headers={"Accept-Language": "en"},
                                         **escaped_json({"name\ud83d": "Thu"}))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"name\ufffd": [NOT_ALLOWED["en"]]}


def test_tabs_line_breaks_and_whole_emoji_are_text(clients):
    body = {"id": "0b6c1b9e-5d4a-4c3b-9a8f-7e6d5c4b3a21", "contact_method": "none",
            "situation": "Dòng một\r\nDòng hai\tvà một dấu tab 😀"}
    response = clients["anonymous"].post("/api/v1/help-requests", **escaped_json(body))
    assert response.status_code == 201, response.json
