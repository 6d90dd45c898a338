"""Every change to shelters, their availability and bed requests: one transaction each, audited."""
import uuid
from datetime import UTC, timedelta

from flask import current_app

from server.accounts.models import Organization
from server.audit.operations import record
from server.cases.scope import referral_or_404
from server.clock import now_utc
from server.db import database
from server.errors import ApiError
from server.idempotency import insert_or_stored, stored_by_id
from server.shelters.models import AvailabilityObservation, BedRequest, Shelter
from server.shelters.scope import bed_request_or_404, hosted_shelter_or_404
from server.shelters.vocabulary import CITY_SHELTERS_TARGET
from server.wards.models import Ward


def _utc(moment):
    return moment.astimezone(UTC).replace(tzinfo=None)


def record_availability(actor, shelter_id, key, free_beds, observed_at):
    """A host's count of free beds, observed on the phone at ``observed_at``. It becomes the shelter's
    count only if no later observation is already there (an offline update made at 10:00 that arrives at
    12:00 must not undo one made at 11:00); either way it is kept as history. Returns (applied, shelter)."""
    observed_at = _utc(observed_at)
    with database.atomic():
        shelter = hosted_shelter_or_404(actor, shelter_id)
        owner = [(AvailabilityObservation.recorded_by, actor.id), (AvailabilityObservation.shelter, shelter.id)]
        seen = stored_by_id(AvailabilityObservation, key, owner)
        if seen is not None:
            return seen.became_current, Shelter.get_by_id(shelter.id)
        if free_beds > shelter.capacity:
            raise ApiError(422, "validation_failed",
                           {"free_beds": [f"Must be less than or equal to {shelter.capacity}."]})
        # One conditional update decides, so two observations arriving at once cannot both win. A tie (two
        # taps in the same millisecond) goes to the one that arrives second: the outbox sends in tap order.
        applied = bool(
            Shelter.update(free_beds=free_beds, observed_at=observed_at, updated_at=now_utc())
            .where(Shelter.id == shelter.id,
                   Shelter.observed_at.is_null() | (Shelter.observed_at <= observed_at))
            .execute()
        )
        # The same tap sent twice at once: the first request stored it, and this one answers as it did. (The
        # count itself was not changed twice: the conditional update above lets only a later time through.)
        seen, created = insert_or_stored(
            AvailabilityObservation, key,
            lambda: AvailabilityObservation.create(id=key, shelter=shelter, free_beds=free_beds,
                                                   observed_at=observed_at, recorded_by=actor,
                                                   became_current=applied),
            owner)
        if not created:
            return seen.became_current, Shelter.get_by_id(shelter.id)
        record("shelter.availability", actor, shelter, ward_code=shelter.ward_id, free_beds=free_beds,
               applied=applied)
    return applied, Shelter.get_by_id(shelter.id)


def create_bed_request(actor, referral_id, data):
    """Ask a shelter for beds, from a case's shelter referral (see server/idempotency.py for one sent twice).

    Only a shelter of the organisation the referral names: the survivor consented to sharing with that
    organisation, not with every shelter of the city."""
    with database.atomic():
        referral = referral_or_404(actor, referral_id)
        owner = [(BedRequest.requested_by, actor.id), (BedRequest.referral, referral.id)]
        stored = stored_by_id(BedRequest, data["id"], owner)
        if stored is not None:
            return stored, False
        if referral.service_type != "shelter":
            raise ApiError(422, "validation_failed", {"_schema": ["Only a shelter referral can ask for a bed."]})
        if referral.status in ("rejected", "done") or referral.case.status == "closed":
            raise ApiError(409, "invalid_transition")
        shelter = Shelter.get_or_none(Shelter.id == data["shelter_id"], Shelter.active == True,  # noqa: E712 (peewee builds SQL from ==, not Python's is)
                                      Shelter.organization == referral.organization_id)
        if shelter is None:
            raise ApiError(422, "validation_failed",
                           {"shelter_id": ["No shelter of the referral's organisation has this id."]})
        bed_request, created = insert_or_stored(
            BedRequest, data["id"],
            lambda: BedRequest.create(id=data["id"], shelter=shelter, referral=referral, beds=data["beds"],
                                      note=data["note"], requested_by=actor),
            owner)
        if created:
            record("bed_request.created", actor, bed_request, ward_code=referral.case.ward_id, shelter=shelter.id)
    return bed_request, created


def _respond(actor, request_id, to_status, **columns):
    bed_request = bed_request_or_404(actor, request_id)
    if actor.role != "shelter_host":
        raise ApiError(403, "forbidden")
    changed = (BedRequest.update(status=to_status, responded_at=now_utc(), **columns)
               .where(BedRequest.id == bed_request.id, BedRequest.status == "pending").execute())
    if not changed:
        raise ApiError(409, "invalid_transition")
    return bed_request


