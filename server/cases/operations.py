"""Every read and change of case data: one transaction each, each leaving an audit event (no personal data
in it). Views and the sync endpoint call the same functions, so an offline change obeys the same rules."""
from datetime import UTC

from server.accounts.models import Organization, User
from server.audit.operations import record
from server.cases.models import Case, FollowUp, Referral
from server.cases.scope import case_or_404, referral_or_404, visible_cases
from server.cases.vocabulary import ORGANIZATION_KINDS_FOR_SERVICE
from server.clock import now_utc
from server.db import database
from server.errors import ApiError, VersionConflictError
from server.idempotency import insert_once, insert_or_stored, stored_by_id


def _section_columns(sections):
    """Model columns for the sections present in an input (create or update)."""
    columns = {}
    if "intake_channel" in sections:
        columns["intake_channel"] = sections["intake_channel"]
    if "survivor" in sections:
        s = sections["survivor"]
        columns.update(survivor_name=s["name"], survivor_phone=s["phone"], survivor_address=s["address"],
                       age_group=s["age_group"], sex=s["sex"], disability=s["disability"],
                       ethnic_minority=s["ethnic_minority"], migrant_worker=s["migrant_worker"])
    if "incident" in sections:
        i = sections["incident"]
        columns.update(gbv_type=i["gbv_type"], contexts=",".join(sorted(set(i["contexts"]))),
                       incident_date=i["incident_date"], report_date=i["report_date"],
                       perpetrator_relationship=i["perpetrator_relationship"],
                       reported_elsewhere=i["reported_elsewhere"])
    if "narrative" in sections:
        columns["narrative"] = sections["narrative"]
    if "consent" in sections:
        c = sections["consent"]
        columns.update(consent_to_share=c["share_with_services"], consent_for_statistics=c["statistics"])
    if sections.get("risk") is not None:
        probe = Case()
        probe.set_risk(sections["risk"]["answers"])
        columns.update(risk_answers=probe.risk_answers, risk_level=probe.risk_level,
                       safety_plan=sections["risk"]["safety_plan"])
    return columns


def _touch(case_id):
    """A note or a referral changed what the case's people should see: move ``updated_at`` so that phones
    re-fetch the case, without a new version (that would turn a note into a conflict with an edit)."""
    Case.update(updated_at=now_utc()).where(Case.id == case_id).execute()


def _conflict(actor, case_id):
    """409 carrying the server's copy as the caller may see it, so the phone can show both versions."""
    return VersionConflictError(current=case_or_404(actor, case_id))


def list_cases(actor, status=None, page=1, per_page=50):
    query = visible_cases(actor)
    if status:
        query = query.where(Case.status == status)
    with database.atomic():
        total = query.count()
        cases = list(query.order_by(Case.updated_at.desc(), Case.id).paginate(page, per_page))
        record("case.listed", actor, ward_code=actor.ward_id, case_ids=[str(c.id) for c in cases])
    return {"items": cases, "page": page, "per_page": per_page, "total": total}


def read_case(actor, case_id):
    with database.atomic():
        case = case_or_404(actor, case_id)
        record("case.read", actor, case, ward_code=case.ward_id)
    return case


def create_case(actor, data):
    """A new case in the actor's ward (see server/idempotency.py for a case sent twice)."""
    with database.atomic():
        case, created = insert_once(
            Case, data["id"],
            lambda: Case.create(id=data["id"], ward=actor.ward_id, created_by=actor, **_section_columns(data)),
            owner=[(Case.created_by, actor.id)])
        record("case.created" if created else "case.read", actor, case, ward_code=case.ward_id)
    return case, created


def update_case(actor, case_id, base_version, sections):
    """Replace the given sections if nobody changed the case since ``base_version``; else 409 with the
    server's copy, so the person chooses (never last-writer-wins)."""
    with database.atomic():
        case = case_or_404(actor, case_id)
        if case.status == "closed":
            raise ApiError(409, "case_closed")
        columns = _section_columns(sections)
        changed = (Case.update(**columns, version=Case.version + 1, updated_at=now_utc())
                   .where(Case.id == case.id, Case.version == base_version).execute())
        if not changed:
            raise _conflict(actor, case.id)
        record("case.updated", actor, case, ward_code=case.ward_id, sections=sorted(sections))
    return Case.get_by_id(case.id)


def _versioned_change(actor, case_id, base_version, action, **columns):
    with database.atomic():
        case = case_or_404(actor, case_id)
        changed = (Case.update(**columns, version=Case.version + 1, updated_at=now_utc())
                   .where(Case.id == case.id, Case.version == base_version).execute())
        if not changed:
            raise _conflict(actor, case.id)
        record(action, actor, case, ward_code=case.ward_id,
               **{k: v for k, v in columns.items() if k in ("status", "closure_reason")})
    return Case.get_by_id(case.id)


