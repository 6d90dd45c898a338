"""The consolidated annual report as files for Sở Nội vụ: an XLSX workbook (openpyxl) and a long CSV.

Both are cut from the same tables as the city admin's screens, so a count is protected the same way in
each: "<5" for a count from 1 to 4, "x" for a count hidden so that it cannot be worked out from a total.
Labels come from the PWA's catalogues (pwa/i18n), the one place the words of every code live.
"""
import csv
import io
import json
from functools import cache
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from server.audit.operations import record
from server.clock import now_utc
from server.i18n import request_language
from server.reports import statistics
from server.reports.consolidation import city_indicators, consolidated, ward_indicators
from server.reports.indicators import REGISTRY
from server.reports.operations import deadline
from server.wards.models import Ward

# The catalogue group holding each dimension's words (pwa/i18n/<language>.json, "term.<group>.<code>").
TERM_GROUPS = {"gbv_type": "gbv", "age_group": "age", "sex": "sex", "intake_channel": "channel"}
WORDS = {
    "vi": {
        "sheet.indicators": "Chỉ tiêu", "sheet.wards": "Xã, phường", "sheet.statistics": "Thống kê vụ việc",
        "sheet.notes": "Ghi chú", "code": "Mã", "target": "Mục tiêu", "indicator": "Chỉ tiêu",
        "formula": "Cách tính", "source": "Nguồn", "target_value": "Chỉ tiêu 2030", "value": "Giá trị",
        "numerator": "Tử số", "denominator": "Mẫu số", "status": "Đánh giá", "wards_meeting": "Số xã, phường đạt",
        "ward": "Xã, phường", "submission": "Báo cáo", "submitted_at": "Ngày nộp", "cases": "Số vụ việc",
        "dimension": "Phân tổ", "category": "Nhóm", "count": "Số lượng", "not_submitted": "Chưa nộp",
        "version": "Lần nộp {version}", "late": "nộp muộn", "met": "Đạt", "not_met": "Chưa đạt",
        "no_data": "Chưa có dữ liệu", "total": "Tổng số", "month": "Tháng {month}",
        "by.gbv_type": "Loại hành vi", "by.age_group": "Nhóm tuổi", "by.sex": "Giới tính",
        "by.intake_channel": "Kênh tiếp nhận", "by.reporting_delay": "Thời gian từ khi xảy ra đến khi báo",
        "by.priority_group": "Nhóm ưu tiên", "by.month": "Theo tháng", "referrals": "Chuyển gửi",
        "delay.0-3": "0–3 ngày", "delay.4-30": "4–30 ngày", "delay.31-365": "31–365 ngày",
        "delay.over_365": "Trên 1 năm", "delay.unknown": "Không rõ ngày xảy ra",
        "group.disability": "Người khuyết tật", "group.ethnic_minority": "Người dân tộc thiểu số",
        "group.migrant_worker": "Lao động di cư", "outcome.in_progress": "Đang chờ", "outcome.accepted": "Đã nhận",
        "outcome.rejected": "Từ chối",
        "legend": ("\"<5\": số từ 1 đến 4, được ẩn để không ai nhận ra người bị bạo lực. \"x\": số được ẩn "
                   "để không thể suy ra một số nhỏ từ tổng. Chỉ tính vụ việc có đồng ý thống kê và chưa được "
                   "cơ quan khác báo cáo."),
        "title": "Báo cáo năm {year} về phòng, chống bạo lực trên cơ sở giới, thành phố Cần Thơ",
        "deadline": "Hạn nộp của xã, phường: trước ngày {date}",
        "submitted_count": "Số xã, phường đã nộp: {submitted}/{total} (nộp muộn: {late})",
    },
    "en": {
        "sheet.indicators": "Indicators", "sheet.wards": "Wards", "sheet.statistics": "Case statistics",
        "sheet.notes": "Notes", "code": "Code", "target": "Target", "indicator": "Indicator",
        "formula": "Formula", "source": "Source", "target_value": "2030 target", "value": "Value",
        "numerator": "Numerator", "denominator": "Denominator", "status": "Status",
        "wards_meeting": "Wards meeting it", "ward": "Ward", "submission": "Report", "submitted_at": "Submitted",
        "cases": "Cases", "dimension": "Breakdown", "category": "Category", "count": "Count",
        "not_submitted": "Not submitted", "version": "Version {version}", "late": "late", "met": "Met",
        "not_met": "Not met", "no_data": "No data", "total": "Total", "month": "Month {month}",
        "by.gbv_type": "Type of violence", "by.age_group": "Age group", "by.sex": "Sex",
        "by.intake_channel": "Intake channel", "by.reporting_delay": "Time from incident to report",
        "by.priority_group": "Priority group", "by.month": "By month", "referrals": "Referrals",
        "delay.0-3": "0–3 days", "delay.4-30": "4–30 days", "delay.31-365": "31–365 days",
        "delay.over_365": "Over a year", "delay.unknown": "Incident date unknown",
        "group.disability": "People with disabilities", "group.ethnic_minority": "Ethnic minorities",
        "group.migrant_worker": "Migrant workers", "outcome.in_progress": "Waiting", "outcome.accepted": "Accepted",
        "outcome.rejected": "Rejected",
        "legend": ("\"<5\": a count from 1 to 4, hidden so that no survivor can be recognised. \"x\": a count "
                   "hidden so that a small count cannot be worked out from a total. Only cases consenting to "
                   "statistics and not reported by another organisation are counted."),
        "title": "Cần Thơ city: {year} annual report on preventing and responding to gender-based violence",
        "deadline": "Wards report before {date}",
        "submitted_count": "Wards that have reported: {submitted}/{total} (late: {late})",
    },
}


