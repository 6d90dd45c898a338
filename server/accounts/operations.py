"""Every change to accounts and organisations, logging in and out included: one transaction each, each
leaving an audit event."""
from peewee import IntegrityError

from server.accounts import sessions, throttle
from server.accounts.models import Organization, User
from server.accounts.passwords import burn_time, hash_password, needs_rehash, temporary_password, verify_password
from server.audit.operations import record
from server.clock import now_utc
from server.db import database
from server.errors import ApiError
from server.wards.models import Ward


def _ward_or_422(code):
    if code is None:
        return None
    ward = Ward.get_or_none(Ward.code == code)
    if ward is None:
        raise ApiError(422, "validation_failed", {"ward_code": ["No ward has this code."]})
    return ward


def _organization_or_422(organization_id, role):
    if organization_id is None:
        return None
    organization = Organization.get_or_none(Organization.id == organization_id)
    # A shelter host works for a shelter; a provider for a service that is not one.
    if organization is None or (organization.kind == "shelter") != (role == "shelter_host"):
        raise ApiError(422, "validation_failed", {"organization_id": ["No organisation has this id."]})
    return organization


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


def check_new_password(password, username, min_length):
    errors = []
    if len(password) < min_length:
        errors.append(f"Shorter than minimum length {min_length}.")
    if len(password) > 256:
        errors.append("Longer than maximum length 256.")
    if password.strip().lower() == username:
        errors.append("The password must not be the username.")
    return errors


def create_user(actor, *, username, display_name, role, ward_code=None, organization_id=None, is_demo=False,
                password=None):
    """A new account. Without ``password`` one is generated and must be changed at first login.

    Returns ``(user, temporary_password_or_None)``.
    """
    ward = _ward_or_422(ward_code)
    organization = _organization_or_422(organization_id, role)
    if actor is not None and actor.role == "ward_officer" and (role != "collaborator" or ward != actor.ward):
        raise ApiError(422, "validation_failed",
                       {"role": ["Ward officers create collaborators of their own ward only."]})
    temporary = None
    if password is None:
        password = temporary = temporary_password()
    try:
        with database.atomic():
            user = User.create(
                username=username, display_name=display_name, role=role, ward=ward,
                organization=organization, password_hash=hash_password(password),
                must_change_password=temporary is not None, is_demo=is_demo,
            )
            record("user.created", actor, user, ward_code=ward_code, role=role)
    except IntegrityError:
        # Two administrators creating the same username at once: the unique index decides.
        raise ApiError(409, "username_taken", {"username": ["This username is already taken."]}) from None
    return user, temporary


def set_active(actor, user, active):
    """Disable (every session ends at once) or re-enable an account."""
    with database.atomic():
        User.update(active=active).where(User.id == user.id).execute()
        if not active:
            sessions.end_all(user)
        record("user.enabled" if active else "user.disabled", actor, user, ward_code=user.ward_id)
    user.active = active
    return user


def reset_password(actor, user):
    """A temporary password for a person who forgot theirs; their sessions end. Returns the password."""
    temporary = temporary_password()
    with database.atomic():
        User.update(password_hash=hash_password(temporary), must_change_password=True,
                    password_changed_at=now_utc()).where(User.id == user.id).execute()
        sessions.end_all(user)
        record("user.password_reset", actor, user, ward_code=user.ward_id)
    user.must_change_password = True
    return temporary


def change_own_password(user, current_password, new_password, min_length):
    """The person's own change: every session of theirs ends, and this browser gets a fresh one."""
    if not verify_password(user.password_hash, current_password):
        raise ApiError(422, "validation_failed", {"current_password": ["The current password is incorrect."]})
    errors = check_new_password(new_password, user.username, min_length)
    if new_password == current_password:
        errors.append("The new password must differ from the current one.")
    if errors:
        raise ApiError(422, "validation_failed", {"new_password": errors})
    with database.atomic():
        User.update(password_hash=hash_password(new_password), must_change_password=False,
                    password_changed_at=now_utc()).where(User.id == user.id).execute()
        sessions.end_all(user)
        session = sessions.start(user)
        record("user.password_changed", user, user, ward_code=user.ward_id)
    user.must_change_password = False
    return session


def create_organization(actor, *, name, kind, ward_code=None):
    ward = _ward_or_422(ward_code)
    try:
        with database.atomic():
            organization = Organization.create(name=name, kind=kind, ward=ward)
            record("organization.created", actor, organization, ward_code=ward_code, kind=kind)
    except IntegrityError:
        raise ApiError(409, "conflict", {"name": ["An organisation with this name exists."]}) from None
    return organization
