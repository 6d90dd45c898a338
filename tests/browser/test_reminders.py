"""The reminders screen: nothing is asked of the browser before the person taps "Bật nhắc nhở"; one tap
turns reminders on (discreet unless chosen otherwise), one tap turns them off, and a browser that refuses
or cannot is explained in plain words."""
import pytest

from push_work import FAKE_PUSH_SERVICE, browser_keys, fake_push, held_subscription, permission_asks

pytestmark = pytest.mark.browser

SUBSCRIPTIONS = "/api/v1/push/subscriptions"


def sent_to(method):
    return lambda request: request.url.endswith(SUBSCRIPTIONS) and request.method == method


def open_reminders(page, live_server):
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Nhận nhắc nhở").click()
    page.get_by_role("heading", name="Nhắc nhở", exact=True).wait_for()


def only_this_server(page_log, live_server):
    return [url for url in page_log.requests if not url.startswith(f"{live_server}/")]


def test_a_resident_turns_reminders_on_and_off_in_one_tap_each(
        page, context, live_server, live_app, page_log, wait_for_service_worker):
    endpoint = f"{FAKE_PUSH_SERVICE}/resident/1"
    context.grant_permissions(["notifications"], origin=live_server)
    fake_push(context, endpoint, browser_keys())
    open_reminders(page, live_server)
    wait_for_service_worker(page)

    page.get_by_text("“Bạn có một nhắc nhở mới”").first.wait_for()
    assert page.get_by_role("status").inner_text() == "Nhắc nhở đang tắt trên điện thoại này."
    assert page.get_by_label("Ngày chiến dịch").is_checked()
    assert page.get_by_label("Nhắc việc").count() == 0
    assert not page.get_by_label("Hiện tên chiến dịch trên màn hình khoá").is_checked()
    assert permission_asks(page) == 0
    page.get_by_label("Xã/phường của bạn (không bắt buộc)").select_option(label="Phường Ninh Kiều")

    with page.expect_request(sent_to("POST")) as posted:
        page.get_by_role("button", name="Bật nhắc nhở").click()
    page.get_by_role("status").filter(has_text="Đã bật nhắc nhở trên điện thoại này.").wait_for()
    assert permission_asks(page) == 1
    body = posted.value.post_data_json
    assert {key: body[key] for key in ("endpoint", "topics", "language", "ward_code", "discreet")} == {
        "endpoint": endpoint, "topics": ["campaigns"], "language": "vi", "ward_code": "31135", "discreet": True}
    held = held_subscription(live_app, endpoint)
    assert (held.topics(), held.ward_id, held.discreet, held.user_id) == (["campaigns"], "31135", True, None)

    page.reload()
    page.get_by_role("status").filter(has_text="Nhắc nhở đang bật trên điện thoại này.").wait_for()
    assert page.get_by_label("Xã/phường của bạn (không bắt buộc)").input_value() == "31135"
    with page.expect_request(sent_to("DELETE")) as deleted:
        page.get_by_role("button", name="Tắt nhắc nhở").click()
    page.get_by_role("status").filter(has_text="Đã tắt nhắc nhở.").wait_for()
    assert deleted.value.post_data_json == {"endpoint": endpoint}
    assert held_subscription(live_app, endpoint) is None
    assert page.get_by_role("button", name="Tắt nhắc nhở").count() == 0
    assert only_this_server(page_log, live_server) == []
    assert page_log.problems() == []


def test_choosing_to_see_the_title_on_the_lock_screen_is_sent_and_kept(
        page, context, live_server, live_app, wait_for_service_worker):
    endpoint = f"{FAKE_PUSH_SERVICE}/resident/2"
    context.grant_permissions(["notifications"], origin=live_server)
    fake_push(context, endpoint, browser_keys())
    open_reminders(page, live_server)
    wait_for_service_worker(page)
    page.get_by_text("Hiện tên chiến dịch trên màn hình khoá").click()
    page.get_by_role("button", name="Bật nhắc nhở").click()
    page.get_by_role("button", name="Tắt nhắc nhở").wait_for()
    assert held_subscription(live_app, endpoint).discreet is False
    page.reload()
    page.get_by_role("button", name="Tắt nhắc nhở").wait_for()
    assert page.get_by_label("Hiện tên chiến dịch trên màn hình khoá").is_checked()
    page.get_by_role("button", name="Tắt nhắc nhở").click()
    page.get_by_role("button", name="Bật nhắc nhở").wait_for()


def test_staff_also_choose_work_reminders_and_logging_out_ends_them(
        page, context, live_server, live_app, log_in, log_out, page_log, wait_for_service_worker):
    endpoint = f"{FAKE_PUSH_SERVICE}/staff/1"
    context.grant_permissions(["notifications"], origin=live_server)
    fake_push(context, endpoint, browser_keys())
    log_in(page, "demo-ward_officer")
    page.wait_for_url("**/#/home")
    wait_for_service_worker(page)
    page.get_by_role("link", name="Nhận nhắc nhở").click()
    page.get_by_role("heading", name="Nhắc nhở", exact=True).wait_for()
    assert page.get_by_label("Nhắc việc").is_checked()
    assert page.get_by_label("Xã/phường của bạn (không bắt buộc)").count() == 0

    page.get_by_role("button", name="Bật nhắc nhở").click()
    page.get_by_role("button", name="Tắt nhắc nhở").wait_for()
    held = held_subscription(live_app, endpoint)
    assert held.topics() == ["campaigns", "work"]
    assert held.user_id is not None and held.ward_id == "31135"

    page.get_by_role("link", name="Quay lại").click()
    with page.expect_request(sent_to("DELETE")):
        log_out(page)
    assert held_subscription(live_app, endpoint) is None
    assert only_this_server(page_log, live_server) == []


def test_a_refused_permission_is_explained_and_nothing_is_sent(page, context, live_server, page_log):
    fake_push(context, f"{FAKE_PUSH_SERVICE}/refused", browser_keys(), answer="denied")
    open_reminders(page, live_server)
    page.get_by_role("button", name="Bật nhắc nhở").click()
    page.get_by_role("alert").filter(has_text="Cài đặt trang web").wait_for()
    assert not [url for url in page_log.requests if url.endswith(SUBSCRIPTIONS)]


def test_a_browser_without_push_says_so_plainly(page, context, live_server):
    context.add_init_script("delete window.PushManager;")
    open_reminders(page, live_server)
    page.get_by_text("Trình duyệt này chưa nhận được nhắc nhở.").wait_for()
    page.get_by_text("Thêm vào MH chính").wait_for()
    assert page.get_by_role("button", name="Bật nhắc nhở").count() == 0
