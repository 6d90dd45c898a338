"""The year as the city sees it, and as one ward sees itself.

The city's figures are consolidated from every ward: a ward that has submitted its report counts with the
figures it submitted (the latest version, frozen), a ward that has not with its figures so far. That way
the consolidated report does not move under Sở Nội vụ's feet once wards have reported, and nothing is
missing before they have.
"""
from server.reports import statistics
from server.reports.figures import case_figures, city_facts, ward_facts
from server.reports.indicators import BY_CODE, REGISTRY, city_measures, status, ward_measures
from server.reports.models import AnnualReport
from server.wards.models import Ward


def live_figures(year, ward_codes):
    cases = case_figures(year, ward_codes)
    facts = ward_facts(year, ward_codes)
    return {code: {"cases": cases[code], "facts": facts[code]} for code in ward_codes}


def latest_submissions(year):
    """{ward code: its latest submitted report of ``year``}."""
    latest = {}
    for report in AnnualReport.select().where(AnnualReport.year == year).order_by(AnnualReport.version):
        latest[report.ward_id] = report
    return latest


def consolidated(year):
    """{ward code: {"cases", "facts", "submission"}} for all 103 wards, and the city's own facts."""
    submissions = latest_submissions(year)
    codes = [code for (code,) in Ward.select(Ward.code).order_by(Ward.code).tuples()]
    live = live_figures(year, [code for code in codes if code not in submissions])
    rows = {}
    for code in codes:
        report = submissions.get(code)
        figures = report.figures if report else live[code]
        rows[code] = {"cases": figures["cases"], "facts": figures["facts"], "submission": report}
    return rows, city_facts(year)


def _indicator(code, language, level, numerator, denominator, value, wards_meeting=None):
    definition = BY_CODE[code]
    target = definition.ward_target if level == "ward" else definition.city_target
    unit = definition.unit
    if code in ("b_coordination", "c_online_intake") and level == "ward":
        unit = "count"  # a ward has one or has none
        value = None if value is None else int(value > 0)
        target = 1
    if code == "a_ward_shelters" and level == "city":
        unit = "count"
    return {
        "code": code, "target": definition.target, **definition.text(language), "unit": unit,
        "comparison": ">=", "target_value": target, "value": value, "numerator": numerator,
        "denominator": denominator, "status": status(value, target),
        "wards_meeting": wards_meeting,
    }


def ward_indicators(figures, language, served=None):
    """A ward's indicators; ``served``, when the figures leave the ward, is indicator (a)'s protected
    (served, not served, total) from server.reports.statistics.served."""
    measures = ward_measures(figures["cases"], figures["facts"])
    answers = []
    for definition in REGISTRY:
        if definition.ward_target is None:
            continue
        numerator, denominator, value = measures[definition.code]
        item = _indicator(definition.code, language, "ward", numerator, denominator, value)
        if definition.code == "a_survivors_served" and served is not None:
            _protect_served(item, *served)
        answers.append(item)
    return answers


def _protect_served(item, served, not_served, total):
    """The share is shown only when neither part of it is hidden; the status stays (it says only whether
    anyone went unserved, which no single person's count can be read from)."""
    item["numerator"], item["denominator"] = served, total
    if not all(isinstance(cell, int) for cell in (served, not_served, total)):
        item["value"] = None


def city_indicators(rows, facts, language, linked):
    """The city's indicators, and each ward's exact measures (for counting the wards that meet a target);
    ``linked``: the protected case tables of ``rows``."""
    measures = {code: ward_measures(row["cases"], row["facts"]) for code, row in rows.items()}
    city = city_measures(measures, facts)
    answers = []
    for definition in REGISTRY:
        numerator, denominator, value, meeting = city[definition.code]
        item = _indicator(definition.code, language, "city", numerator, denominator, value, meeting)
        if definition.code == "a_survivors_served":
            _protect_served(item, *statistics.served(linked))
        answers.append(item)
    return answers, measures
