"""Shelters: the public finder, staff counts, the host's one-tap availability, bed requests, the registry."""
from flask import Blueprint
from flask_login import current_user

from server.access import roles_required
from server.clock import now_utc
from server.contract import SENT_AGAIN, accepts, also_answers, describes, kept_answer_response, returns
from server.errors import ApiError
from server.shelters import operations
from server.shelters.public_list import listed_shelters, public_answer
from server.shelters.models import BedRequest, Shelter
from server.shelters.output import bed_request_view, host_view, staff_view
from server.shelters.schemas import (
    AvailabilityIn, AvailabilityOut, BedRequestIn, BedRequestListOut, BedRequestOut, BedRequestQuery, CoverageOut,
    DeclineIn, HostShelterListOut, HostShelterOut, PublicShelterListOut, ShelterIn, ShelterQuery,
    StaffShelterListOut,
)
from server.shelters.scope import REQUESTER_ROLES, STAFF_ROLES, hosted_shelters, visible_bed_requests

bp = Blueprint("shelters", __name__)


class ShelterChangesIn(ShelterIn):
    """An edit by the city admin: any of the fields, none required."""

    def load(self, data, **kwargs):
        return super().load(data, partial=True, **kwargs)


@bp.get("/shelters")
@accepts(ShelterQuery, location="query")
@describes(PublicShelterListOut)
def list_public(data):
    """Shelters and whether they have room (a status, never a count or an address), for anyone."""
    answer = public_answer(data["ward"], data["accepts"])
    # max-age 0: revalidate every time; a 304 is cheap, a stale "còn chỗ" is not.
    return kept_answer_response(answer.body, answer.etag, max_age=0)


@bp.get("/shelters/staff")
@roles_required(*STAFF_ROLES)
@accepts(ShelterQuery, location="query")
@returns(StaffShelterListOut)
def list_staff(data):
    """Shelters with free beds, capacity and how fresh the count is, for staff finding a place tonight."""
    now = now_utc()
    return {"items": [staff_view(s, now) for s in listed_shelters(data["ward"], data["accepts"])]}


@bp.get("/shelters/mine")
@roles_required("shelter_host")
@returns(HostShelterListOut)
def list_mine():
    """The shelters the host keeps, with their confidential details."""
    return {"items": [host_view(s) for s in hosted_shelters(current_user).order_by(Shelter.name)]}


@bp.get("/shelters/registry")
@roles_required("city_admin")
@returns(HostShelterListOut)
def list_registry():
    """Every shelter, closed ones too, with confidential details: the register the city admin keeps."""
    return {"items": [host_view(s) for s in Shelter.select().order_by(Shelter.ward, Shelter.name)]}


@bp.get("/shelters/coverage")
@roles_required("city_admin")
@returns(CoverageOut)
def coverage():
    """Wards with a shelter out of 103, standardised city shelters out of the target of 5."""
    return operations.coverage()


@bp.post("/shelters")
@roles_required("city_admin")
@accepts(ShelterIn)
@returns(HostShelterOut, 201)
def create_shelter(data):
    """Register a shelter."""
    return host_view(operations.create_shelter(current_user, data))


@bp.get("/shelters/<int:shelter_id>")
@roles_required("city_admin", "shelter_host")
@returns(HostShelterOut)
def get_shelter(shelter_id):
    """One shelter with its confidential details (city admin, or its hosts)."""
    query = hosted_shelters(current_user) if current_user.role == "shelter_host" else Shelter.select()
    shelter = query.where(Shelter.id == shelter_id).first()
    if shelter is None:
        raise ApiError(404, "not_found")
    return host_view(shelter)


@bp.patch("/shelters/<int:shelter_id>")
@roles_required("city_admin")
@accepts(ShelterChangesIn)
@returns(HostShelterOut)
def update_shelter(shelter_id, data):
    """Change a shelter's facts or confidential details."""
    return host_view(operations.update_shelter(current_user, shelter_id, data))


@bp.post("/shelters/<int:shelter_id>/availability")
@roles_required("shelter_host")
@accepts(AvailabilityIn)
@returns(AvailabilityOut)
def record_availability(shelter_id, data):
    """The host's count of free beds; the latest observation wins, whatever order they arrive in."""
    applied, shelter = operations.record_availability(current_user, shelter_id, data["key"], data["free_beds"],
                                                      data["observed_at"])
    return {"applied": applied, "shelter": host_view(shelter)}


@bp.post("/referrals/<uuid:referral_id>/bed-requests")
@roles_required(*REQUESTER_ROLES)
@accepts(BedRequestIn)
@returns(BedRequestOut, 201)
@also_answers(200, BedRequestOut, SENT_AGAIN)
def create_bed_request(referral_id, data):
    """Ask a shelter for beds for a case's shelter referral."""
    bed_request, created = operations.create_bed_request(current_user, referral_id, data)
    return bed_request_view(bed_request, current_user), (201 if created else 200)


@bp.get("/bed-requests")
@roles_required("shelter_host", *REQUESTER_ROLES)
@accepts(BedRequestQuery, location="query")
@returns(BedRequestListOut)
def list_bed_requests(data):
    """Requests to the host's shelters, or those of the caller's referrals."""
    query = visible_bed_requests(current_user)
    if data["status"]:
        query = query.where(BedRequest.status == data["status"])
    return {"items": [bed_request_view(r, current_user) for r in query.order_by(BedRequest.created_at.desc())]}


@bp.post("/bed-requests/<uuid:request_id>/accept")
@roles_required("shelter_host")
@returns(BedRequestOut)
def accept_bed_request(request_id):
    """Take the survivor in: the free beds go down (409 no_capacity when they are not there)."""
    return bed_request_view(operations.accept_bed_request(current_user, request_id), current_user)


@bp.post("/bed-requests/<uuid:request_id>/decline")
@roles_required("shelter_host")
@accepts(DeclineIn)
@returns(BedRequestOut)
def decline_bed_request(request_id, data):
    """Say no, with a reason (no capacity, survivor declined, location unsafe...)."""
    bed_request = operations.decline_bed_request(current_user, request_id, data["reason"], data["note"])
    return bed_request_view(bed_request, current_user)


@bp.post("/bed-requests/<uuid:request_id>/cancel")
@roles_required(*REQUESTER_ROLES)
@returns(BedRequestOut)
def cancel_bed_request(request_id):
    """Withdraw a request the shelter has not answered."""
    return bed_request_view(operations.cancel_bed_request(current_user, request_id), current_user)
