"""A shelter host's counter on a phone: one tap per change, kept on the phone with no network (also across a
reload) and sent once the network is back; the latest observation wins, not the latest to arrive."""
from datetime import datetime, timedelta

import pytest

from conftest import wait_until
from shelter_work import NINH_KIEU, report_count, staff_shelter

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]


# When the phone observed the count it holds unsent (its own clock's stamp, as it will send it).
PENDING_OBSERVED_AT = """async () => {
    const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('binhan');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    const [count] = await new Promise((resolve, reject) => {
        const request = db.transaction('bedCounts').objectStore('bedCounts').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    db.close();
    return count.observed_at;
}"""


def open_counter(page, log_in):
    log_in(page, "demo-shelter_host")
    page.get_by_role("link", name="Cập nhật số chỗ trống").click()
    card = page.locator(".shelter-counter", has_text=NINH_KIEU)
    card.locator(".bed-count").wait_for()
    return card


def shown_count(card):
    return card.locator(".bed-count").get_attribute("data-count")


def wait_for_count(page, card, count):
    card.locator(f".bed-count[data-count='{count}']").wait_for()


def wait_until_sent(card):
    card.locator(".count-state[data-state='sent']").get_by_text("Đã cập nhật lúc").wait_for()


def test_a_host_counts_with_one_tap_each_also_offline(
        page, context, log_in, wait_for_service_worker, api_as, read_indexeddb, page_log):
    officer = api_as("demo-ward_officer")
    card = open_counter(page, log_in)
    wait_for_service_worker(page)

    card.get_by_role("button", name="Hết chỗ").tap()
    wait_for_count(page, card, 0)
    assert card.get_by_role("button", name="Bớt 1 chỗ trống").is_disabled()
    for _ in range(3):
        card.get_by_role("button", name="Thêm 1 chỗ trống").tap()
    card.get_by_role("button", name="Bớt 1 chỗ trống").tap()
    wait_for_count(page, card, 2)
    wait_until_sent(card)
    assert staff_shelter(officer, NINH_KIEU)["free_beds"] == 2

    context.set_offline(True)
    card.get_by_role("button", name="Thêm 1 chỗ trống").tap()
    wait_for_count(page, card, 3)
    card.get_by_text("Đang chờ gửi (1)").wait_for()
    assert staff_shelter(officer, NINH_KIEU)["free_beds"] == 2

    # A reload with no network: the worker serves the app, and the tap waiting on the phone is still there.
    page.reload()
    card = page.locator(".shelter-counter", has_text=NINH_KIEU)
    wait_for_count(page, card, 3)
    card.get_by_text("Đang chờ gửi (1)").wait_for()
    assert [entry for entry in read_indexeddb(page)["bedCounts"] if "free_beds=3" in entry]

    context.set_offline(False)
    wait_until_sent(card)
    assert staff_shelter(officer, NINH_KIEU)["free_beds"] == 3
    assert read_indexeddb(page)["bedCounts"] == []
    # The phone keeps the shelter's name and count for offline use, never its address or the host's phone.
    stored = str(read_indexeddb(page))
    assert "minh hoạ, phường Ninh Kiều" not in stored and "0900000091" not in stored
    assert page_log.page_errors == [] and page_log.csp_violations == []


def test_a_count_tapped_offline_earlier_does_not_override_a_later_one(
        page, context, log_in, wait_for_service_worker, api_as):
    host = api_as("demo-shelter_host")
    officer = api_as("demo-ward_officer")
    card = open_counter(page, log_in)
    wait_for_service_worker(page)
    shelter_id = staff_shelter(officer, NINH_KIEU)["id"]

    context.set_offline(True)
    card.get_by_role("button", name="Hết chỗ").tap()
    card.get_by_text("Đang chờ gửi (1)").wait_for()
    # Meanwhile another host of the shelter, online, counts three free beds: a later observation, by a
    # millisecond. Not "a second from now": the next test's taps, a moment later, must win over this one.
    tapped = datetime.fromisoformat(page.evaluate(PENDING_OBSERVED_AT))
    report_count(host, shelter_id, 3, observed_at=tapped + timedelta(milliseconds=1))

    context.set_offline(False)
    wait_until_sent(card)
    # The offline "full" arrived last but was observed first: it is history, not the count.
    assert staff_shelter(officer, NINH_KIEU)["free_beds"] == 3
    wait_for_count(page, card, 3)


def test_counts_waiting_on_the_phone_go_out_when_the_app_is_opened_again(
        page, context, live_server, log_in, wait_for_service_worker, api_as):
    officer = api_as("demo-ward_officer")
    card = open_counter(page, log_in)
    wait_for_service_worker(page)
    start = int(shown_count(card))
    target = 1 if start != 1 else 2

    context.set_offline(True)
    card.get_by_role("button", name="Hết chỗ").tap()
    for _ in range(target):
        card.get_by_role("button", name="Thêm 1 chỗ trống").tap()
    card.get_by_text(f"Đang chờ gửi ({target + 1})").wait_for()

    # The app is closed offline and opened later, online, on its start screen: the counts leave from there.
    page.goto("about:blank")
    context.set_offline(False)
    page.goto(f"{live_server}/#/home")
    page.get_by_role("link", name="Cập nhật số chỗ trống").wait_for()
    wait_until(page, "async () => (await (await import('/js/shelters/availability.js')).unsentCount()) === 0")
    assert staff_shelter(officer, NINH_KIEU)["free_beds"] == target


def test_logging_out_with_counts_unsent_asks_first(page, context, log_in, wait_for_service_worker):
    card = open_counter(page, log_in)
    wait_for_service_worker(page)
    context.set_offline(True)
    card.get_by_role("button", name="Hết chỗ").tap()
    card.get_by_text("Đang chờ gửi (1)").wait_for()
    page.get_by_role("link", name="Quay lại").click()

    # Dismissed by a handler as it opens: a dialog left open until after the click would block the click
    # itself (the page is stopped inside confirm()), and under load the click then timed out.
    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as asked:
        page.get_by_role("button", name="Đăng xuất").click()
    assert "Còn 1 thao tác chưa gửi" in asked.value.message
    page.get_by_role("button", name="Đăng xuất").wait_for()
    assert page.url.endswith("#/home")
