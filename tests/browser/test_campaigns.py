"""The campaign calendar: anyone sees the days ahead, dated day first, and still sees them offline after one
visit; the city admin adds and corrects campaigns, sees when their reminders go out, and is told when
someone else saved a campaign first."""
from datetime import date, timedelta

import pytest

from server.clock import city_today

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]


def day_text(day):
    return day.strftime("%d/%m/%Y")


def range_text(starts, ends):
    """As the screens write a campaign's days: one day in full; a range with the year once when it is the same."""
    if starts == ends:
        return day_text(starts)
    if starts.year != ends.year:
        return f"{day_text(starts)} – {day_text(ends)}"
    return f"{starts.strftime('%d/%m')} – {day_text(ends)}"


def upcoming(live_app):
    app, _ = live_app
    answer = app.test_client().get("/api/v1/campaigns/upcoming")
    assert answer.status_code == 200, answer.json
    return answer.json["items"]


def event_card(page, item):
    return page.locator(f"li[data-event='{item['id']}']")


def open_calendar(page, live_server):
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Các ngày chiến dịch sắp tới").click()
    page.get_by_role("heading", name="Các ngày chiến dịch sắp tới", level=1).wait_for()


def test_anyone_sees_the_days_ahead_and_still_sees_them_offline(
        page, context, live_server, live_app, page_log, wait_for_service_worker):
    items = upcoming(live_app)
    # The plan's five yearly dates are seeded: within a year there is always at least one of them ahead.
    assert items
    open_calendar(page, live_server)
    for item in items:
        card = event_card(page, item)
        assert card.locator(".campaign-title").inner_text() == item["title_vi"]
        assert card.locator(".campaign-dates").inner_text() == range_text(
            date.fromisoformat(item["starts_on"]), date.fromisoformat(item["ends_on"]))
    assert [url for url in page_log.requests if not url.startswith(f"{live_server}/")] == []

    wait_for_service_worker(page)
    context.set_offline(True)
    page.reload()
    event_card(page, items[0]).wait_for()
    page.get_by_text("Chưa cập nhật được vì không có mạng.").wait_for()
    assert "Thông tin lúc" in page.get_by_role("status").inner_text()
    assert page.locator("li[data-event]").count() == len(items)

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Upcoming campaign days").wait_for()
    assert event_card(page, items[0]).locator(".campaign-title").inner_text() == items[0]["title_en"]


def test_the_first_visit_offline_says_the_calendar_needs_a_network(page, context, live_server, wait_for_service_worker):
    page.goto(f"{live_server}/")
    wait_for_service_worker(page)
    context.set_offline(True)
    page.get_by_role("link", name="Các ngày chiến dịch sắp tới").click()
    page.get_by_role("alert").filter(has_text="Không có mạng").wait_for()


def test_dates_and_send_times_read_day_first_on_can_thos_clock(page, live_server):
    page.goto(f"{live_server}/")
    page.get_by_role("heading", name="Số điện thoại khẩn cấp").wait_for()
    shown = page.evaluate("""async () => {
        const terms = await import('/js/campaigns/campaign-terms.js');
        return [
            terms.dateRange('2026-11-15', '2026-12-15'), terms.dateRange('2026-11-25', '2026-11-25'),
            terms.dateRange('2026-12-28', '2027-01-03'), terms.cityTime('2026-11-18T01:00:00Z'),
            terms.cityTime('2026-12-31T17:30:00Z'), terms.offsetText(7), terms.offsetText(1), terms.offsetText(0),
        ];
    }""")
    assert shown == ["15/11 – 15/12/2026", "25/11/2026", "28/12/2026 – 03/01/2027", "18/11/2026 08:00",
                     "01/01/2027 00:30", "7 ngày trước", "1 ngày trước", "trong ngày"]


def open_campaign_admin(page, log_in):
    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Quản lý chiến dịch").click()
    page.get_by_role("link", name="Thêm chiến dịch").wait_for()


def campaign_by_title(client, title):
    [campaign] = [item for item in client.get("/api/v1/campaigns").json["items"] if item["title_vi"] == title]
    return campaign


