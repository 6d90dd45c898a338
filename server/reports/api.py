"""Plan indicators, case statistics and the annual report: ward officers for their ward, city admins for
all 103 wards. Figures leaving a ward are protected by small-cell suppression (server.reports.suppression)."""
from flask import Blueprint, Response
from flask_login import current_user

from server.access import roles_required
from server.contract import SENT_AGAIN, accepts, also_answers, returns
from server.errors import ApiError
from server.reports import audited_reads, export, operations
from server.reports.schemas import (
    AnnualReportOut, DraftIn, DraftOut, FiguresQuery, IndicatorsOut, OverviewOut, StatisticsOut,
    SubmissionBriefOut, SubmissionIn, SubmissionOut, WardQuery, YearQuery,
)
from server.reports.scope import REPORT_ROLES, ward_in_scope

bp = Blueprint("reports", __name__)


def _year(year):
    errors = YearQuery().validate({"year": year})
    if errors:
        raise ApiError(422, "validation_failed", errors)
    return year


@bp.get("/reports/indicators")
@roles_required(*REPORT_ROLES)
@accepts(FiguresQuery, location="query")
@returns(IndicatorsOut)
def get_indicators(data):
    """The year's indicators against the plan's targets, for a ward or (city admin, no ward) the city."""
    return audited_reads.indicators(current_user, data["year"], ward_in_scope(current_user, data["ward"]))


@bp.get("/reports/statistics")
@roles_required(*REPORT_ROLES)
@accepts(FiguresQuery, location="query")
@returns(StatisticsOut)
def get_statistics(data):
    """Case statistics of the year: counts only, of cases consenting to statistics, counted once."""
    return audited_reads.case_statistics(current_user, data["year"], ward_in_scope(current_user, data["ward"]))


@bp.get("/reports/overview")
@roles_required("city_admin")
@accepts(YearQuery, location="query")
@returns(OverviewOut)
def get_overview(data):
    """All 103 wards at a glance: who has submitted, and the city's indicators."""
    return audited_reads.overview(current_user, data["year"])


@bp.get("/reports/annual/<int:year>")
@roles_required(*REPORT_ROLES)
@accepts(WardQuery, location="query")
@returns(AnnualReportOut)
def get_annual_report(year, data):
    """A ward's report of the year: its draft and every submitted version."""
    ward_code = ward_in_scope(current_user, data["ward"])
    if ward_code is None:
        raise ApiError(422, "validation_failed", {"ward": ["Choose a ward."]})
    return operations.report_of(_year(year), ward_code)


@bp.put("/reports/annual/<int:year>/draft")
@roles_required("ward_officer")
@accepts(DraftIn)
@returns(DraftOut)
def save_draft(year, data):
    """Keep the report's notes while it is written; a stale version is refused with 409."""
    return operations.save_draft(current_user, _year(year), data["notes"], data["base_version"])


@bp.post("/reports/annual/<int:year>/submissions")
@roles_required("ward_officer")
@accepts(SubmissionIn)
@returns(SubmissionBriefOut, 201)
@also_answers(200, SubmissionBriefOut, SENT_AGAIN)
def submit_report(year, data):
    """Submit the year's report, frozen as the next version; the same id again answers 200."""
    report, created = operations.submit(current_user, _year(year), data["id"], data["notes"])
    return report, (201 if created else 200)


@bp.get("/reports/annual/<int:year>/submissions/<int:version>")
@roles_required(*REPORT_ROLES)
@accepts(WardQuery, location="query")
@returns(SubmissionOut)
def get_submission(year, version, data):
    """One submitted version, as it was frozen."""
    ward_code = ward_in_scope(current_user, data["ward"])
    if ward_code is None:
        raise ApiError(422, "validation_failed", {"ward": ["Choose a ward."]})
    return audited_reads.submission(current_user, operations.submission(_year(year), ward_code, version))


@bp.get("/reports/annual/<int:year>.xlsx")
@roles_required("city_admin")
def export_xlsx(year):
    """The consolidated report of the year as a workbook (indicators, wards, case statistics)."""
    body = export.workbook(current_user, _year(year))
    return _download(body, f"binh-an-bao-cao-{year}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/reports/annual/<int:year>.csv")
@roles_required("city_admin")
def export_csv(year):
    """The consolidated report of the year as one long CSV table (section, ward, measure, category, value)."""
    return _download(export.csv_text(current_user, _year(year)).encode("utf-8-sig"),
                     f"binh-an-bao-cao-{year}.csv", "text/csv")  # Flask adds "; charset=utf-8"


def _download(body, filename, mimetype):
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
