"""Audited reads of figures: what each caller is shown, and the audit event every read of figures leaves.

A ward officer reads their ward's live figures, exactly. A city admin reads the consolidated year
(server.reports.consolidation), always through small-cell suppression, and never a case's contents.
"""
from server.audit.operations import record
from server.i18n import request_language
from server.reports import statistics
from server.reports.consolidation import (
    city_indicators, consolidated, live_figures, ward_indicators,
)
from server.reports.indicators import ward_statuses
from server.reports.models import ReportDraft
from server.reports.operations import deadline
from server.reports.scope import sees_exact_figures
from server.wards.models import Ward


def _header(year, ward_code, exact):
    return {"year": year, "level": "ward" if ward_code else "city",
            "ward": Ward.get_by_id(ward_code) if ward_code else None, "exact": exact}


def _audit(user, what, year, ward_code):
    record(f"report.{what}_read", user, None, ward_code, year=year)


def indicators(user, year, ward_code):
    _audit(user, "indicators", year, ward_code)
    language = request_language()
    if sees_exact_figures(user):
        figures = live_figures(year, [ward_code])[ward_code]
        return _header(year, ward_code, True) | {"indicators": ward_indicators(figures, language)}
    rows, facts = consolidated(year)
    linked = _linked(rows)
    if ward_code:
        answers = ward_indicators(rows[ward_code], language, statistics.served(linked, ward_code))
    else:
        answers = city_indicators(rows, facts, language, linked)[0]
    return _header(year, ward_code, False) | {"indicators": answers}


def _linked(rows):
    return statistics.protected_tables({code: row["cases"] for code, row in rows.items()})


def case_statistics(user, year, ward_code):
    _audit(user, "statistics", year, ward_code)
    if sees_exact_figures(user):
        cases = live_figures(year, [ward_code])[ward_code]["cases"]
        return _header(year, ward_code, True) | statistics.exact(cases)
    rows, _facts = consolidated(year)
    return _header(year, ward_code, False) | statistics.protected(_linked(rows), ward_code)


def overview(user, year):
    """All 103 wards at a glance: who has submitted, and the city's indicators."""
    _audit(user, "overview", year, None)
    rows, facts = consolidated(year)
    linked = _linked(rows)
    answers, measures = city_indicators(rows, facts, request_language(), linked)
    drafts = {code for (code,) in ReportDraft.select(ReportDraft.ward).where(ReportDraft.year == year).tuples()}
    wards = {ward.code: ward for ward in Ward.select()}
    submitted = [row["submission"] for row in rows.values() if row["submission"]]
    return {
        "year": year, "deadline": deadline(year), "wards_total": len(rows), "submitted": len(submitted),
        "late": sum(1 for report in submitted if report.late), "indicators": answers,
        "wards": [{"ward": wards[code], "submission": row["submission"], "has_draft": code in drafts,
                   "cases": linked.margin("wards", code), "statuses": ward_statuses(measures[code])}
                  for code, row in rows.items()],
    }


def submission(user, report):
    """A frozen report. Leaving the ward, its case figures are protected together with every other ward's
    consolidated figures, this version standing in for the ward's row."""
    _audit(user, "submission", report.year, report.ward_id)
    figures = report.figures
    if sees_exact_figures(user):
        shown = {"indicators": ward_indicators(figures, request_language()),
                 "statistics": statistics.exact(figures["cases"])}
    else:
        rows, _facts = consolidated(report.year)
        rows[report.ward_id] = {**figures, "submission": report}
        linked = _linked(rows)
        shown = {"indicators": ward_indicators(figures, request_language(), statistics.served(linked, report.ward_id)),
                 "statistics": statistics.protected(linked, report.ward_id)}
    return {"id": report.id, "version": report.version, "year": report.year, "ward": report.ward,
            "submitted_at": report.submitted_at, "submitted_by": report.submitted_by, "late": report.late,
            "notes": report.notes, "records": figures["facts"], **shown}