def test_the_city_admin_adds_a_campaign_and_sees_when_its_reminders_go_out(
        page, live_server, log_in, api_as, page_log):
    admin = api_as("demo-city_admin")
    title = "Ngày hội gia đình an toàn (thử)"
    # Soon enough for its reminders to be among the sends planned next, whatever day the test runs.
    starts = city_today() + timedelta(days=20)
    open_campaign_admin(page, log_in)
    page.get_by_role("link", name="Thêm chiến dịch").click()
    page.get_by_role("heading", name="Thêm chiến dịch").wait_for()
    assert page.get_by_label("Nhắc trước bao nhiêu ngày").input_value() == "7, 1, 0"
    page.get_by_label("Tên chiến dịch (tiếng Việt)").fill(title)
    page.get_by_label("Tên chiến dịch (tiếng Anh)").fill("Safe family day (test)")
    page.get_by_label("Nội dung (tiếng Việt)").fill("Cùng gia đình tham gia ngày hội ở nhà văn hoá phường.")
    page.get_by_label("Nội dung (tiếng Anh)").fill("Join the family day at the ward's cultural house.")
    page.get_by_label("Ngày bắt đầu").fill(starts.isoformat())
    page.locator("label.choice", has_text="Cán bộ UBND xã/phường").click()
    try:
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url("**/#/campaign-admin")
        campaign = campaign_by_title(admin, title)
        assert (campaign["starts_on"], campaign["ends_on"], campaign["yearly"]) == (
            starts.isoformat(), starts.isoformat(), False)
        assert (campaign["audience_residents"], campaign["audience_roles"], campaign["audience_wards"]) == (
            True, ["ward_officer"], [])
        assert campaign["reminder_offsets"] == [7, 1, 0]

        card = page.locator(f"li.card[data-campaign='{campaign['id']}']")
        card.get_by_text(day_text(starts), exact=True).wait_for()
        planned = page.locator(f".sends-upcoming li[data-campaign='{campaign['id']}']")
        assert planned.count() == 3
        assert planned.first.inner_text().startswith(
            f"{day_text(starts - timedelta(days=7))} 08:00 · {title} 7 ngày trước · bắt đầu {day_text(starts)} · ")
        assert planned.last.inner_text().startswith(f"{day_text(starts)} 08:00 · {title} trong ngày")
        assert [url for url in page_log.requests if not url.startswith(f"{live_server}/")] == []
        assert page_log.problems() == []
    finally:
        # Other browser tests share this server: the test's campaign leaves the calendar.
        campaign = campaign_by_title(admin, title)
        archived = admin.patch(f"/api/v1/campaigns/{campaign['id']}",
                               json={"active": False, "version": campaign["version"]})
        assert archived.status_code == 200, archived.json


def test_an_edit_made_meanwhile_elsewhere_is_shown_not_overwritten(page, log_in, api_as):
    admin = api_as("demo-city_admin")
    created = admin.post("/api/v1/campaigns", json={
        "title_vi": "Tập huấn cộng tác viên (thử)", "title_en": "Collaborator training (test)",
        "message_vi": "Tập huấn tại UBND phường.", "message_en": "Training at the ward office.",
        "starts_on": (city_today() + timedelta(days=40)).isoformat(),
        "ends_on": (city_today() + timedelta(days=40)).isoformat(), "yearly": False,
        "audience_residents": False, "audience_roles": ["collaborator"]})
    assert created.status_code == 201, created.json
    campaign = created.json
    try:
        open_campaign_admin(page, log_in)
        page.locator(f"li.card[data-campaign='{campaign['id']}']").get_by_role("link", name="Sửa").click()
        page.get_by_role("heading", name="Sửa chiến dịch").wait_for()
        assert page.get_by_label("Cộng tác viên").is_checked()
        assert not page.get_by_label("Người dân đã đăng ký nhận nhắc nhở").is_checked()

        elsewhere = admin.patch(f"/api/v1/campaigns/{campaign['id']}", json={
            "title_vi": "Tập huấn cộng tác viên (đã dời)", "version": campaign["version"]})
        assert elsewhere.status_code == 200, elsewhere.json
        page.get_by_label("Tên chiến dịch (tiếng Việt)").fill("Tập huấn của tôi")
        page.get_by_role("button", name="Lưu").click()
        page.get_by_role("alert").filter(has_text="Người khác vừa sửa chiến dịch này").wait_for()
        assert page.get_by_label("Tên chiến dịch (tiếng Việt)").input_value() == "Tập huấn cộng tác viên (đã dời)"

        page.get_by_label("Nhắc trước bao nhiêu ngày").fill("3, hai")
        page.get_by_role("button", name="Lưu").click()
        page.locator(".field.has-error", has_text="Nhắc trước").get_by_text("Chỉ nhập các số ngày").wait_for()

        page.get_by_label("Nhắc trước bao nhiêu ngày").fill("3")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url("**/#/campaign-admin")
        saved = campaign_by_title(admin, "Tập huấn cộng tác viên (đã dời)")
        assert (saved["reminder_offsets"], saved["version"]) == ([3], 3)
    finally:
        current = [item for item in admin.get("/api/v1/campaigns").json["items"] if item["id"] == campaign["id"]][0]
        archived = admin.patch(f"/api/v1/campaigns/{campaign['id']}",
                               json={"active": False, "version": current["version"]})
        assert archived.status_code == 200, archived.json
