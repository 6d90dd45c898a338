"""The annual report: the ward officer's year (indicators against the 2030 targets, what only the ward can
tell, notes, submissions frozen version by version) and Sở Nội vụ's view of the city (who submitted, each
ward's aggregates and never a case, the consolidated downloads, the page for paper)."""
import re
import uuid
from urllib.parse import urlparse

import pytest
from case_work import create_case

from server.clock import city_today

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]

SUBMISSIONS = re.compile(r"/api/v1/reports/annual/\d{4}/submissions$")
LEGEND_SMALL = "từ 1 đến 4, ẩn để bảo vệ người bị bạo lực."
LEGEND_HIDDEN = "ẩn để không thể suy ra số nhỏ từ tổng."
NARROW_PHONE = {"width": 360, "height": 760}


def submitted(request):
    return request.method == "POST" and bool(SUBMISSIONS.search(request.url))


def open_year_report(page, log_in):
    log_in(page, "demo-ward_officer")
    page.get_by_role("link", name="Báo cáo năm của xã/phường").click()
    page.get_by_role("heading", level=1, name=re.compile(r"^Báo cáo năm \d{4}$")).wait_for()


def fits_the_screen(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def only_loopback(page_log):
    return {urlparse(url).hostname for url in page_log.requests} == {"127.0.0.1"}


def test_a_ward_officer_records_a_school_and_submits_two_frozen_versions(page, log_in, api_as, page_log):
    create_case(api_as("demo-collaborator"), name="Trần Thị Mai")
    page.set_viewport_size(NARROW_PHONE)
    open_year_report(page, log_in)
    page.locator(".report-status[data-state='not_started']").get_by_text("Chưa bắt đầu").wait_for()
    schools = page.locator(".indicator[data-indicator='d_schools']")
    assert schools.get_by_role("img").count() == 1, "each indicator has its bar against the target"
    assert "Mục tiêu 2030: ≥\xa0100%" in schools.inner_text()
    # The officer sees the ward's exact counts; the key to "<5" and "x" is there all the same.
    assert re.fullmatch(r"[1-9]\d*", page.locator(".total-figure").inner_text())
    page.get_by_text(LEGEND_SMALL).wait_for()
    page.get_by_text(LEGEND_HIDDEN).wait_for()
    assert fits_the_screen(page)

    schools_before = api_as("demo-ward_officer").get("/api/v1/reports/institutions?kind=school").json["items"]
    with_policy = sum(1 for item in schools_before if item["has_policy"]) + 1
    total = len(schools_before) + 1

    page.get_by_role("link", name="Cập nhật thông tin").click()
    page.get_by_role("heading", level=1, name="Thông tin xã/phường tự ghi").wait_for()
    school_form = page.locator("form[data-form='school']")
    school_form.get_by_label("Tên trường").fill("Trường THCS Tân An (minh hoạ)")
    school_form.get_by_label("Trường đã có quy trình phòng, chống bạo lực trên cơ sở giới").check()
    school_form.get_by_role("button", name="Thêm trường học").click()
    school = page.locator("li[data-institution='Trường THCS Tân An (minh hoạ)']")
    school.get_by_text("Có quy trình").wait_for()
    page.get_by_text(f"{with_policy}/{total} trường có quy trình").wait_for()
    assert fits_the_screen(page)

    page.get_by_role("link", name="Về báo cáo năm").click()
    schools = page.locator(".indicator[data-indicator='d_schools']")
    schools.get_by_text(f"{with_policy} trên {total}").wait_for()
    share = f"{100 * with_policy / total:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    assert schools.locator(".indicator-value").inner_text() == f"{share}%"

    notes = page.get_by_label("Ghi chú, khó khăn và kiến nghị của xã/phường")
    notes.fill("Đã tuyên truyền tại chợ Tân An.")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_text(re.compile("^Đã lưu bản nháp lúc")).wait_for()
    page.locator(".report-status[data-state='draft']").get_by_text("Đang soạn").wait_for()

    sent = []
    page.on("request", lambda request: submitted(request) and sent.append(request.post_data_json))
    # A double tap submits once.
    page.get_by_role("button", name="Nộp báo cáo").dblclick()
    page.get_by_role("heading", name="Phiên bản 1 đã nộp và được khoá").wait_for()
    assert len({body["id"] for body in sent}) == 1
    assert uuid.UUID(sent[0]["id"]).version == 4
    assert notes.count() == 0, "a submitted version is not edited"
    page.locator(".report-status[data-state='submitted']").get_by_text("Phiên bản 1, nộp lúc").wait_for()

    page.locator(".version[data-version='1']").get_by_role("link", name="Xem (chỉ đọc)").click()
    page.get_by_role("heading", level=1, name=re.compile(r"phiên bản 1$")).wait_for()
    page.get_by_text("Đã khoá, chỉ đọc").wait_for()
    page.locator(".submission-notes").get_by_text("Đã tuyên truyền tại chợ Tân An.").wait_for()
    assert page.locator("textarea").count() == 0
    assert page.get_by_role("button", name="Nộp báo cáo").count() == 0
    assert fits_the_screen(page)

    page.get_by_role("link", name="Về báo cáo năm").click()
    page.get_by_role("button", name="Soạn phiên bản mới").click()
    notes = page.get_by_label("Ghi chú, khó khăn và kiến nghị của xã/phường")
    assert notes.input_value() == "Đã tuyên truyền tại chợ Tân An."
    notes.fill("Đã tuyên truyền tại chợ Tân An và trường THCS Tân An.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_role("heading", name="Phiên bản 2 đã nộp và được khoá").wait_for()
    assert page.locator(".version").count() == 2

    year = page.locator("#report-year").input_value()
    held = api_as("demo-ward_officer").get(f"/api/v1/reports/annual/{year}").json
    assert sorted(item["version"] for item in held["submissions"]) == [1, 2]
    first = api_as("demo-ward_officer").get(f"/api/v1/reports/annual/{year}/submissions/1").json
    assert first["notes"] == "Đã tuyên truyền tại chợ Tân An.", "version 1 stays as it was submitted"
    assert page_log.problems() == []
    assert only_loopback(page_log)


def test_the_city_admin_sees_who_submitted_and_a_wards_aggregates_but_no_case(
        page, log_in, api_as, page_log, live_server):
    case = create_case(api_as("demo-collaborator-2"), name="Lê Thị Hoa")
    officer = api_as("demo-ward_officer-2")
    year = city_today().year
    answer = officer.post(f"/api/v1/reports/annual/{year}/submissions", json={"id": str(uuid.uuid4()), "notes": ""})
    assert answer.status_code == 201, answer.json

    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Báo cáo toàn thành phố").click()
    page.get_by_role("heading", level=1, name=f"Báo cáo toàn thành phố năm {year}").wait_for()
    page.get_by_text(re.compile(r"^Đã nộp: [1-9]\d*/103 xã, phường$")).first.wait_for()
    assert page.locator(".ward-report").count() == 103
    assert page.locator(".indicators .indicator").count() >= 7
    page.get_by_text(LEGEND_SMALL).wait_for()

    page.get_by_label("Lọc theo tình trạng").select_option(label="Đã nộp")
    an_binh = page.locator(".ward-report[data-ward='31150']")
    assert an_binh.is_visible()
    assert an_binh.get_attribute("data-state") == "submitted"
    assert page.locator(".ward-report[data-state='not_started']:visible").count() == 0

    for link_name, extension in (("Tải file Excel (XLSX)", "xlsx"), ("Tải file CSV", "csv")):
        href = page.get_by_role("link", name=link_name).get_attribute("href")
        assert href == f"/api/v1/reports/annual/{year}.{extension}"
        assert page.request.get(f"{live_server}{href}").status == 200
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải file CSV").click()
    assert download.value.suggested_filename.endswith(".csv")

    an_binh.get_by_role("link").click()
    page.get_by_role("heading", level=1, name="Phường An Bình").wait_for()
    page.get_by_text("Sở Nội vụ chỉ xem số liệu tổng hợp, không xem nội dung vụ việc.").wait_for()
    page.locator(".report-status[data-state='submitted']").wait_for()
    page.locator(".indicator[data-indicator='a_survivors_served']").wait_for()
    page.locator("[data-breakdown='by-type']").wait_for()
    shown = page.locator("main").inner_text()
    for private in (case["code"], "Lê Thị Hoa", "Câu chuyện riêng của người bị bạo lực."):
        assert private not in shown
    # One case leaves the ward as "<5", never as its exact count.
    assert page.locator(".total-figure").inner_text() in ("<5", "x")
    assert not [url for url in page_log.requests if "/api/v1/cases" in url]
    assert page_log.problems() == []
    assert only_loopback(page_log)


def test_the_printable_city_report_leaves_the_app_chrome_off_paper(page, log_in, page_log):
    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Báo cáo toàn thành phố").click()
    page.get_by_role("link", name="Bản để in").click()
    page.get_by_role("heading", level=1, name=re.compile(r"^Báo cáo tổng hợp năm \d{4}")).wait_for()
    assert page.locator("table.print-wards tbody tr").count() == 103
    assert page.locator("table.print-indicators tbody tr").count() >= 7
    page.get_by_text(LEGEND_HIDDEN).wait_for()

    page.emulate_media(media="print")
    assert not page.locator(".app-header").is_visible()
    assert not page.get_by_role("button", name="In", exact=True).is_visible()
    assert page.locator("table.print-wards").is_visible()
    assert page_log.problems() == []
    assert only_loopback(page_log)


def test_only_ward_officers_and_the_city_admin_reach_the_report(page, log_in, live_server):
    log_in(page, "demo-provider")
    page.get_by_role("heading", level=1, name=re.compile("^Xin chào, ")).wait_for()
    assert page.get_by_role("link", name=re.compile("^Báo cáo")).count() == 0
    page.goto(f"{live_server}/#/report-city")
    page.wait_for_url("**/#/home")
    page.goto(f"{live_server}/#/reports")
    page.wait_for_url("**/#/home")