def accept_bed_request(actor, request_id):
    """Take the beds: a conditional decrement, so concurrent acceptances never go below zero and never
    accept more requests than there are beds (SQLite and PostgreSQL alike)."""
    with database.atomic():
        bed_request = _respond(actor, request_id, "accepted")
        taken = (Shelter.update(free_beds=Shelter.free_beds - bed_request.beds, observed_at=now_utc(),
                                updated_at=now_utc())
                 .where(Shelter.id == bed_request.shelter_id, Shelter.free_beds >= bed_request.beds).execute())
        if not taken:
            raise ApiError(409, "no_capacity")  # rolls the status change back with it
        record("bed_request.accepted", actor, bed_request, shelter=bed_request.shelter_id, beds=bed_request.beds)
    return BedRequest.get_by_id(bed_request.id)


def decline_bed_request(actor, request_id, reason, note):
    with database.atomic():
        bed_request = _respond(actor, request_id, "declined", decline_reason=reason, response_note=note)
        record("bed_request.declined", actor, bed_request, shelter=bed_request.shelter_id, reason=reason)
    return BedRequest.get_by_id(bed_request.id)


def cancel_bed_request(actor, request_id):
    """The requester withdraws a request the shelter has not answered yet."""
    with database.atomic():
        bed_request = bed_request_or_404(actor, request_id)
        if bed_request.requested_by_id != actor.id:
            raise ApiError(403, "forbidden")
        changed = (BedRequest.update(status="cancelled", responded_at=now_utc())
                   .where(BedRequest.id == bed_request.id, BedRequest.status == "pending").execute())
        if not changed:
            raise ApiError(409, "invalid_transition")
        record("bed_request.cancelled", actor, bed_request, shelter=bed_request.shelter_id)
    return BedRequest.get_by_id(bed_request.id)


def _shelter_columns(data):
    columns = {key: data[key] for key in ("name", "kind", "standardised", "capacity", "public_line", "address",
                                          "host_phone", "active") if key in data}
    for key in ("accepts", "accessibility", "languages"):
        if key in data:
            columns[key] = ",".join(sorted(set(data[key])))
    if "ward_code" in data:
        if Ward.get_or_none(Ward.code == data["ward_code"]) is None:
            raise ApiError(422, "validation_failed", {"ward_code": ["No ward has this code."]})
        columns["ward"] = data["ward_code"]
    if "organization_id" in data:
        organization = Organization.get_or_none(Organization.id == data["organization_id"],
                                                Organization.kind == "shelter")
        if organization is None:
            raise ApiError(422, "validation_failed", {"organization_id": ["No organisation has this id."]})
        columns["organization"] = organization
    return columns


def create_shelter(actor, data):
    with database.atomic():
        columns = _shelter_columns(data)
        slug = "admin-" + uuid.uuid4().hex[:12]  # not in a registry file; unique without coordination
        shelter = Shelter.create(slug=slug, **columns)
        record("shelter.created", actor, shelter, ward_code=shelter.ward_id)
    return shelter


def update_shelter(actor, shelter_id, data):
    with database.atomic():
        shelter = Shelter.get_or_none(Shelter.id == shelter_id)
        if shelter is None:
            raise ApiError(404, "not_found")
        columns = _shelter_columns(data)
        if "capacity" in columns and shelter.free_beds is not None and shelter.free_beds > columns["capacity"]:
            columns["free_beds"] = columns["capacity"]  # fewer beds now than were free: none beyond capacity
        Shelter.update(**columns, updated_at=now_utc()).where(Shelter.id == shelter.id).execute()
        record("shelter.updated", actor, shelter, ward_code=shelter.ward_id, fields=sorted(data))
    return Shelter.get_by_id(shelter.id)


def coverage():
    """Progress toward the plan: a community shelter in every ward, five standardised city shelters."""
    active = Shelter.select().where(Shelter.active == True)  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    covered = {code for (code,) in active.select(Shelter.ward).distinct().tuples()}
    wards = list(Ward.select(Ward.code, Ward.name).order_by(Ward.type, Ward.name_folded))
    return {
        "wards_total": len(wards),
        "wards_with_shelter": len(covered),
        "wards_without_shelter": [{"code": w.code, "name": w.name} for w in wards if w.code not in covered],
        "city_shelters_standardised": active.where(Shelter.kind == "city", Shelter.standardised == True).count(),  # noqa: E712 (peewee builds SQL from ==, not Python's is)
        "city_shelters_target": CITY_SHELTERS_TARGET,
        "shelters_total": active.count(),
    }


def stale_shelters(now=None):
    """Active shelters whose count is unconfirmed (never given, or older than SHELTER_STALE_HOURS): the
    query the scheduler's reminder to hosts runs."""
    now = now or now_utc()
    cutoff = now - timedelta(hours=current_app.config["SHELTER_STALE_HOURS"])
    return (Shelter.select()
            .where(Shelter.active == True,  # noqa: E712 (peewee builds SQL from ==, not Python's is)
                   Shelter.observed_at.is_null() | (Shelter.observed_at < cutoff))
            .order_by(Shelter.id))
