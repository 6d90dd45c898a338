"""Logging in and out: the state changes of authentication, each audited."""
from server.accounts.models import User
from server.accounts.passwords import burn_time, hash_password, needs_rehash, verify_password
from server.audit.operations import record
from server.auth import sessions, throttle
from server.db import database
from server.errors import ApiError


def log_in(username, password):
    """A new session for the right username and password. One generic error for every wrong case, so
    the answer never tells whether an account exists or is disabled."""
    attempt = throttle.register(username)
    if throttle.is_throttled(attempt):
        raise ApiError(429, "too_many_attempts")
    user = User.get_or_none(User.username == username.strip().lower())
    if user is None:
        burn_time(password)
    if user is None or not verify_password(user.password_hash, password) or not user.active:
        with database.atomic():
            record("auth.login_failed", target=user, ward_code=user.ward_id if user else None)
        raise ApiError(401, "invalid_credentials")
    with database.atomic():
        throttle.succeeded(attempt)
        if needs_rehash(user.password_hash):
            # The cost settings were raised since this hash was made; the password is at hand only now.
            User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
        session = sessions.start(user)
        record("auth.login", user, user, ward_code=user.ward_id)
    return user, session


def log_out(user, session):
    with database.atomic():
        sessions.end(session)
        record("auth.logout", user, user, ward_code=user.ward_id)
    sessions.forget_cookie()
