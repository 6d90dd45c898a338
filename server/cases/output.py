"""Records shaped for the answers of the cases API (the schemas' ``*Out`` classes describe the shapes).

A provider's view of a referral is built here from the few case fields a service needs; it is the only
place a provider's answer takes anything from a case, so what it shares can be read in one screen.
"""
from server.cases.models import FollowUp, Referral
from server.cases.schemas import CaseOut


def person(user):
    return None if user is None else {"id": user.id, "display_name": user.display_name}


def follow_up_view(follow_up):
    return {
        "id": follow_up.id, "case_id": follow_up.case_id, "note": follow_up.note,
        "author": person(follow_up.author), "occurred_at": follow_up.occurred_at,
        "created_at": follow_up.created_at,
    }


def referral_view(referral, for_provider=False):
    case = referral.case
    view = {
        "id": referral.id, "case_id": case.id, "case_code": case.code, "service_type": referral.service_type,
        "organization": referral.organization, "status": referral.status,
        "rejection_reason": referral.rejection_reason, "outcome": referral.outcome, "note": referral.note,
        "response_note": referral.response_note, "version": referral.version,
        "created_at": referral.created_at, "updated_at": referral.updated_at,
    }
    if for_provider:
        view["case"] = {
            "code": case.code,
            "survivor": {
                "name": case.survivor_name, "phone": case.survivor_phone, "age_group": case.age_group,
                "sex": case.sex, "disability": case.disability, "is_child": case.is_child,
            },
            "risk_level": case.risk_level,
        }
    return view


def case_summary(case):
    return {
        "id": case.id, "code": case.code, "status": case.status, "intake_channel": case.intake_channel,
        "age_group": case.age_group, "sex": case.sex, "gbv_type": case.gbv_type, "risk_level": case.risk_level,
        "assigned_to": person(case.assigned_to), "version": case.version,
        "created_at": case.created_at, "updated_at": case.updated_at,
    }


def case_view(case):
    return {
        **case_summary(case),
        "ward": case.ward,
        "closure_reason": case.closure_reason,
        "created_by": person(case.created_by),
        "survivor": {
            "name": case.survivor_name, "phone": case.survivor_phone, "address": case.survivor_address,
            "age_group": case.age_group, "sex": case.sex, "disability": case.disability,
            "ethnic_minority": case.ethnic_minority, "migrant_worker": case.migrant_worker,
            "is_child": case.is_child,
        },
        "incident": {
            "gbv_type": case.gbv_type, "contexts": case.context_list, "incident_date": case.incident_date,
            "report_date": case.report_date, "reporting_delay_days": case.reporting_delay_days,
            "perpetrator_relationship": case.perpetrator_relationship,
            "reported_elsewhere": case.reported_elsewhere,
        },
        "narrative": case.narrative,
        "consent": {"share_with_services": case.consent_to_share, "statistics": case.consent_for_statistics},
        "risk": {"answers": case.risk_answers_dict, "level": case.risk_level, "safety_plan": case.safety_plan},
        "referrals": [referral_view(r) for r in case.referrals.order_by(Referral.created_at)],
        "follow_ups": [follow_up_view(f) for f in case.follow_ups.order_by(FollowUp.occurred_at)],
    }


_CASE_OUT = CaseOut()


def conflict_copy(case):
    """The server's copy of a case beside a 409 version_conflict, serialized as GET /cases/<id> answers it:
    the cases API and the sync endpoint both send it, so the phone's conflict screen reads one shape."""
    return _CASE_OUT.dump(case_view(case))
