"""Receiving a resident's request for help, and the ward officers' work on it: one transaction each, each
leaving an audit event that names the request and the ward, never a word the resident wrote."""
import logging
import secrets
from datetime import timedelta

from flask import current_app

from server.accounts.models import User
from server.audit.operations import record
from server.cases.models import Case
from server.cases.scope import visible_cases
from server.clock import now_utc
from server.db import database
from server.errors import ApiError, VersionConflictError
from server.help.models import HelpRequest
from server.help.schemas import HONEYPOT
from server.help.scope import help_request_or_404, visible_help_requests
from server.idempotency import insert_once
from server.push import audience
from server.push.operations import plan_reminder
from server.wards.models import Ward

log = logging.getLogger(__name__)

# A resident reads the reference aloud on the phone or copies it by hand: no 0/O, no 1/I/L to confuse.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6  # 31**6, about 887 million: a collision is rare, and retried
REFERENCE_ATTEMPTS = 10
# Unread after a day, the request is still in the list; the phone's buzz has no use by then.
REMINDER_LIFETIME = timedelta(hours=24)


def new_reference():
    return "BA-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _ward_exists(code):
    return Ward.select().where(Ward.code == code).exists()


def _intake_ward(ward_code):
    """(ward code, whether the resident knew it): "Tôi không biết" goes to the triage ward."""
    if ward_code is None:
        triage = current_app.config["HELP_TRIAGE_WARD"]
        if not _ward_exists(triage):
            # A setting naming no ward would lose every such request: refuse loudly (a 500 and a log line).
            raise RuntimeError(f"HELP_TRIAGE_WARD {triage!r} names no ward")
        return triage, False
    if not _ward_exists(ward_code):
        raise ApiError(422, "validation_failed", {"ward_code": ["No ward has this code."]})
    return ward_code, True


def _remind_officers(key, help_request_id, ward_code, passed_on=False):
    """The work reminder to the ward's active officers, if it has any. It says only that a request waits:
    a lock screen on a shared phone is read by whoever picks it up."""
    officers = [user_id for (user_id,) in User.select(User.id).where(
        User.role == "ward_officer", User.ward == ward_code, User.active == True).tuples()]  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    if not officers:
        return
    now = now_utc()
    if passed_on:
        body_vi = "Một yêu cầu hỗ trợ vừa được chuyển đến xã/phường của bạn. Chạm để mở danh sách."
        body_en = "A request for help was passed on to your ward. Tap to open the list."
    else:
        body_vi = "Một người dân vừa gửi yêu cầu hỗ trợ. Chạm để mở danh sách."
        body_en = "A resident has asked for help. Tap to open the list."
    plan_reminder(
        key, source="help_request", source_id=str(help_request_id), topic="work",
        title_vi="Có yêu cầu hỗ trợ mới", title_en="A new request for help", body_vi=body_vi, body_en=body_en,
        url="/#/help-requests", audience=audience.encode(users=officers), due_at=now,
        expires_at=now + REMINDER_LIFETIME,
    )


# Whoever sends the id again gets the reference back, and nothing of what was written: a resend is answered
# with these columns only (and the ward, for the audit).
RESENT_COLUMNS = (HelpRequest.id, HelpRequest.reference, HelpRequest.received_at, HelpRequest.ward)


def _insert(data, ward_code, ward_known):
    """Insert with a fresh reference; on a clash, either the same id was inserted by a concurrent resend
    (answer it) or the reference was taken (draw another)."""
    # "Do not contact me, I will call" keeps no number, even if the phone sent one: collect the minimum.
    contact_phone = data["contact_phone"] if data["contact_method"] != "none" else None
    return insert_once(
        HelpRequest, data["id"],
        lambda: HelpRequest.create(
            id=data["id"], reference=new_reference(), ward=ward_code, ward_known=ward_known,
            place_hint=data["place_hint"], name=data["name"], situation=data["situation"],
            contact_method=data["contact_method"], contact_phone=contact_phone,
            safe_times=data["safe_times"], language=data["language"]),
        load=RESENT_COLUMNS, attempts=REFERENCE_ATTEMPTS,
        exhausted=RuntimeError(f"no free help-request reference after {REFERENCE_ATTEMPTS} attempts"))


