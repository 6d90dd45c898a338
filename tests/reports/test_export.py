"""The consolidated annual report as files for Sở Nội vụ: the XLSX read back with openpyxl, and the CSV.

Both carry the same protected figures as the city admin's screens: a ward's count from 1 to 4 leaves as
"<5", a count that a shown total would give away leaves as "x", and nothing of a case's contents leaves
at all. Only a city admin downloads them.
"""
import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from server.cases import vocabulary as cv
from server.db import database
from server.reports.models import CoordinationMechanism, Institution
from server.wards.models import Ward

from tests.clock import TEST_TODAY
from tests.conftest import OTHER_WARD, WARD
from tests.reports.conftest import CANARY_NAME, CANARY_NARRATIVE, YEAR

CATALOGUES = Path(__file__).resolve().parents[2] / "pwa" / "i18n"
XLSX = f"/api/v1/reports/annual/{YEAR}.xlsx"
CSV = f"/api/v1/reports/annual/{YEAR}.csv"
ENGLISH = {"Accept-Language": "en"}
SHEETS = {
    "vi": ["Ghi chú", "Chỉ tiêu", "Xã, phường", "Thống kê vụ việc"],
    "en": ["Notes", "Indicators", "Wards", "Case statistics"],
}
STATUS_WORDS = {
    "vi": {"met": "Đạt", "not_met": "Chưa đạt", "no_data": "Chưa có dữ liệu"},
    "en": {"met": "Met", "not_met": "Not met", "no_data": "No data"},
}
WARD_CASES_HEADING = {"vi": "Số vụ việc", "en": "Cases"}
TOTAL_WORD = {"vi": "Tổng số", "en": "Total"}


def sheet_rows(book, index):
    """The rows of the workbook's ``index``-th sheet (0: notes, 1: indicators, 2: wards, 3: statistics)."""
    return [list(row) for row in book.worksheets[index].iter_rows(values_only=True)]


def read_workbook(response):
    assert response.status_code == 200, response.data[:300]
    return load_workbook(io.BytesIO(response.data))


def read_csv(response):
    assert response.status_code == 200, response.data[:300]
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def ward_rows_by_code(book):
    header, *rows = sheet_rows(book, 2)
    return header, {row[0]: row for row in rows}


