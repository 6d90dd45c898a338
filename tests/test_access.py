"""Default deny and CSRF: what answers without a session, and what an unsafe request must carry."""
import pytest

from server.access import PUBLIC_ENDPOINTS

SAMPLE_VALUES = {"IntegerConverter": 1, "UUIDConverter": "6f1c2b9e-5d4a-4c3b-9a8f-7e6d5c4b3a21"}  # else a string


def _all_routes(app):
    """(method, url, endpoint) for every rule of the URL map, with sample values for its variables."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        values = {
            name: SAMPLE_VALUES.get(type(converter).__name__, "x")
            for name, converter in rule._converters.items()  # werkzeug has no public accessor
        }
        url = adapter.build(rule.endpoint, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url, rule.endpoint


def test_every_endpoint_but_the_allowlist_answers_401_without_a_session(app, client):
    checked = 0
    for method, url, endpoint in _all_routes(app):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, f"{method} {url} ({endpoint}) answered {response.status_code}"
        assert response.json["error"]["code"] == "unauthenticated"
        checked += 1
    assert checked >= 10  # the walk really walked


def test_the_allowlist_names_only_real_endpoints(app):
    assert PUBLIC_ENDPOINTS <= set(app.view_functions)


def test_an_unsafe_request_with_a_session_needs_the_csrf_token(log_in, make_user):
    client = log_in(make_user(role="city_admin"))
    token, client.csrf = client.csrf, None
    body = {"username": "new.person", "display_name": "Chị Lan", "role": "city_admin"}
    missing = client.post("/api/v1/users", json=body)
    wrong = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": "not-the-token"})
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert missing.json["error"]["code"] == "csrf_failed"
    listed = [user["username"] for user in client.get("/api/v1/users").json["items"]]
    assert "new.person" not in listed  # nothing was created
    right = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": token})
    assert right.status_code == 201


def test_logout_without_the_csrf_token_keeps_the_session(log_in, make_user):
    client = log_in(make_user())
    token, client.csrf = client.csrf, None
    assert client.post("/api/v1/auth/logout").status_code == 403
    client.csrf = token
    assert client.get("/api/v1/auth/me").status_code == 200


def test_the_csrf_token_of_another_session_is_refused(log_in, make_user):
    user = make_user(role="city_admin")
    first, second = log_in(user), log_in(user)
    first.csrf = second.csrf
    assert first.post("/api/v1/auth/logout").status_code == 403


def test_safe_requests_need_no_csrf_token(log_in, make_user):
    client = log_in(make_user(role="city_admin"))
    client.csrf = None
    assert client.get("/api/v1/users").status_code == 200


@pytest.mark.parametrize("role", ["collaborator", "provider", "shelter_host"])
def test_roles_without_account_management_get_403(log_in, make_user, role):
    client = log_in(make_user(role=role))
    response = client.get("/api/v1/users")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_authenticated_api_answers_are_never_stored(log_in, make_user):
    client = log_in(make_user(role="city_admin"))
    for path in ("/api/v1/auth/me", "/api/v1/users", "/api/v1/organizations"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
