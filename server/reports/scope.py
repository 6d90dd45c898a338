"""Whose figures a caller may read: a ward officer their own ward's, exactly; a city admin every ward's,
protected by small-cell suppression; nobody else any."""
from server.errors import ApiError
from server.wards.models import Ward

REPORT_ROLES = ("ward_officer", "city_admin")


def ward_in_scope(user, ward_code):
    """The ward code a request is about: a ward officer's own when none is named (another ward is 403), the
    named one for a city admin (None: the whole city). An unknown ward is 404."""
    if user.role == "ward_officer":
        if ward_code not in (None, user.ward_id):
            raise ApiError(403, "forbidden")
        return user.ward_id
    if ward_code is not None and not Ward.select().where(Ward.code == ward_code).exists():
        raise ApiError(404, "not_found")
    return ward_code


def sees_exact_figures(user):
    """Only a ward's own officers see its counts from 1 to 4; figures leaving the ward are protected."""
    return user.role == "ward_officer"
