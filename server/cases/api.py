"""Cases, their follow-ups and referrals: for collaborators, ward officers and (referrals only) providers."""
from flask import Blueprint
from flask_login import current_user

from server.access import roles_required
from server.cases import operations
from server.cases.output import case_summary, case_view, conflict_copy, follow_up_view, referral_view
from server.cases.schemas import (
    AssignIn, CaseCreateIn, CaseOut, CasePageOut, CaseQuery, CaseUpdateIn, CloseIn, CompleteIn, FollowUpIn,
    FollowUpListOut, FollowUpOut, ReferralIn, ReferralListOut, ReferralOut, ReferralQuery, RejectIn, VersionIn,
)
from server.cases.scope import CASE_ROLES, REFERRAL_ROLES, visible_referrals
from server.contract import SENT_AGAIN, accepts, also_answers, returns
from server.errors import ApiError, VersionConflictError, error_response

bp = Blueprint("cases", __name__)


@bp.errorhandler(VersionConflictError)
def _version_conflict(error):
    """The 409 of a stale version carries the server's copy of the case, as the caller may see it."""
    return error_response(409, error.code, extra={"current": conflict_copy(error.current)})


def _sections(data):
    return {k: v for k, v in data.items() if k not in ("id", "base_version")}


@bp.get("/cases")
@roles_required(*CASE_ROLES)
@accepts(CaseQuery, location="query")
@returns(CasePageOut)
def list_cases(data):
    """The cases the caller may see, newest change first, a page at a time."""
    page = operations.list_cases(current_user, **data)
    return {**page, "items": [case_summary(case) for case in page["items"]]}


@bp.post("/cases")
@roles_required(*CASE_ROLES)
@accepts(CaseCreateIn)
@returns(CaseOut, 201)
@also_answers(200, CaseOut, SENT_AGAIN)
def create_case(data):
    """Record a case (its id made by the client); the same id again answers the stored case with 200."""
    case, created = operations.create_case(current_user, data)
    return case_view(case), (201 if created else 200)


@bp.get("/cases/<uuid:case_id>")
@roles_required(*CASE_ROLES)
@returns(CaseOut)
def get_case(case_id):
    """One case, with its referrals and follow-up notes."""
    return case_view(operations.read_case(current_user, case_id))


@bp.patch("/cases/<uuid:case_id>")
@roles_required(*CASE_ROLES)
@accepts(CaseUpdateIn)
@returns(CaseOut)
def update_case(case_id, data):
    """Replace whole sections of a case, from the version the caller saw (409 with the server copy if stale)."""
    if "id" in data and data["id"] != case_id:
        raise ApiError(422, "validation_failed", {"id": ["Invalid value."]})
    return case_view(operations.update_case(current_user, case_id, data["base_version"], _sections(data)))


@bp.post("/cases/<uuid:case_id>/assign")
@roles_required("ward_officer")
@accepts(AssignIn)
@returns(CaseOut)
def assign_case(case_id, data):
    """Give the case to a collaborator of the ward (a new case becomes open)."""
    return case_view(operations.assign_case(current_user, case_id, data["base_version"], data["collaborator_id"]))


@bp.post("/cases/<uuid:case_id>/close")
@roles_required(*CASE_ROLES)
@accepts(CloseIn)
@returns(CaseOut)
def close_case(case_id, data):
    """Close the case with a reason."""
    return case_view(operations.close_case(current_user, case_id, data["base_version"], data["closure_reason"]))


@bp.post("/cases/<uuid:case_id>/reopen")
@roles_required("ward_officer")
@accepts(VersionIn)
@returns(CaseOut)
def reopen_case(case_id, data):
    """Open a closed case again."""
    return case_view(operations.reopen_case(current_user, case_id, data["base_version"]))


@bp.get("/cases/<uuid:case_id>/follow-ups")
@roles_required(*CASE_ROLES)
@returns(FollowUpListOut)
def list_follow_ups(case_id):
    """The case's follow-up notes, oldest first."""
    return {"items": [follow_up_view(note) for note in operations.list_follow_ups(current_user, case_id)]}


@bp.post("/cases/<uuid:case_id>/follow-ups")
@roles_required(*CASE_ROLES)
@accepts(FollowUpIn)
@returns(FollowUpOut, 201)
@also_answers(200, FollowUpOut, SENT_AGAIN)
def add_follow_up(case_id, data):
    """Append a follow-up note (append-only; the same id again answers the stored note)."""
    note, created = operations.add_follow_up(current_user, case_id, data)
    return follow_up_view(note), (201 if created else 200)


@bp.post("/cases/<uuid:case_id>/referrals")
@roles_required(*CASE_ROLES)
@accepts(ReferralIn)
@returns(ReferralOut, 201)
@also_answers(200, ReferralOut, SENT_AGAIN)
def create_referral(case_id, data):
    """Refer the survivor to a service (needs consent to share)."""
    referral, created = operations.create_referral(current_user, case_id, data)
    return referral_view(referral), (201 if created else 200)


@bp.get("/referrals")
@roles_required(*REFERRAL_ROLES)
@accepts(ReferralQuery, location="query")
@returns(ReferralListOut)
def list_referrals(data):
    """Referrals the caller follows: a provider's inbox, or those of the caller's cases."""
    referrals = operations.list_referrals(current_user, visible_referrals(current_user), data["status"])
    for_provider = current_user.role == "provider"
    return {"items": [referral_view(r, for_provider) for r in referrals]}


@bp.get("/referrals/<uuid:referral_id>")
@roles_required(*REFERRAL_ROLES)
@returns(ReferralOut)
def get_referral(referral_id):
    """One referral."""
    referral = operations.read_referral(current_user, referral_id)
    return referral_view(referral, current_user.role == "provider")


@bp.post("/referrals/<uuid:referral_id>/accept")
@roles_required("provider")
@returns(ReferralOut)
def accept_referral(referral_id):
    """The service takes the referral on."""
    return referral_view(operations.move_referral(current_user, referral_id, "accept"), for_provider=True)


@bp.post("/referrals/<uuid:referral_id>/reject")
@roles_required("provider")
@accepts(RejectIn)
@returns(ReferralOut)
def reject_referral(referral_id, data):
    """The service declines the referral, with a reason."""
    referral = operations.move_referral(current_user, referral_id, "reject", rejection_reason=data["reason"],
                                        response_note=data["note"])
    return referral_view(referral, for_provider=True)


@bp.post("/referrals/<uuid:referral_id>/complete")
@roles_required("provider")
@accepts(CompleteIn)
@returns(ReferralOut)
def complete_referral(referral_id, data):
    """The service records what it gave and the outcome."""
    referral = operations.move_referral(current_user, referral_id, "complete", outcome=data["outcome"],
                                        response_note=data["note"])
    return referral_view(referral, for_provider=True)
