"""Login, logout, who am I, and changing one's own password: the ``auth`` endpoints under /api/v1/auth."""
from flask import Blueprint, after_this_request, current_app
from flask_login import current_user

from server.accounts import sessions
from server.accounts.operations import change_own_password, log_in, log_out
from server.accounts.schemas import LoginIn, PasswordChangeIn, SessionOut
from server.contract import accepts, no_content, returns

bp = Blueprint("auth", __name__)


@bp.post("/login")
@accepts(LoginIn)
@returns(SessionOut)
def login(data):
    """Log in with username and password; sets the session cookie and returns the CSRF token."""
    user, session = log_in(data["username"], data["password"])
    return {"user": user, "csrf_token": session.csrf_token}


@bp.get("/me")
@returns(SessionOut)
def me():
    """The logged-in person and the CSRF token of this session."""
    return {"user": current_user, "csrf_token": sessions.current_session().csrf_token}


@bp.post("/logout")
@no_content
def logout():
    """End this session and ask the browser to wipe what it stored for this site."""
    log_out(current_user, sessions.current_session())

    @after_this_request
    def _wipe_browser_storage(response):
        # A shared phone must keep nothing of the staff member's work after logout: cookies, the
        # offline store and the service worker's caches (the PWA re-registers the worker afterwards).
        response.headers["Clear-Site-Data"] = '"cookies", "storage"'
        return response


@bp.post("/password")
@accepts(PasswordChangeIn)
@returns(SessionOut)
def change_password(data):
    """Change one's own password: every other session ends; this browser gets a new one."""
    session = change_own_password(current_user, data["current_password"], data["new_password"],
                                  current_app.config["PASSWORD_MIN_LENGTH"])
    return {"user": current_user, "csrf_token": session.csrf_token}
