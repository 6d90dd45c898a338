"""A year's raw figures, per ward, counted by the database from the work recorded in the app.

Every count is a GROUP BY over the whole city at once (one query per dimension, not one per ward): the city
report over 100,000 cases stays within a second on SQLite (bench/report.py). The figures are exact: what
may leave the ward is decided later, by server.reports.suppression.

Which cases count (DESIGN §4): reported in the year, with the survivor's consent for statistics, and not
already counted by another organisation that reports to Sở Nội vụ.
"""
from collections import defaultdict
from datetime import date, timedelta

from peewee import SQL, Case as Sql, NodeList, fn

from server.accounts.models import User
from server.campaigns.calendar import city_moment_utc
from server.cases import vocabulary as cv
from server.cases.models import Case, Referral
from server.dates import PLAN_START  # the plan runs 2026–2030: someone trained in 2026 counts as trained in 2028
from server.db import database, is_sqlite
from server.help.models import HelpRequest
from server.reports.models import (
    CommunicationActivity, CoordinationMechanism, Institution, TrainingAttendance, TrainingSession,
)
from server.shelters.models import Shelter

TRAINED_ROLES = ("collaborator", "ward_officer")  # the ward's staff and collaborators of target (đ)
DELAY_BUCKETS = ("0-3", "4-30", "31-365", "over_365", "unknown")
PRIORITY_GROUPS = ("disability", "ethnic_minority", "migrant_worker")
REFERRAL_OUTCOMES = ("in_progress", "accepted", "rejected", *cv.OUTCOMES)
# The single-valued dimensions of a case: each partitions the cases, so totals and cells are linked.
CASE_DIMENSIONS = {
    "gbv_type": cv.GBV_TYPES, "age_group": cv.AGE_GROUPS, "sex": cv.SEXES, "intake_channel": cv.INTAKE_CHANNELS,
    "reporting_delay": DELAY_BUCKETS,
}
MONTHS = tuple(range(1, 13))


def year_bounds(year):
    return date(year, 1, 1), date(year, 12, 31)


def counted_cases(year):
    first, last = year_bounds(year)
    return Case.report_date.between(first, last) & (Case.consent_for_statistics == True) & (  # noqa: E712 (peewee builds SQL from ==, not Python's is)
        Case.reported_elsewhere != cv.COUNTED_ELSEWHERE)


def _month(column):
    # SQLite keeps a date as 'YYYY-MM-DD' text: cutting the month out beats peewee's date_part, a Python
    # function called once per row.
    if is_sqlite():
        return fn.substr(column, 6, 2).cast("INTEGER")
    return database.extract_date("month", column)


def _delay_bucket():
    if is_sqlite():
        days = fn.julianday(Case.report_date) - fn.julianday(Case.incident_date)
    else:
        days = Case.report_date - Case.incident_date
    return Sql(None, [
        (Case.incident_date.is_null(), "unknown"), (days <= 3, "0-3"), (days <= 30, "4-30"),
        (days <= 365, "31-365")], "over_365")


def _empty_case_figures():
    return {
        "total": 0,
        "by": {name: dict.fromkeys(codes, 0) for name, codes in CASE_DIMENSIONS.items()}
        | {"priority_group": dict.fromkeys(PRIORITY_GROUPS, 0)},
        # Months as text keys: the figures are frozen as JSON in a submission and must read back the same.
        "by_month": {str(month): dict.fromkeys(cv.GBV_TYPES, 0) for month in MONTHS},
        "referrals": dict.fromkeys(REFERRAL_OUTCOMES, 0),
        "served": 0,
    }


def _ward_column():
    """``Case.ward`` for the city-wide counts. On SQLite written ``+ward_id``, which keeps the planner off the
    ward index: through the index it reads every case row in random order, about three times slower than
    one scan of the table (bench/report.py)."""
    return NodeList((SQL("+"), Case.ward), glue="") if is_sqlite() else Case.ward