def assign_case(actor, case_id, base_version, collaborator_id):
    """A ward officer gives the case to a collaborator of the ward (or takes it back with None)."""
    collaborator = None
    if collaborator_id is not None:
        collaborator = User.get_or_none(User.id == collaborator_id, User.role == "collaborator",
                                        User.ward == actor.ward_id, User.active == True)  # noqa: E712 (peewee builds SQL from ==, not Python's is)
        if collaborator is None:
            raise ApiError(422, "validation_failed",
                           {"collaborator_id": ["Not a valid collaborator of this ward."]})
    case = case_or_404(actor, case_id)
    status = "open" if case.status == "new" else case.status
    return _versioned_change(actor, case_id, base_version, "case.assigned", assigned_to=collaborator,
                             status=status)


def close_case(actor, case_id, base_version, closure_reason):
    case = case_or_404(actor, case_id)
    if case.status == "closed":
        raise ApiError(409, "case_closed")
    return _versioned_change(actor, case_id, base_version, "case.closed", status="closed",
                             closure_reason=closure_reason, closed_at=now_utc())


def reopen_case(actor, case_id, base_version):
    case = case_or_404(actor, case_id)
    if case.status != "closed":
        raise ApiError(409, "invalid_transition")
    return _versioned_change(actor, case_id, base_version, "case.reopened", status="open",
                             closure_reason=None, closed_at=None)


def list_follow_ups(actor, case_id):
    with database.atomic():
        case = case_or_404(actor, case_id)
        notes = list(case.follow_ups.order_by(FollowUp.occurred_at))
        record("followup.listed", actor, case, ward_code=case.ward_id)
    return notes


def add_follow_up(actor, case_id, data):
    """Append a note (see server/idempotency.py for a note sent twice)."""
    with database.atomic():
        case = case_or_404(actor, case_id)
        # Stored in UTC like every timestamp; the phone sends its own offset.
        occurred_at = data["occurred_at"].astimezone(UTC).replace(tzinfo=None)
        note, created = insert_once(
            FollowUp, data["id"],
            lambda: FollowUp.create(id=data["id"], case=case, author=actor, note=data["note"],
                                    occurred_at=occurred_at),
            owner=[(FollowUp.author, actor.id), (FollowUp.case, case.id)])
        if created:
            _touch(case.id)
        record("followup.created" if created else "followup.read", actor, case, ward_code=case.ward_id,
               follow_up=str(note.id))
    return note, created


def create_referral(actor, case_id, data):
    """Refer the survivor to a service. Needs consent to share; the organisation must give that service."""
    with database.atomic():
        case = case_or_404(actor, case_id)
        owner = [(Referral.created_by, actor.id), (Referral.case, case.id)]
        stored = stored_by_id(Referral, data["id"], owner)
        if stored is not None:
            record("referral.read", actor, stored, ward_code=case.ward_id)
            return stored, False
        if not case.consent_to_share:
            raise ApiError(422, "consent_required")
        if case.status == "closed":
            raise ApiError(409, "case_closed")
        organization = Organization.get_or_none(Organization.id == data["organization_id"])
        if organization is None or organization.kind not in ORGANIZATION_KINDS_FOR_SERVICE[data["service_type"]]:
            raise ApiError(422, "validation_failed",
                           {"organization_id": ["This organisation does not give this service."]})
        referral, created = insert_or_stored(
            Referral, data["id"],
            lambda: Referral.create(id=data["id"], case=case, organization=organization,
                                    service_type=data["service_type"], note=data["note"], created_by=actor),
            owner)
        if created:
            _touch(case.id)
        record("referral.created" if created else "referral.read", actor, referral, ward_code=case.ward_id,
               service_type=data["service_type"], organization=organization.id)
    return referral, created


def list_referrals(actor, query, status=None):
    if status:
        query = query.where(Referral.status == status)
    with database.atomic():
        referrals = list(query.order_by(Referral.created_at.desc()))
        record("referral.listed", actor, ward_code=actor.ward_id, referral_ids=[str(r.id) for r in referrals])
    return referrals


def read_referral(actor, referral_id):
    with database.atomic():
        referral = referral_or_404(actor, referral_id)
        record("referral.read", actor, referral, ward_code=referral.case.ward_id)
    return referral


# A provider moves a referral on: action -> (from status, to status, audit action).
TRANSITIONS = {
    "accept": ("in_progress", "accepted", "referral.accepted"),
    "reject": ("in_progress", "rejected", "referral.rejected"),
    "complete": ("accepted", "done", "referral.completed"),
}


def move_referral(actor, referral_id, action, **columns):
    """Accept, reject or complete, only from the right state: a conditional update, so two staff of the
    same service acting at once cannot both succeed."""
    before, after, audit_action = TRANSITIONS[action]
    with database.atomic():
        referral = referral_or_404(actor, referral_id)
        if actor.role != "provider":
            raise ApiError(403, "forbidden")
        changed = (Referral.update(status=after, version=Referral.version + 1, updated_at=now_utc(), **columns)
                   .where(Referral.id == referral.id, Referral.status == before).execute())
        if not changed:
            raise ApiError(409, "invalid_transition")
        _touch(referral.case_id)
        record(audit_action, actor, referral, ward_code=referral.case.ward_id,
               **{k: v for k, v in columns.items() if k in ("rejection_reason", "outcome")})
    return referral_or_404(actor, referral_id)