@cache
def _catalogue(language):
    # The PWA's own catalogue, read from its folder (PWA_DIR) rather than through server.web: a domain never
    # imports the app's edges.
    with open(Path(current_app.config["PWA_DIR"]) / "i18n" / f"{language}.json", encoding="utf-8") as file:
        return json.load(file)


def _label(language, dimension, code):
    words = WORDS[language]
    if dimension in TERM_GROUPS:
        return _catalogue(language).get(f"term.{TERM_GROUPS[dimension]}.{code}", code)
    if dimension == "reporting_delay":
        return words[f"delay.{code}"]
    if dimension == "priority_group":
        return words[f"group.{code}"]
    if dimension == "referrals":
        return words.get(f"outcome.{code}") or _catalogue(language).get(f"term.outcome.{code}", code)
    return code


def report_tables(user, year):
    """(language, the consolidated year as rows for each sheet). One computation for both formats."""
    language = request_language()
    words = WORDS[language]
    rows, facts = consolidated(year)
    record("report.exported", user, None, None, year=year)
    linked = statistics.protected_tables({code: row["cases"] for code, row in rows.items()})
    indicators, _measures = city_indicators(rows, facts, language, linked)
    names = dict(Ward.select(Ward.code, Ward.name).tuples())

    def status(item):
        return words[item["status"]]

    indicator_rows = [[i["code"], i["target"], i["title"], i["formula"], i["source"], i["target_value"],
                       i["value"], i["numerator"], i["denominator"], status(i), i["wards_meeting"]]
                      for i in indicators]
    ward_rows = []
    for code, row in rows.items():
        report = row["submission"]
        shown = ward_indicators(row, language, statistics.served(linked, code))
        submission = (words["version"].format(version=report.version) + (f" ({words['late']})" if report.late else "")
                      if report else words["not_submitted"])
        submitted_at = report.submitted_at.strftime("%Y-%m-%d %H:%M UTC") if report else ""
        ward_rows.append([code, names[code], submission, submitted_at, linked.margin("wards", code),
                          *[item["value"] if item["value"] is not None else status(item) for item in shown]])
    ward_header = [words["code"], words["ward"], words["submission"], words["submitted_at"], words["cases"],
                   *[d.text(language)["title"] for d in REGISTRY if d.ward_target is not None]]

    city = statistics.protected(linked)
    statistic_rows = [[words["total"], "", city["total"]]]
    for dimension, counts in city["by"].items():
        statistic_rows += [[words[f"by.{dimension}"], _label(language, dimension, code), count]
                           for code, count in counts.items()]
    statistic_rows += [[words["by.month"], words["month"].format(month=m["month"]), m["total"]]
                       for m in city["by_month"]]
    statistic_rows += [[words["referrals"], words["total"], city["referrals"]["total"]]]
    statistic_rows += [[words["referrals"], _label(language, "referrals", code), count]
                       for code, count in city["referrals"]["by_outcome"].items()]

    submitted = [row["submission"] for row in rows.values() if row["submission"]]
    notes = [words["title"].format(year=year),
             words["deadline"].format(date=deadline(year).strftime("%d/%m/%Y")),
             words["submitted_count"].format(submitted=len(submitted), total=len(rows),
                                             late=sum(1 for r in submitted if r.late)),
             words["legend"]]
    return language, {
        "indicators": ([words[k] for k in ("code", "target", "indicator", "formula", "source", "target_value",
                                            "value", "numerator", "denominator", "status", "wards_meeting")],
                       indicator_rows),
        "wards": (ward_header, ward_rows),
        "statistics": ([words["dimension"], words["category"], words["count"]], statistic_rows),
        "notes": notes,
    }


def workbook(user, year):
    language, tables = report_tables(user, year)
    words = WORDS[language]
    book = Workbook()
    notes = book.active
    notes.title = words["sheet.notes"]
    for line in tables["notes"]:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    for key in ("indicators", "wards", "statistics"):
        header, rows = tables[key]
        sheet = book.create_sheet(words[f"sheet.{key}"])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    # The workbook's "created" and "modified" dates from the server's clock: book.save() would stamp the
    # machine's, which is not the date the report was made on when the clock is set (tests, faketime).
    book.properties.created = book.properties.modified = now_utc()
    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return out.getvalue()


def csv_text(user, year):
    """One long table, one count per line: easy to filter, pivot or load anywhere."""
    language, tables = report_tables(user, year)
    words = WORDS[language]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "ward_code", "ward_name", "measure", "category", "value"])
    for row in tables["indicators"][1]:
        writer.writerow(["indicator", "", "", row[0], words["value"], _csv(row[6])])
        writer.writerow(["indicator", "", "", row[0], words["status"], row[9]])
    ward_header = tables["wards"][0]
    for row in tables["wards"][1]:
        for heading, value in zip(ward_header[2:], row[2:], strict=True):
            writer.writerow(["ward", row[0], row[1], heading, "", _csv(value)])
    for dimension, category, count in tables["statistics"][1]:
        writer.writerow(["statistics", "", "", dimension, category, _csv(count)])
    return out.getvalue()


def _csv(value):
    return "" if value is None else value

