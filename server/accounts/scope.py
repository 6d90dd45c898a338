"""Which accounts a person may see and manage. Every account query of the API starts here."""
from server.accounts.models import User
from server.errors import ApiError


def manageable_users(actor):
    """City admins manage every account but their own (so that nobody disables or resets themselves out
    of the city's last admin account); a ward officer, the collaborators of their own ward."""
    query = User.select()
    if actor.role == "city_admin":
        return query.where(User.id != actor.id)
    if actor.role == "ward_officer":
        return query.where(User.role == "collaborator", User.ward == actor.ward_id)
    return query.where(False)


def manageable_user_or_404(actor, user_id):
    """404, not 403, for an account out of scope: the caller learns nothing about other wards."""
    user = manageable_users(actor).where(User.id == user_id).first()
    if user is None:
        raise ApiError(404, "not_found")
    return user
