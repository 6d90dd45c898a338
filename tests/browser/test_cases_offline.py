"""Offline-first case work: a collaborator records a case and a referral with no network, nothing is lost
across reloads, and once back online the server has it exactly once and the others see it."""
import pytest

from case_work import (
    HEALTH_STATION, fill_case, group, refer_to_health_station, save_case, sync_now, wait_for_first_sync,
    waiting_count,
)

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]


def test_a_case_recorded_offline_reaches_the_server_once_and_the_people_who_need_it(
        page, context, browser, live_server, log_in, set_pin, unlock, wait_for_service_worker, api_as,
        read_indexeddb, page_log):
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    wait_for_service_worker(page)

    context.set_offline(True)
    page.get_by_role("link", name="Ghi nhận trường hợp mới").click()
    fill_case(page, name="Lê Thị Hồng Canary", narrative="Chồng đánh vào tay tối hôm qua (canary-narrative).")
    code = save_case(page)
    case_id = page.evaluate("() => new URLSearchParams(location.hash.split('?')[1]).get('id')")
    assert code == "BA-" + case_id.replace("-", "")[:8].upper()
    page.get_by_text("Trường hợp này chưa được gửi lên máy chủ.").wait_for()
    refer_to_health_station(page)

    # A reload with no network: the worker serves the app, the PIN opens the phone's copy.
    page.reload()
    unlock(page)
    page.goto(f"{live_server}/#/cases")
    page.locator(f"a[data-code='{code}']").wait_for()
    assert "Chờ gửi" in page.locator(f"a[data-code='{code}']").inner_text()
    page.goto(f"{live_server}/#/home")
    page.wait_for_function("() => document.querySelector('.sync-waiting')?.dataset.count === '2'")
    page.get_by_text("Đang chờ gửi: 2 thao tác").wait_for()
    stored = read_indexeddb(page)
    assert "Canary" not in str(stored) and "canary-narrative" not in str(stored)

    context.set_offline(False)
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.wait_for_function("() => document.querySelector('.sync-waiting')?.dataset.count === '0'")
    assert waiting_count(page) == 0

    collaborator = api_as("demo-collaborator")
    mine = [item for item in collaborator.get("/api/v1/cases?per_page=100").json["items"] if item["id"] == case_id]
    assert len(mine) == 1 and mine[0]["code"] == code
    stored_case = collaborator.get(f"/api/v1/cases/{case_id}").json
    assert stored_case["survivor"]["name"] == "Lê Thị Hồng Canary"
    assert [referral["organization"]["name"] for referral in stored_case["referrals"]] == [HEALTH_STATION]

    # A second sync replays nothing: still one case, one referral.
    sync_now(page)
    assert len(collaborator.get(f"/api/v1/cases/{case_id}").json["referrals"]) == 1

    officer = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    try:
        log_in(officer, "demo-ward_officer")
        officer.get_by_role("link", name="Trường hợp của xã/phường").click()
        officer.locator(f"a[data-code='{code}']").click()
        officer.get_by_text("Lê Thị Hồng Canary").wait_for()
        officer.get_by_text("canary-narrative", exact=False).wait_for()
    finally:
        officer.context.close()

    provider = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    try:
        log_in(provider, "demo-provider")
        provider.get_by_role("link", name="Chuyển gửi đến đơn vị").click()
        card = provider.locator(".referral", has_text=code)
        card.get_by_text("Lê Thị Hồng Canary").wait_for()
        assert "canary-narrative" not in provider.content()
        assert "Chồng đánh" not in provider.content()
    finally:
        provider.context.close()

    assert page_log.csp_violations == [] and page_log.page_errors == []


def test_work_typed_offline_survives_reloads_before_it_is_sent(
        page, context, live_server, log_in, set_pin, unlock, wait_for_service_worker, api_as):
    log_in(page, "demo-collaborator")
    set_pin(page)
    wait_for_first_sync(page)
    wait_for_service_worker(page)
    context.set_offline(True)

    # Half a wizard, then a reload: the draft comes back where it was left.
    page.get_by_role("link", name="Ghi nhận trường hợp mới").click()
    page.get_by_label("Qua điện thoại").check()
    page.get_by_label("18–24 tuổi").check()
    page.get_by_label("Nữ", exact=True).check()
    page.get_by_label("Họ tên (không bắt buộc)").fill("Nguyễn Thị Nháp")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("heading", name="Sự việc").wait_for()
    page.get_by_label("Tóm tắt sự việc (không bắt buộc)").fill("Đang ghi dở thì mất điện.")
    page.get_by_role("status").filter(has_text="Đã lưu bản nháp trên máy").wait_for()
    page.reload()
    unlock(page)
    page.get_by_text("Đang tiếp tục bản nháp chưa lưu.").wait_for()
    assert page.get_by_label("Tóm tắt sự việc (không bắt buộc)").input_value() == "Đang ghi dở thì mất điện."
    page.get_by_role("button", name="Quay lại").click()
    assert page.get_by_label("Họ tên (không bắt buộc)").input_value() == "Nguyễn Thị Nháp"
    assert page.get_by_label("Qua điện thoại").is_checked()

    # The case is finished and saved, a note added, all offline; another reload loses none of it.
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Tấn công tình dục").check()
    page.get_by_label("Người quen, hàng xóm").check()
    page.get_by_role("button", name="Tiếp tục").click()
    group(page, "chia sẻ thông tin").get_by_label("Không đồng ý").check()
    group(page, "số liệu thống kê").get_by_label("Có, đồng ý").check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("button", name="Tiếp tục").click()
    code = save_case(page)
    case_id = page.evaluate("() => new URLSearchParams(location.hash.split('?')[1]).get('id')")
    page.get_by_label("Ghi chú mới").fill("Đã gọi lại, chị an toàn.")
    page.get_by_role("button", name="Thêm ghi chú").click()
    page.locator(".note-item", has_text="Đã gọi lại, chị an toàn.").get_by_text("Chờ gửi").wait_for()

    page.reload()
    unlock(page)
    page.get_by_text("Đã gọi lại, chị an toàn.").wait_for()
    page.get_by_text("Nguyễn Thị Nháp").wait_for()
    page.goto(f"{live_server}/#/home")
    page.get_by_text("Đang chờ gửi: 2 thao tác").wait_for()

    context.set_offline(False)
    page.get_by_role("button", name="Đồng bộ ngay").click()
    page.get_by_text("Đang chờ gửi: 0 thao tác").wait_for()
    stored = api_as("demo-collaborator").get(f"/api/v1/cases/{case_id}").json
    assert stored["code"] == code
    assert stored["narrative"] == "Đang ghi dở thì mất điện."
    assert [note["note"] for note in stored["follow_ups"]] == ["Đã gọi lại, chị an toàn."]
