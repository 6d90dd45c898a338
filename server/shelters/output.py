"""Shelters shaped for each audience. The public view is built from a short list of fields, named here,
so that what a resident can learn about a shelter is readable in one place."""
from datetime import timedelta

from flask import current_app
from server.clock import now_utc



def status(shelter, now=None):
    """available / full / unconfirmed: a count older than SHELTER_STALE_HOURS is not vouched for."""
    now = now or now_utc()
    stale_after = timedelta(hours=current_app.config["SHELTER_STALE_HOURS"])
    if shelter.free_beds is None or shelter.observed_at is None or now - shelter.observed_at > stale_after:
        return "unconfirmed"
    return "available" if shelter.free_beds > 0 else "full"


def public_view(shelter, now=None):
    return {
        "id": shelter.id, "name": shelter.name, "ward": shelter.ward, "kind": shelter.kind,
        "standardised": shelter.standardised, "accepts": shelter.codes("accepts"),
        "accessibility": shelter.codes("accessibility"), "languages": shelter.codes("languages"),
        "public_line": shelter.public_line, "status": status(shelter, now),
    }


def staff_view(shelter, now=None):
    now = now or now_utc()
    # A phone clock a few minutes ahead gives an observation "in the future": call it zero minutes old.
    age = None if shelter.observed_at is None else max(0, int((now - shelter.observed_at).total_seconds() // 60))
    return {**public_view(shelter, now), "organization_id": shelter.organization_id,
            "capacity": shelter.capacity, "free_beds": shelter.free_beds,
            "observed_at": shelter.observed_at, "age_minutes": age}


def host_view(shelter, now=None):
    return {**staff_view(shelter, now), "address": shelter.address, "host_phone": shelter.host_phone,
            "active": shelter.active}


def bed_request_view(bed_request, viewer):
    referral = bed_request.referral
    case = referral.case
    # The address goes to the person who asked, once the shelter said yes: they take the survivor there.
    shows_address = bed_request.status == "accepted" and bed_request.requested_by_id == viewer.id
    return {
        "id": bed_request.id, "shelter": {"id": bed_request.shelter.id, "name": bed_request.shelter.name},
        "referral_id": referral.id, "case_code": case.code, "beds": bed_request.beds, "note": bed_request.note,
        "status": bed_request.status, "decline_reason": bed_request.decline_reason,
        "response_note": bed_request.response_note,
        "requested_by": {"id": bed_request.requested_by.id, "display_name": bed_request.requested_by.display_name},
        "survivor": {"age_group": case.age_group, "sex": case.sex, "is_child": case.is_child,
                     "disability": case.disability},
        "created_at": bed_request.created_at, "responded_at": bed_request.responded_at,
        "address": bed_request.shelter.address if shows_address else None,
    }
