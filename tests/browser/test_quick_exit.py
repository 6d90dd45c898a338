"""The quick exit leaves for the neutral page and takes with it what the phone keeps of a resident's search for
help (kept lists, a waiting help request, reminder choices), but never a staff member's vault or outbox."""
import pytest

pytestmark = pytest.mark.browser

# What stays: the language, the exit's own address and the city's list of wards, none of which says anything
# about the person.
KEPT_AFTER_EXIT = {"binhan.lang", "binhan.exitUrl", "binhan.wards"}

LEAVE_A_TRACE = """async () => {
    localStorage.setItem('binhan.reminders', JSON.stringify({ topics: ['campaigns'], discreet: true }));
    const queue = await import('/js/help/help-queue.js');
    await queue.keepRequest({ id: crypto.randomUUID(), contact_method: 'none', situation: 'kept for later' });
    // A collaborator's work on the same phone: the exit must leave it alone.
    const idb = await import('/js/core/idb.js');
    await idb.write('meta', 'staff-marker', 'marker');
    await idb.write('outbox', { key: 'op-1', createdAt: 1, body: 'queued' });
}"""


def leave_a_trace(page, live_server):
    """Visits what a resident would, so that every kind of kept answer is on the phone."""
    page.goto(f"{live_server}/")
    page.locator(".hotlines a[href='tel:114']").wait_for()
    page.get_by_label("Xã/phường của bạn").select_option(label="Phường Ninh Kiều")
    page.get_by_role("heading", name="Y tế", exact=True).wait_for()
    page.get_by_role("link", name="Tìm nơi tạm lánh").click()
    page.locator("li[data-shelter]").first.wait_for()
    page.get_by_role("link", name="Về trang chủ").click()
    page.get_by_role("link", name="Các ngày chiến dịch sắp tới").click()
    page.get_by_role("heading", name="Các ngày chiến dịch sắp tới").wait_for()
    page.evaluate(LEAVE_A_TRACE)
    page.wait_for_function("(url) => localStorage.getItem('binhan.exitUrl') === url",
                           arg=f"{live_server}/api/v1/health")
    keys = set(page.evaluate("Object.keys(localStorage)"))
    assert {"binhan.hotlines", "binhan.services.31135", "binhan.shelters", "binhan.campaigns",
            "binhan.reminders"} <= keys


def assert_resident_state_gone(page, read_indexeddb):
    assert set(page.evaluate("Object.keys(localStorage)")) == KEPT_AFTER_EXIT
    stores = read_indexeddb(page)
    assert stores["helpRequests"] == []
    assert stores["meta"] == ["staff-marker"]
    assert len(stores["outbox"]) == 1


def test_the_button_leaves_and_forgets_the_residents_search(page, live_server, read_indexeddb):
    leave_a_trace(page, live_server)
    page.get_by_role("button", name="Thoát nhanh").click()
    page.wait_for_url(f"{live_server}/api/v1/health")
    # The neutral page stands in on the same origin here, so the test can look at what the app left.
    assert_resident_state_gone(page, read_indexeddb)


def test_shift_three_times_leaves_the_help_form_and_forgets_too(page, live_server, read_indexeddb):
    leave_a_trace(page, live_server)
    page.goto(f"{live_server}/#/help-request")
    page.get_by_label("Chuyện gì đang xảy ra? (không bắt buộc)").wait_for()
    page.locator("main h1").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{live_server}/api/v1/health")
    assert_resident_state_gone(page, read_indexeddb)
