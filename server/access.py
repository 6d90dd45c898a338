"""Who may call what. Default deny: an endpoint answers without a session only if it is listed here.

Every request passes ``_enforce`` before its view: a public endpoint goes through; anything else needs a live
session (401 otherwise), and an unsafe method made with a session must carry the session's CSRF token in
``X-CSRF-Token`` (403 otherwise). Role checks are the views' ``@roles_required``; record-level scope (which
ward, which organisation) is checked by the queries of each domain.

The sessions themselves are the accounts domain's (server.accounts.sessions); ``create_app`` hands them to
``init_app``, so that these rules, which every domain's API imports, import no domain.
"""
import hmac
from functools import wraps

from flask import current_app, request
from flask_login import LoginManager, current_user

from server.errors import ApiError

# The one allowlist. Adding a line here publishes an endpoint to the whole internet: say why beside it.
PUBLIC_ENDPOINTS = frozenset({
    "web.index",  # the PWA shell, its files and its service worker: they hold no data
    "web.pwa_file",
    "web.service_worker",
    "web.manifest",
    "meta.health",  # for uptime checks
    "meta.openapi",  # the API's description, no data
    "meta.client_config",  # the quick-exit address, needed before anyone logs in
    "wards.list_wards",  # names of public administrative units
    "wards.get_ward",
    "auth.login",  # how one gets a session in the first place
    "shelters.list_public",  # which shelters have room: a status per shelter, never a count or address
    "directory.list_hotlines",  # verified help lines only: what residents must find without an account
    "directory.list_services",  # offices' published contacts per ward (ward committee, health station...)
    "campaigns.upcoming",  # the campaign calendar is public by nature
    "push.vapid_public_key",  # a public key, as its name says
    "push.subscribe",  # residents receive campaign reminders without an account (rate limited)
    "push.unsubscribe",  # ... and stop them in one tap; holding the endpoint is the proof of ownership
    "help.create_help_request",  # a resident asks for help without an account (rate limited, size bounded)
})

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# What a person with a temporary password may do before choosing their own. The administrator who set
# the temporary password knows it, so the account does no work until its owner has replaced it.
BEFORE_PASSWORD_CHANGE = frozenset({"auth.me", "auth.logout", "auth.change_password"})

login_manager = LoginManager()


def _sessions():
    return current_app.extensions["binhan.sessions"]


@login_manager.request_loader
def _user_from_session_cookie(_request):
    return _sessions().load_from_request()


def _enforce():
    if request.endpoint is None:
        return  # no such URL: let the router answer 404 (or 405)
    authenticated = current_user.is_authenticated
    if request.endpoint not in PUBLIC_ENDPOINTS and not authenticated:
        raise ApiError(401, "unauthenticated")
    if authenticated and request.method in UNSAFE_METHODS:
        expected = _sessions().current_session().csrf_token
        sent = request.headers.get("X-CSRF-Token", "")
        if not hmac.compare_digest(sent.encode(), expected.encode()):
            raise ApiError(403, "csrf_failed")
    if (authenticated and current_user.must_change_password
            and request.endpoint not in PUBLIC_ENDPOINTS | BEFORE_PASSWORD_CHANGE):
        raise ApiError(403, "password_change_required")


def roles_required(*roles):
    """The view runs only for users holding one of ``roles``; everybody else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                raise ApiError(403, "forbidden")
            return view(*args, **kwargs)

        wrapper.roles = roles
        return wrapper

    return decorator


def init_app(app, sessions):
    """``sessions`` loads the session of a request (``load_from_request()``, its user or None) and gives it
    back (``current_session()``): server.accounts.sessions."""
    app.extensions["binhan.sessions"] = sessions
    login_manager.init_app(app)
    # Sessions here are our own (server.accounts.sessions); Flask-Login's cookie-bound protection has nothing
    # to protect and would write to Flask's cookie session.
    login_manager.session_protection = None
    app.before_request(_enforce)
