"""Sessions: revocable, with idle and absolute timeouts, and no cookie for anyone who did not log in."""
from datetime import timedelta

from server.accounts.models import Session
from server.clock import now_utc
from server.db import database

from tests.conftest import PASSWORD


def test_login_returns_the_person_and_a_csrf_token(client, make_user):
    user = make_user(role="ward_officer")
    response = client.post("/api/v1/auth/login", json={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json["user"]["username"] == user.username
    assert response.json["user"]["ward"]["name"] == "Phường Ninh Kiều"
    assert len(response.json["csrf_token"]) >= 32
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_me_answers_the_same_person_and_token(log_in, make_user):
    client = log_in(make_user(role="collaborator"))
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 200
    assert response.json["csrf_token"] == client.csrf
    assert response.headers["Cache-Control"] == "no-store"


def test_logout_ends_the_session_and_wipes_the_browser(log_in, make_user):
    client = log_in(make_user())
    response = client.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert response.headers["Clear-Site-Data"] == '"cookies", "storage"'
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_stolen_cookie_dies_at_logout(app, log_in, make_user):
    client = log_in(make_user())
    cookie = client.get_cookie("binhan_session").value
    client.post("/api/v1/auth/logout")
    thief = app.test_client()
    thief.set_cookie("binhan_session", cookie)
    assert thief.get("/api/v1/auth/me").status_code == 401


def test_password_change_ends_every_other_session(log_in, make_user):
    user = make_user(role="collaborator")
    phone, laptop = log_in(user), log_in(user)
    response = laptop.post("/api/v1/auth/password",
                           json={"current_password": PASSWORD, "new_password": "a new long passphrase"})
    assert response.status_code == 200
    laptop.csrf = response.json["csrf_token"]
    assert phone.get("/api/v1/auth/me").status_code == 401
    assert laptop.get("/api/v1/auth/me").status_code == 200  # the browser that changed it stays in


def test_disabling_a_user_ends_their_sessions(log_in, make_user):
    collaborator = make_user(role="collaborator")
    their_phone = log_in(collaborator)
    admin = log_in(make_user(role="city_admin"))
    assert admin.post(f"/api/v1/users/{collaborator.id}/disable").status_code == 200
    assert their_phone.get("/api/v1/auth/me").status_code == 401


def _age_sessions(**changes):
    with database.connection_context():  # the proxy is bound; no app context is needed for SQL
        Session.update(**changes).execute()


def test_idle_session_expires(app, log_in, make_user):
    client = log_in(make_user())
    idle = app.config["SESSION_IDLE_TIMEOUT_MINUTES"]
    _age_sessions(last_seen_at=now_utc() - timedelta(minutes=idle + 1))
    assert client.get("/api/v1/auth/me").status_code == 401
    with database.connection_context():
        assert Session.select().count() == 0  # the expired row is gone, not just ignored


def test_active_session_still_expires_at_the_absolute_limit(app, log_in, make_user):
    client = log_in(make_user())
    absolute = app.config["SESSION_ABSOLUTE_TIMEOUT_MINUTES"]
    _age_sessions(created_at=now_utc() - timedelta(minutes=absolute + 1), last_seen_at=now_utc())
    assert client.get("/api/v1/auth/me").status_code == 401


def test_requests_keep_a_session_alive(app, log_in, make_user):
    client = log_in(make_user())
    idle = app.config["SESSION_IDLE_TIMEOUT_MINUTES"]
    _age_sessions(last_seen_at=now_utc() - timedelta(minutes=idle - 1))
    assert client.get("/api/v1/auth/me").status_code == 200
    _age_sessions(created_at=now_utc())  # only last_seen_at matters from here
    with database.connection_context():
        assert now_utc() - Session.get().last_seen_at < timedelta(minutes=1)


def test_public_pages_set_no_cookie(client):
    for path in ("/", "/api/v1/health", "/api/v1/wards", "/sw.js", "/api/v1/client-config"):
        with client.get(path) as response:
            assert response.status_code == 200, path
            assert "Set-Cookie" not in response.headers, path


def test_a_temporary_password_only_opens_the_password_change(app, log_in, make_user):
    admin = log_in(make_user(role="city_admin"))
    officer = make_user(role="ward_officer")
    temporary = admin.post(f"/api/v1/users/{officer.id}/reset-password").json["temporary_password"]
    client = log_in(officer, password=temporary)
    refused = client.get("/api/v1/users")
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "password_change_required"
    assert client.get("/api/v1/auth/me").json["user"]["must_change_password"] is True
    changed = client.post("/api/v1/auth/password",
                          json={"current_password": temporary, "new_password": "my own long passphrase"})
    assert changed.status_code == 200
    client.csrf = changed.json["csrf_token"]
    assert client.get("/api/v1/users").status_code == 200