def receive_help_request(data):
    """Store a resident's request in its ward's intake and remind the ward's officers; the same id again
    answers the stored reference. Returns ``(receipt, created)``."""
    if data[HONEYPOT]:
        # A script filled the field people never see: it is told what a person would be told, and nothing
        # is stored. Its requests still count against its rate limit (the view counts before this).
        log.info("help request dropped: the honeypot field was filled")
        return {"reference": new_reference(), "received_at": now_utc()}, True
    ward_code, ward_known = _intake_ward(data["ward_code"])
    with database.atomic():
        stored, created = _insert(data, ward_code, ward_known)
        if not created:
            record("help_request.resent", None, stored, ward_code=stored.ward_id)
            return stored, False
        record("help_request.received", None, stored, ward_code=ward_code, ward_known=ward_known)
        _remind_officers(f"help-request:{stored.id}", stored.id, ward_code)
    return stored, True


def list_help_requests(actor, status=None):
    query = visible_help_requests(actor)
    if status:
        query = query.where(HelpRequest.status == status)
    with database.atomic():
        found = list(query.order_by(HelpRequest.received_at.desc(), HelpRequest.id))
        record("help_request.listed", actor, ward_code=actor.ward_id, status=status,
               help_request_ids=[str(r.id) for r in found])
    return found


def read_help_request(actor, request_id):
    with database.atomic():
        found = help_request_or_404(actor, request_id)
        record("help_request.read", actor, found, ward_code=found.ward_id)
    return found


def _changes(actor, found, data):
    """The columns a change sets, checked against the request as stored; 422 naming the field otherwise."""
    columns = {}
    status = data.get("status", found.status)
    if "status" in data:
        columns["status"] = status
    outcome = data["outcome"] if "outcome" in data else (found.outcome if found.status == "closed" else None)
    if status == "closed" and outcome is None:
        raise ApiError(422, "validation_failed", {"outcome": ["Closing needs an outcome."]})
    if status != "closed" and data.get("outcome") is not None:
        raise ApiError(422, "validation_failed", {"outcome": ["An outcome is given only when closing."]})
    # Reopened (closed -> contacted): the earlier outcome no longer holds.
    columns["outcome"] = outcome if status == "closed" else None
    if "case_id" in data:
        if data["case_id"] is not None and not visible_cases(actor).where(Case.id == data["case_id"]).exists():
            raise ApiError(422, "validation_failed", {"case_id": ["No case of your ward has this id."]})
        columns["case"] = data["case_id"]
    if "ward_code" in data and data["ward_code"] != found.ward_id:
        if not _ward_exists(data["ward_code"]):
            raise ApiError(422, "validation_failed", {"ward_code": ["No ward has this code."]})
        columns["ward"] = data["ward_code"]
    return columns


def update_help_request(actor, request_id, data):
    """Record contact, close with an outcome, link the case opened, or pass the request on to the ward it
    belongs to (it then leaves this ward's list and reminds the other ward's officers). From the version
    the officer saw: 409 with the stored copy otherwise."""
    with database.atomic():
        found = help_request_or_404(actor, request_id)
        columns = _changes(actor, found, data)
        changed = (HelpRequest.update(**columns, version=HelpRequest.version + 1, updated_at=now_utc(),
                                      handled_by=actor)
                   .where(HelpRequest.id == found.id, HelpRequest.version == data["version"]).execute())
        if not changed:
            raise VersionConflictError(current=help_request_or_404(actor, found.id))
        passed_to = columns.get("ward")
        details = {"changed": sorted(key for key in data if key != "version"),
                   "status": columns.get("status", found.status), "outcome": columns["outcome"]}
        if passed_to:
            details["passed_to"] = passed_to
            _remind_officers(f"help-request:{found.id}:passed:{data['version'] + 1}", found.id, passed_to,
                             passed_on=True)
        record("help_request.updated", actor, found, ward_code=found.ward_id, **details)
    return HelpRequest.get_by_id(found.id)