def _count_where(condition):
    return fn.COUNT(Sql(None, [(condition, 1)]))


def case_figures(year, ward_codes):
    """{ward code: raw case figures} for ``ward_codes``; a ward with no counted case has zeros. Four
    queries for the whole city: types by month, the other breakdowns side by side, and referrals."""
    figures = {code: _empty_case_figures() for code in ward_codes}
    ward = _ward_column()
    where = counted_cases(year) & ward.in_(list(ward_codes))

    month = _month(Case.report_date)
    for code, gbv_type, in_month, count in (Case.select(Case.ward, Case.gbv_type, month, fn.COUNT(Case.id))
                                            .where(where).group_by(ward, Case.gbv_type, month).tuples()):
        ward_figures = figures[code]
        ward_figures["total"] += count
        ward_figures["by"]["gbv_type"][gbv_type] += count
        ward_figures["by_month"][str(int(in_month))][gbv_type] += count

    breakdowns = [(name, value, _count_where(column == value))
                  for name, column in (("age_group", Case.age_group), ("sex", Case.sex),
                                       ("intake_channel", Case.intake_channel), ("reporting_delay", _delay_bucket()))
                  for value in CASE_DIMENSIONS[name]]
    breakdowns += [("priority_group", group, _count_where(getattr(Case, group) == True))  # noqa: E712 (peewee builds SQL from ==, not Python's is)
                   for group in PRIORITY_GROUPS]
    for code, *counts in (Case.select(Case.ward, *[count for *_key, count in breakdowns]).where(where)
                          .group_by(ward).tuples()):
        for (name, value, _count), count in zip(breakdowns, counts, strict=True):
            figures[code]["by"][name][value] = count

    # Served (target a) is counted here too: the distinct cases among the referrals done successfully.
    outcome = Sql(None, [(Referral.status == "done", Referral.outcome)], Referral.status)
    for code, value, count, cases in (Referral.select(Case.ward, outcome, fn.COUNT(Referral.id),
                                                      fn.COUNT(Referral.case.distinct()))
                                      .join(Case).where(where).group_by(ward, outcome).tuples()):
        figures[code]["referrals"][value] += count
        if value == "success":
            figures[code]["served"] = cases
    return figures


def _counts_by_ward(query):
    return defaultdict(int, {ward: count for ward, count in query.tuples()})


