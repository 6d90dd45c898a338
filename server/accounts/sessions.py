"""Server-side sessions: a random token in an HttpOnly cookie, its hash in the ``Session`` table.

A session ends when its row is gone: at logout, when the password changes, when an administrator disables
the account or resets its password, after ``SESSION_IDLE_TIMEOUT_MINUTES`` without a request, and
``SESSION_ABSOLUTE_TIMEOUT_MINUTES`` after login whatever happens. Flask's own signed-cookie session is
never used, so a public page sets no cookie at all.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import after_this_request, current_app, g, request

from server.accounts.models import Session, User
from server.clock import now_utc

# Writing last_seen_at on every request would turn every read into a write; a minute of slack on an
# eight-hour idle timeout costs nothing.
LAST_SEEN_RESOLUTION_SECONDS = 60


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start(user):
    """A new session for ``user``; the cookie is set on the current response."""
    token = secrets.token_urlsafe(32)
    session = Session.create(token_hash=_hash(token), user=user, csrf_token=secrets.token_urlsafe(32))
    g.auth_session = session
    config = current_app.config

    @after_this_request
    def _set_cookie(response):
        response.set_cookie(
            config["SESSION_COOKIE_NAME"],
            token,
            max_age=config["SESSION_ABSOLUTE_TIMEOUT_MINUTES"] * 60,
            httponly=True,
            secure=config["SESSION_COOKIE_SECURE"],
            samesite="Lax",
            path="/",
        )
        return response

    return session


def forget_cookie():
    """Tell the browser to drop the cookie (logout, or a cookie that names no live session)."""
    name = current_app.config["SESSION_COOKIE_NAME"]

    @after_this_request
    def _delete_cookie(response):
        response.delete_cookie(name, path="/", httponly=True, samesite="Lax",
                               secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response


def _expired(session, now):
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_TIMEOUT_MINUTES"])
    absolute = timedelta(minutes=config["SESSION_ABSOLUTE_TIMEOUT_MINUTES"])
    return now - session.last_seen_at > idle or now - session.created_at > absolute


def load_from_request():
    """The user of the request's session cookie, or None; expired sessions are deleted on the way."""
    token = request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])
    if not token:
        return None
    session = (
        Session.select(Session, User)
        .join(User)
        .where(Session.token_hash == _hash(token))
        .first()
    )
    now = now_utc()
    if session is None or not session.user.active or _expired(session, now):
        if session is not None:
            Session.delete().where(Session.id == session.id).execute()
        forget_cookie()
        return None
    if (now - session.last_seen_at).total_seconds() > LAST_SEEN_RESOLUTION_SECONDS:
        Session.update(last_seen_at=now).where(Session.id == session.id).execute()
    g.auth_session = session
    return session.user


def current_session():
    return g.get("auth_session")


def end(session):
    Session.delete().where(Session.id == session.id).execute()
    g.pop("auth_session", None)


def end_all(user):
    """Every session of ``user``, on every device, ends now."""
    return Session.delete().where(Session.user == user).execute()
