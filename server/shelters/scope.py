"""Who sees which shelter's confidential details and which bed requests; every query starts here."""
from server.cases.models import Referral
from server.cases.scope import visible_referrals
from server.errors import ApiError
from server.shelters.models import BedRequest, Shelter

STAFF_ROLES = ("collaborator", "ward_officer", "city_admin", "provider")
REQUESTER_ROLES = ("collaborator", "ward_officer")


def hosted_shelters(user):
    """A shelter host hosts the shelters of their organisation."""
    if user.role != "shelter_host" or user.organization_id is None:
        return Shelter.select().where(False)
    return Shelter.select().where(Shelter.organization == user.organization_id)


def hosted_shelter_or_404(user, shelter_id):
    shelter = hosted_shelters(user).where(Shelter.id == shelter_id).first()
    if shelter is None:
        raise ApiError(404, "not_found")
    return shelter


def visible_bed_requests(user):
    query = BedRequest.select(BedRequest, Shelter).join(Shelter)
    if user.role == "shelter_host":
        return query.where(BedRequest.shelter.in_(hosted_shelters(user).select(Shelter.id)))
    if user.role in REQUESTER_ROLES:
        return query.where(BedRequest.referral.in_(visible_referrals(user).select(Referral.id)))
    return query.where(False)


def bed_request_or_404(user, request_id):
    found = visible_bed_requests(user).where(BedRequest.id == request_id).first()
    if found is None:
        raise ApiError(404, "not_found")
    return found
