"""The annual report's life: a draft the ward's officers write, and submissions frozen as they were sent.

Each function is one transaction and leaves an audit event naming the ward and the year, never a figure.
"""
import json
from datetime import date

from peewee import IntegrityError, fn

from server.audit.operations import record
from server.clock import city_date, city_today, now_utc
from server.db import database
from server.errors import ApiError
from server.idempotency import insert_or_stored, stored_by_id
from server.reports.consolidation import live_figures
from server.reports.models import AnnualReport, ReportDraft
from server.wards.models import Ward


# A submission whose version number a colleague's took at the same moment is tried again as the next one.
SUBMIT_ATTEMPTS = 3


def deadline(year):
    """Reports reach Sở Nội vụ before 01/12: one submitted on 01/12 or later is late."""
    return date(year, 12, 1)


def is_late(year, now=None):
    return city_date(now or now_utc()) >= deadline(year)


def report_of(year, ward_code):
    draft = ReportDraft.get_or_none(ReportDraft.ward == ward_code, ReportDraft.year == year)
    submissions = list(AnnualReport.select().where(AnnualReport.ward == ward_code, AnnualReport.year == year)
                       .order_by(AnnualReport.version.desc()))
    return {"year": year, "ward": Ward.get_by_id(ward_code), "deadline": deadline(year), "late_now": is_late(year),
            "draft": draft, "submissions": submissions}


def save_draft(user, year, notes, base_version):
    """Keep the notes; ``base_version`` is the draft version the officer started from (0: none yet)."""
    with database.atomic():
        draft = ReportDraft.get_or_none(ReportDraft.ward == user.ward_id, ReportDraft.year == year)
        if draft is None:
            if base_version != 0:
                raise ApiError(409, "version_conflict")
            try:
                with database.atomic():
                    draft = ReportDraft.create(ward=user.ward_id, year=year, notes=notes, updated_by=user)
            except IntegrityError:
                # Another officer's first save came in between: theirs stands, this one is stale.
                raise ApiError(409, "version_conflict") from None
        else:
            changed = (ReportDraft.update(notes=notes, version=ReportDraft.version + 1, updated_by=user,
                                          updated_at=now_utc())
                       .where(ReportDraft.ward == user.ward_id, ReportDraft.year == year,
                              ReportDraft.version == base_version).execute())
            if not changed:
                raise ApiError(409, "version_conflict")
            draft = ReportDraft.get(ReportDraft.ward == user.ward_id, ReportDraft.year == year)
        record("report.draft_saved", user, draft, user.ward_id, year=year, version=draft.version)
    return draft


def submit(user, year, report_id, notes):
    """Freeze the ward's figures and records as they stand now, as the next version. The same id again
    answers the submission it made (a double tap, a resend after a lost answer): (report, created)."""
    # The same id is this ward's submission for this year, whoever of its officers taps again.
    owner = [(AnnualReport.ward, user.ward_id), (AnnualReport.year, year)]
    existing = stored_by_id(AnnualReport, report_id, owner)
    if existing is not None:
        return existing, False
    if year > city_today().year:
        raise ApiError(422, "validation_failed", {"year": ["The year has not begun."]})
    figures = live_figures(year, [user.ward_id])[user.ward_id]

    def insert():
        latest = (AnnualReport.select(fn.MAX(AnnualReport.version))
                  .where(AnnualReport.ward == user.ward_id, AnnualReport.year == year).scalar())
        report = AnnualReport.create(
            id=report_id, ward=user.ward_id, year=year, version=(latest or 0) + 1, notes=notes,
            snapshot=json.dumps(figures, sort_keys=True), late=is_late(year), submitted_by=user)
        ReportDraft.delete().where(ReportDraft.ward == user.ward_id, ReportDraft.year == year).execute()
        record("report.submitted", user, report, user.ward_id, year=year, version=report.version,
               late=report.late)
        return report

    # Two submissions at the same moment: the same id was the other tap of this ward; the same version
    # number was a colleague's, and this one becomes the next version (three tries, then 409 conflict, the
    # answer the database's own refusal gives).
    return insert_or_stored(AnnualReport, report_id, insert, owner, attempts=SUBMIT_ATTEMPTS,
                            exhausted=ApiError(409, "conflict"))


def submission(year, ward_code, version):
    report = AnnualReport.get_or_none(AnnualReport.ward == ward_code, AnnualReport.year == year,
                                      AnnualReport.version == version)
    if report is None:
        raise ApiError(404, "not_found")
    return report
