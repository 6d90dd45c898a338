"""Logging in: one generic error for every wrong case, and throttling that holds across worker processes."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from server import create_app
from server.accounts.models import LoginAttempt, User
from server.audit.models import AuditEvent
from server.db import database

from tests.conftest import PASSWORD, app_settings

LOGIN = "/api/v1/auth/login"


def _login(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_username_is_not_case_sensitive(client, make_user):
    user = make_user()
    assert _login(client, user.username.upper(), PASSWORD).status_code == 200


@pytest.mark.parametrize("case", ["wrong password", "unknown user", "disabled account"])
def test_every_failure_gets_the_same_generic_answer(client, make_user, case):
    user = make_user()
    username, password = user.username, PASSWORD
    if case == "wrong password":
        password = "not the password"
    elif case == "unknown user":
        username = "nobody.here"
    else:
        with database.connection_context():
            User.update(active=False).where(User.id == user.id).execute()
    response = _login(client, username, password)
    assert response.status_code == 401
    assert response.json["error"] == {
        "code": "invalid_credentials", "message": "Tên đăng nhập hoặc mật khẩu không đúng.", "fields": {},
    }
    assert "Set-Cookie" not in response.headers


def test_logins_and_failures_are_audited_without_the_password(client, make_user):
    user = make_user()
    _login(client, user.username, "a wrong guess")
    _login(client, user.username, PASSWORD)
    with database.connection_context():
        events = list(AuditEvent.select().where(AuditEvent.action.startswith("auth.")).order_by(AuditEvent.id))
    assert [e.action for e in events] == ["auth.login_failed", "auth.login"]
    assert all("wrong guess" not in e.details and PASSWORD not in e.details for e in events)


def test_an_account_is_locked_after_too_many_failures_even_with_the_right_password(app, client, make_user):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for attempt in range(limit):
        # Each guess from another address: the per-account limit must not depend on the client.
        assert _login(client, user.username, "guess", address=f"10.0.1.{attempt}").status_code == 401
    response = _login(client, user.username, PASSWORD, address="10.0.2.1")
    assert response.status_code == 429
    assert response.json["error"]["code"] == "too_many_attempts"


def test_the_lock_on_an_unknown_account_looks_the_same(app, client):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert _login(client, "ghost", "guess").status_code == 401
    assert _login(client, "ghost", "guess").status_code == 429


def test_a_client_is_throttled_across_accounts(app, client, make_user):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_CLIENT"]
    for number in range(limit):
        assert _login(client, f"someone-{number}", "guess", address="10.9.9.9").status_code == 401
    assert _login(client, user.username, PASSWORD, address="10.9.9.9").status_code == 429
    assert _login(client, user.username, PASSWORD, address="10.9.9.10").status_code == 200


def test_a_success_forgives_the_accounts_earlier_failures(app, make_user):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit - 1):
        _login(app.test_client(), user.username, "typo")
    assert _login(app.test_client(), user.username, PASSWORD).status_code == 200
    for _ in range(limit - 1):
        assert _login(app.test_client(), user.username, "typo again").status_code == 401
    assert _login(app.test_client(), user.username, PASSWORD).status_code == 200


def test_logging_in_again_while_logged_in_needs_the_csrf_token(log_in, make_user):
    user = make_user()
    client = log_in(user)
    token, client.csrf = client.csrf, None
    assert _login(client, user.username, PASSWORD).status_code == 403
    client.csrf = token
    assert _login(client, user.username, PASSWORD).status_code == 200


def test_throttling_holds_across_worker_processes(app, database_url, make_user):
    """Two application instances on one database stand for two gunicorn workers: they share the count."""
    user = make_user()
    other_worker = create_app(app_settings(database_url))
    workers = [app.test_client(), other_worker.test_client()]
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for attempt in range(limit):
        assert _login(workers[attempt % 2], user.username, "guess").status_code == 401
    assert [_login(w, user.username, PASSWORD).status_code for w in workers] == [429, 429]


def test_a_burst_of_parallel_guesses_is_counted_in_full(app, make_user):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]

    def guess(number):
        return _login(app.test_client(), user.username, f"guess {number}", address=f"10.7.0.{number}").status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(guess, range(limit * 3)))
    assert statuses.count(401) <= limit + 3  # at most one extra per thread racing the first count
    assert statuses.count(429) >= limit * 2 - 3
    assert _login(app.test_client(), user.username, PASSWORD).status_code == 429


def test_throttle_rows_hold_no_username_or_address(app, client):
    _login(client, "lan.nguyen", "guess", address="203.0.113.7")
    with database.connection_context():
        attempt = LoginAttempt.get()
    assert "lan" not in attempt.account_key and "203.0.113.7" not in attempt.client_key
