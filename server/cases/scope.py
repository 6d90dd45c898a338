"""Who sees which case and referral: the one place these rules live. Every query of the cases API starts
from a function here, so that no view can forget a rule.

- a collaborator: the cases of their ward that they created or are assigned;
- a ward officer: every case of their ward;
- a provider: no case, only the referrals addressed to their organisation (with the few case fields the
  service needs, chosen by the provider schema);
- a city admin, a shelter host: no case data at all (city statistics come from the reports domain).
Out-of-scope records answer 404, never 403: the caller learns nothing about other wards.
"""
from server.cases.models import Case, Referral
from server.errors import ApiError

CASE_ROLES = ("collaborator", "ward_officer")
REFERRAL_ROLES = ("collaborator", "ward_officer", "provider")


def visible_cases(user):
    query = Case.select()
    if user.role == "ward_officer":
        return query.where(Case.ward == user.ward_id)
    if user.role == "collaborator":
        return query.where(Case.ward == user.ward_id,
                           (Case.created_by == user.id) | (Case.assigned_to == user.id))
    return query.where(False)


def case_or_404(user, case_id):
    case = visible_cases(user).where(Case.id == case_id).first()
    if case is None:
        raise ApiError(404, "not_found")
    return case


def visible_referrals(user):
    query = Referral.select(Referral, Case).join(Case)
    if user.role == "provider":
        return query.where(Referral.organization == user.organization_id)
    if user.role in CASE_ROLES:
        return query.where(Referral.case.in_(visible_cases(user).select(Case.id)))
    return query.where(False)


def referral_or_404(user, referral_id):
    referral = visible_referrals(user).where(Referral.id == referral_id).first()
    if referral is None:
        raise ApiError(404, "not_found")
    return referral