def ward_facts(year, ward_codes):
    """{ward code: what the annual report says of the ward besides cases}: shelters, the coordination
    mechanism, use of the intake, schools and businesses, training and communication in the year."""
    first, last = year_bounds(year)
    codes = list(ward_codes)
    shelters = _counts_by_ward(Shelter.select(Shelter.ward, fn.COUNT(Shelter.id)).where(
        Shelter.ward.in_(codes), Shelter.kind == "community", Shelter.active == True,  # noqa: E712 (peewee builds SQL from ==, not Python's is)
        Shelter.fictional == False).group_by(Shelter.ward))  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    mechanisms = {m.ward_id: m for m in CoordinationMechanism.select().where(
        CoordinationMechanism.ward.in_(codes), CoordinationMechanism.document_date <= last)}
    # Target (c) is met by use, not by a form: a case recorded in the app, or a resident's online request
    # the ward has taken up, during the year.
    ward = _ward_column()
    cases_recorded = _counts_by_ward(Case.select(Case.ward, fn.COUNT(Case.id)).where(
        ward.in_(codes), Case.report_date.between(first, last)).group_by(ward))
    requests_taken_up = _counts_by_ward(HelpRequest.select(HelpRequest.ward, fn.COUNT(HelpRequest.id)).where(
        HelpRequest.ward.in_(codes), HelpRequest.status != "new",
        HelpRequest.received_at >= city_moment_utc(first, 0), HelpRequest.received_at < city_moment_utc(
            last + timedelta(days=1), 0)).group_by(HelpRequest.ward))

    institutions = defaultdict(lambda: {kind: {"total": 0, "with_policy": 0} for kind in ("school", "business")})
    with_policy = Institution.has_policy & (Institution.policy_date.is_null() | (Institution.policy_date <= last))
    for ward, kind, total, adopted in (Institution.select(
            Institution.ward, Institution.kind, fn.COUNT(Institution.id),
            fn.SUM(Sql(None, [(with_policy, 1)], 0))).where(Institution.ward.in_(codes))
            .group_by(Institution.ward, Institution.kind).tuples()):
        institutions[ward][kind] = {"total": total, "with_policy": int(adopted or 0)}

    staff = User.select(User.id).where(User.role.in_(TRAINED_ROLES), User.active == True)  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    trained_ids = (TrainingAttendance.select(TrainingAttendance.user).join(TrainingSession)
                   .where(TrainingSession.held_on.between(PLAN_START, last)))
    staff_counts = _counts_by_ward(User.select(User.ward, fn.COUNT(User.id)).where(
        User.id.in_(staff), User.ward.in_(codes)).group_by(User.ward))
    trained_counts = _counts_by_ward(User.select(User.ward, fn.COUNT(User.id)).where(
        User.id.in_(staff), User.id.in_(trained_ids), User.ward.in_(codes)).group_by(User.ward))

    trainings = _trainings_by_ward(first, last, codes)
    communications = _communications_by_ward(first, last, codes)
    return {code: {
        "community_shelters": shelters[code],
        "mechanism": ({"document_number": mechanisms[code].document_number,
                       "document_date": mechanisms[code].document_date.isoformat()}
                      if code in mechanisms else None),
        "intake_used": bool(cases_recorded[code] or requests_taken_up[code]),
        "schools": institutions[code]["school"], "businesses": institutions[code]["business"],
        "staff": staff_counts[code], "trained": trained_counts[code],
        "trainings": trainings[code], "communications": communications[code],
    } for code in codes}


def _trainings_by_ward(first, last, codes):
    """{ward code: sessions, hours and participants by role in the year}; ``codes`` None: the city-wide
    trainings, under the key None."""
    totals = defaultdict(lambda: {"sessions": 0, "hours": 0, "participants": {}})
    sessions = TrainingSession.select().where(TrainingSession.held_on.between(first, last))
    sessions = sessions.where(TrainingSession.ward.is_null() if codes is None else TrainingSession.ward.in_(codes))
    for session in sessions:
        total = totals[session.ward_id]
        total["sessions"] += 1
        total["hours"] += session.hours
        for role, count in session.participant_counts.items():
            total["participants"][role] = total["participants"].get(role, 0) + count
    return totals


def _communications_by_ward(first, last, codes):
    totals = defaultdict(lambda: {"activities": 0, "participants": 0})
    activities = (CommunicationActivity.select(CommunicationActivity.ward, fn.COUNT(CommunicationActivity.id),
                                               fn.SUM(CommunicationActivity.participants))
                  .where(CommunicationActivity.held_on.between(first, last))
                  .group_by(CommunicationActivity.ward))
    activities = activities.where(CommunicationActivity.ward.is_null() if codes is None
                                  else CommunicationActivity.ward.in_(codes))
    for ward, count, participants in activities.tuples():
        totals[ward] = {"activities": count, "participants": int(participants or 0)}
    return totals


def city_facts(year):
    """What belongs to the city, not to a ward: standardised city shelters, city-wide trainings and
    communication activities."""
    first, last = year_bounds(year)
    standardised = Shelter.select().where(
        Shelter.kind == "city", Shelter.standardised == True, Shelter.active == True,  # noqa: E712 (peewee builds SQL from ==, not Python's is)
        Shelter.fictional == False).count()  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    return {
        "standardised_city_shelters": standardised,
        "trainings": _trainings_by_ward(first, last, None)[None],
        "communications": _communications_by_ward(first, last, None)[None],
    }
