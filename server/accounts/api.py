"""Accounts and organisations, managed by city admins (and by ward officers for their collaborators)."""
from flask import Blueprint
from flask_login import current_user

from server.accounts import operations
from server.accounts.models import Organization, User
from server.accounts.schemas import (
    NewUserIn, NewUserOut, OrganizationIn, OrganizationListOut, OrganizationOut, UserEnvelope, UserListOut,
    UserQuery,
)
from server.accounts.scope import manageable_user_or_404, manageable_users
from server.access import roles_required
from server.contract import accepts, returns

bp = Blueprint("accounts", __name__)

MANAGERS = ("city_admin", "ward_officer")


@bp.get("/users")
@roles_required(*MANAGERS)
@accepts(UserQuery, location="query")
@returns(UserListOut)
def list_users(data):
    """The accounts the caller manages, optionally filtered by role and ward."""
    query = manageable_users(current_user).order_by(User.username)
    if data["role"]:
        query = query.where(User.role == data["role"])
    if data["ward_code"]:
        query = query.where(User.ward == data["ward_code"])
    return {"items": list(query)}


@bp.post("/users")
@roles_required(*MANAGERS)
@accepts(NewUserIn)
@returns(NewUserOut, 201)
def create_user(data):
    """Create an account; the answer carries its temporary password, shown once."""
    user, temporary = operations.create_user(current_user, **data)
    return {"user": user, "temporary_password": temporary}


@bp.get("/users/<int:user_id>")
@roles_required(*MANAGERS)
@returns(UserEnvelope)
def get_user(user_id):
    """One account the caller manages."""
    return {"user": manageable_user_or_404(current_user, user_id)}


@bp.post("/users/<int:user_id>/disable")
@roles_required(*MANAGERS)
@returns(UserEnvelope)
def disable_user(user_id):
    """Disable an account; its sessions end at once."""
    return {"user": operations.set_active(current_user, manageable_user_or_404(current_user, user_id), False)}


@bp.post("/users/<int:user_id>/enable")
@roles_required(*MANAGERS)
@returns(UserEnvelope)
def enable_user(user_id):
    """Re-enable a disabled account."""
    return {"user": operations.set_active(current_user, manageable_user_or_404(current_user, user_id), True)}


@bp.post("/users/<int:user_id>/reset-password")
@roles_required(*MANAGERS)
@returns(NewUserOut)
def reset_password(user_id):
    """Give an account a temporary password (shown once); its sessions end."""
    user = manageable_user_or_404(current_user, user_id)
    return {"user": user, "temporary_password": operations.reset_password(current_user, user)}


@bp.get("/organizations")
@roles_required(*MANAGERS, "collaborator")
@returns(OrganizationListOut)
def list_organizations():
    """Service organisations and shelters: whom an account works for, where a referral goes."""
    return {"items": list(Organization.select().order_by(Organization.kind, Organization.name))}


@bp.post("/organizations")
@roles_required("city_admin")
@accepts(OrganizationIn)
@returns(OrganizationOut, 201)
def create_organization(data):
    """Register a service organisation or a shelter's operator."""
    return operations.create_organization(current_user, **data)