def xlsx_texts(body):
    """Every part of the workbook as text: cells may sit in shared strings, sheets or properties."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}


@pytest.fixture
def records(app, staff):
    """A little of what wards enter, so that more than the case indicators carry values."""
    with app.app_context(), database.connection_context():
        CoordinationMechanism.create(ward=WARD, document_number="12/QĐ-UBND", document_date=date(YEAR, 2, 3),
                                     updated_by=staff["officer"].id)
        Institution.create(ward=WARD, kind="school", name="Trường THCS thử", has_policy=True,
                           updated_by=staff["officer"].id)
        Institution.create(ward=OTHER_WARD, kind="business", name="Công ty thử", has_policy=False,
                           updated_by=staff["other_officer"].id)


def test_the_workbook_is_in_vietnamese_unless_english_is_asked_for(add_cases, clients):
    add_cases(6)
    response = clients["admin"].get(XLSX)
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == f'attachment; filename="binh-an-bao-cao-{YEAR}.xlsx"'
    vietnamese = read_workbook(response)
    assert vietnamese.sheetnames == SHEETS["vi"]
    assert str(YEAR) in vietnamese.worksheets[0]["A1"].value

    english = read_workbook(clients["admin"].get(XLSX, headers=ENGLISH))
    assert english.sheetnames == SHEETS["en"]
    assert sheet_rows(english, 1)[0][:3] == ["Code", "Target", "Indicator"]


def test_the_workbook_is_dated_by_the_servers_clock(clients):
    book = read_workbook(clients["admin"].get(XLSX))
    made = book.properties.created
    assert made.date() == TEST_TODAY and book.properties.modified == made


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_indicator_rows_are_the_city_indicators(add_cases, clients, records, language):
    add_cases(7, served=5)
    add_cases(3, ward=OTHER_WARD, served=2, gbv_type="psychological_abuse")
    headers = ENGLISH if language == "en" else {}
    answer = clients["admin"].get(f"/api/v1/reports/indicators?year={YEAR}", headers=headers).json
    assert answer["level"] == "city" and answer["exact"] is False
    _header, *rows = sheet_rows(read_workbook(clients["admin"].get(XLSX, headers=headers)), 1)

    assert [row[0] for row in rows] == [item["code"] for item in answer["indicators"]]
    for row, item in zip(rows, answer["indicators"], strict=True):
        code, target, title, formula, source, target_value, value, numerator, denominator, status, meeting = row
        assert (code, target, title, formula, source) == (
            item["code"], item["target"], item["title"], item["formula"], item["source"])
        assert target_value == item["target_value"]
        assert value == item["value"], code
        assert (numerator, denominator, meeting) == (item["numerator"], item["denominator"], item["wards_meeting"])
        assert status == STATUS_WORDS[language][item["status"]]
    # The data above gives the file hidden figures to carry: 3 of 10 cases unserved is small, so served and
    # all cannot both be shown (10 - 7 = 3), and the share goes with them.
    served = rows[0]
    assert not (isinstance(served[7], int) and isinstance(served[8], int))
    assert served[6] is None
    assert any(row[6] is not None for row in rows[1:]), "the records give other indicators a value"

    # The CSV is cut from the same tables: its values are the workbook's, written as text.
    csv_rows = read_csv(clients["admin"].get(CSV, headers=headers))
    indicator_values = {(row[3], row[4]): row[5] for row in csv_rows if row[0] == "indicator"}
    value_word, status_word = ("Value", "Status") if language == "en" else ("Giá trị", "Đánh giá")
    assert len(indicator_values) == 2 * len(rows)
    for row in rows:
        value = indicator_values[row[0], value_word]
        assert (None if value == "" else float(value)) == row[6]
        assert indicator_values[row[0], status_word] == row[9]


def test_the_ward_sheet_has_all_103_wards(app, add_cases, clients):
    add_cases(12)
    header, wards = ward_rows_by_code(read_workbook(clients["admin"].get(XLSX)))
    with app.app_context(), database.connection_context():
        names = dict(Ward.select(Ward.code, Ward.name).tuples())
    assert len(wards) == 103
    assert {code: row[1] for code, row in wards.items()} == names
    assert header[4] == WARD_CASES_HEADING["vi"]
    assert len(header) == 5 + 7  # code, name, report, submitted, cases; the seven ward-level indicators
    assert all(len(row) == len(header) for row in wards.values())
    assert wards[WARD][2] == "Chưa nộp" and wards[WARD][4] == 12
    assert sum(1 for row in wards.values() if row[4] == 0) == 102


def test_a_small_ward_shows_under_five_and_the_ward_that_would_give_it_away_is_hidden(add_cases, clients):
    add_cases(3)  # Ninh Kiều: a small count, never shown as itself outside the ward
    add_cases(7, ward=OTHER_WARD)  # An Bình: 10 (the city's total, shown) - 7 would give Ninh Kiều's 3 away
    book = read_workbook(clients["admin"].get(XLSX))
    _header, wards = ward_rows_by_code(book)
    assert wards[WARD][4] == "<5"
    assert wards[OTHER_WARD][4] == "x"
    assert 3 not in wards[WARD] and 7 not in wards[OTHER_WARD]
    # Every other ward has no case and shows 0, so the two hidden cells hide each other: the city total
    # minus the shown wards leaves 10 between them, not one ward's count.
    assert sum(1 for row in wards.values() if row[4] == 0) == 101
    assert len([row for row in wards.values() if not isinstance(row[4], int)]) == 2
    statistics = sheet_rows(book, 3)
    assert statistics[1] == [TOTAL_WORD["vi"], None, 10]

    csv_rows = read_csv(clients["admin"].get(CSV))
    cases = {row[1]: row[5] for row in csv_rows if row[0] == "ward" and row[3] == WARD_CASES_HEADING["vi"]}
    assert len(cases) == 103
    assert cases[WARD] == "<5" and cases[OTHER_WARD] == "x"
    shown_for = {ward: [row[5] for row in csv_rows if row[1] == ward] for ward in (WARD, OTHER_WARD)}
    assert "3" not in shown_for[WARD] and "7" not in shown_for[OTHER_WARD]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_statistics_name_each_category_in_words_not_codes(add_cases, clients, language):
    add_cases(6, served=2)
    catalogue = json.loads((CATALOGUES / f"{language}.json").read_text(encoding="utf-8"))
    headers = ENGLISH if language == "en" else {}
    _header, *rows = sheet_rows(read_workbook(clients["admin"].get(XLSX, headers=headers)), 3)
    categories = [row[1] for row in rows]
    for group, codes in (("gbv", cv.GBV_TYPES), ("age", cv.AGE_GROUPS), ("sex", cv.SEXES),
                         ("channel", cv.INTAKE_CHANNELS), ("outcome", cv.OUTCOMES)):
        for code in codes:
            assert catalogue[f"term.{group}.{code}"] in categories, (group, code)
    codes = {*cv.GBV_TYPES, *cv.AGE_GROUPS, *cv.SEXES, *cv.INTAKE_CHANNELS, *cv.OUTCOMES}
    assert not codes & set(categories)

    csv_categories = {row[4] for row in read_csv(clients["admin"].get(CSV, headers=headers)) if row[0] == "statistics"}
    assert catalogue["term.gbv.physical_assault"] in csv_categories and not codes & csv_categories


def test_no_survivor_name_or_narrative_leaves_in_either_file(add_cases, clients):
    add_cases(8, served=3)
    add_cases(2, ward=OTHER_WARD)
    xlsx = clients["admin"].get(XLSX)
    assert xlsx.status_code == 200
    for name, text in xlsx_texts(xlsx.data).items():
        for canary in (CANARY_NAME, CANARY_NARRATIVE, "Canary"):
            assert canary not in text, name
    book = read_workbook(xlsx)
    cells = [str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None]
    assert not [cell for cell in cells if "Canary" in cell]

    body = clients["admin"].get(CSV, headers=ENGLISH).data.decode("utf-8-sig")
    assert "Canary" not in body


def test_the_csv_is_utf8_with_a_bom_and_one_count_per_line(add_cases, clients):
    add_cases(9, served=4)
    response = clients["admin"].get(CSV)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="binh-an-bao-cao-{YEAR}.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")  # so that Excel opens Vietnamese text as UTF-8
    header, *rows = read_csv(response)
    assert header == ["section", "ward_code", "ward_name", "measure", "category", "value"]
    assert all(len(row) == 6 for row in rows)
    assert {row[0] for row in rows} == {"indicator", "ward", "statistics"}
    names = {row[1]: row[2] for row in rows if row[0] == "ward"}
    assert len(names) == 103 and names[WARD] == "Phường Ninh Kiều"
    assert ["statistics", "", "", "Tổng số", "", "9"] in rows

    english = read_csv(clients["admin"].get(CSV, headers=ENGLISH))
    assert ["statistics", "", "", "Total", "", "9"] in english
    assert any(row[0] == "ward" and row[3] == "Cases" for row in english)


@pytest.mark.parametrize("url", [XLSX, CSV])
@pytest.mark.parametrize("who", ["officer", "collaborator", "provider"])
def test_only_a_city_admin_downloads_the_report(make_user, log_in, clients, url, who):
    client = log_in(make_user("provider")) if who == "provider" else clients[who]
    response = client.get(url)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("url", [XLSX, CSV])
def test_nobody_downloads_the_report_without_logging_in(client, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("path,status", [
    ("2025.xlsx", 422), ("2025.csv", 422),  # the plan's reports start in 2026
    ("2101.xlsx", 422), ("99999999999.csv", 422), ("0.xlsx", 422),
    ("abc.xlsx", 404), ("-1.csv", 404), ("2026.pdf", 404), ("2026.xlsx.csv", 404),
])
def test_a_year_out_of_the_plan_is_refused_not_an_error(clients, path, status):
    response = clients["admin"].get(f"/api/v1/reports/annual/{path}")
    assert response.status_code == status, response.data[:300]
    if status == 422:
        assert "year" in response.json["error"]["fields"]
