"""Who sees which help request: the ward officers of the ward it is in, and nobody else.

A resident's request is intake work, like a case before it is opened: a collaborator, a service, a shelter
host or a city admin has no need to read it (their views refuse them with 403). Every query of the intake
starts here; a request of another ward answers 404, so an officer learns nothing about other wards.
"""
from server.errors import ApiError
from server.help.models import HelpRequest

INTAKE_ROLES = ("ward_officer",)


def visible_help_requests(user):
    query = HelpRequest.select()
    if user.role in INTAKE_ROLES:
        return query.where(HelpRequest.ward == user.ward_id)
    return query.where(False)


def help_request_or_404(user, request_id):
    found = visible_help_requests(user).where(HelpRequest.id == request_id).first()
    if found is None:
        raise ApiError(404, "not_found")
    return found
