"""A resident's request for help: sent with the phone's own id, answered with a reference shown once and kept
nowhere, read in the ward officer's intake; with no network, kept only when the resident asks, and then sent
exactly once when the network is back."""
import json
import re
import uuid

import pytest
from conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]

HELP_REQUESTS = "/api/v1/help-requests"
REFERENCE = re.compile(r"^BA-[0-9A-Z]+$")


def open_form(page, live_server):
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Gửi yêu cầu hỗ trợ", exact=True).click()
    page.get_by_role("heading", name="Gửi yêu cầu hỗ trợ", level=1, exact=True).wait_for()


def posted(request):
    return request.url.endswith(HELP_REQUESTS) and request.method == "POST"


def kept_requests(page, read_indexeddb):
    stores = read_indexeddb(page)
    return stores["helpRequests"] if stores else []


def test_a_request_reaches_the_ward_officers_intake_and_leaves_no_receipt_on_the_phone(
        page, live_server, log_in, api_as, page_log):
    open_form(page, live_server)
    page.get_by_label("Xã/phường nơi bạn ở").select_option(label="Phường Ninh Kiều")
    assert not page.get_by_label("Bạn ở gần đâu? (không bắt buộc)").is_visible()
    page.get_by_label("Chuyện gì đang xảy ra? (không bắt buộc)").fill("Chồng tôi say rượu và doạ đánh tôi.")
    page.get_by_text("Bạn có thể để trống.").wait_for()
    page.get_by_label("Nhắn tin SMS").check()
    page.get_by_label("Số điện thoại").fill("0909 123 456")
    page.get_by_label("Lúc nào liên hệ thì an toàn? (không bắt buộc)").fill("sau 8 giờ tối")

    # The honeypot: in the form for robots, out of sight and reach for people.
    trap = page.locator("input[name='website']")
    assert trap.get_attribute("tabindex") == "-1"
    assert trap.get_attribute("autocomplete") == "off"
    assert trap.locator("xpath=ancestor::*[@aria-hidden='true']").count() == 1
    assert trap.bounding_box()["x"] < 0

    with page.expect_request(posted) as sent:
        page.get_by_role("button", name="Gửi yêu cầu").click()
    body = sent.value.post_data_json
    assert uuid.UUID(body["id"]).version == 4
    assert {key: body[key] for key in ("ward_code", "name", "contact_method", "contact_phone", "website",
                                       "language", "place_hint")} == {
        "ward_code": "31135", "name": None, "contact_method": "sms", "contact_phone": "0909 123 456",
        "website": "", "language": "vi", "place_hint": None}
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.match(reference)
    page.get_by_text("Hãy nhớ mã này khi gọi.").wait_for()
    assert reference not in str(page.evaluate("Object.values(localStorage)"))
    assert "binhan" not in page.evaluate("async () => (await indexedDB.databases()).map((db) => db.name)")
    assert page.evaluate("document.title") == "Bình An"

    log_in(page, "demo-ward_officer")
    page.get_by_role("link", name="Yêu cầu hỗ trợ của người dân").click()
    card = page.locator(f"li[data-request='{reference}']")
    card.get_by_text("Chồng tôi say rượu và doạ đánh tôi.").wait_for()
    assert "Nhắn tin SMS: 0909 123 456" in card.inner_text()
    assert "sau 8 giờ tối" in card.inner_text()
    card.get_by_role("button", name="Đánh dấu đã liên hệ").click()
    card = page.locator(f"li[data-request='{reference}']")
    card.locator(".badge", has_text="Đã liên hệ").wait_for()
    card.get_by_label("Kết quả").select_option(label="Đã giải quyết")
    card.get_by_role("button", name="Đóng yêu cầu").click()
    page.locator(f"li[data-request='{reference}'] .badge", has_text="Đã đóng").wait_for()

    held = api_as("demo-ward_officer").get(f"{HELP_REQUESTS}/{body['id']}").json
    assert (held["reference"], held["status"], held["outcome"]) == (reference, "closed", "resolved")
    assert page_log.problems() == []


def test_the_servers_field_errors_show_beside_their_fields(page, live_server):
    open_form(page, live_server)
    with page.expect_response(lambda response: response.url.endswith(HELP_REQUESTS)) as answer:
        page.get_by_role("button", name="Gửi yêu cầu").click()
    assert answer.value.status == 422
    method = page.get_by_role("group", name="Liên hệ với bạn thế nào thì an toàn?")
    method.locator(".field-error").filter(has_text="Không được để trống.").wait_for()

    page.get_by_label("Gọi điện thoại").check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    phone = page.locator(".field", has=page.get_by_label("Số điện thoại"))
    phone.locator(".field-error").filter(has_text="Cần số điện thoại để liên hệ theo cách này.").wait_for()
    assert method.locator(".field-error").is_hidden()


def test_half_an_emoji_never_leaves_the_phone(page, live_server):
    """A text cut inside an emoji (by a script, or by a browser's maxlength that does not back off as
    Chromium's does) holds a lone surrogate, which the server refuses: the phone sends it without."""
    open_form(page, live_server)
    page.get_by_label("Đừng liên hệ, tôi sẽ tự gọi").check()
    page.get_by_label("Tên của bạn (không bắt buộc)").evaluate("(input) => { input.value = 'Thu 😀'.slice(0, -1); }")
    with page.expect_request(posted) as sent:
        page.get_by_role("button", name="Gửi yêu cầu").click()
    assert "\\ud83d" not in sent.value.post_data.lower()
    assert json.loads(sent.value.post_data)["name"] == "Thu "
    page.locator(".reference").wait_for()


def test_too_many_requests_are_refused_with_the_servers_words(page, live_app):
    app, live_server = live_app
    open_form(page, live_server)
    page.get_by_label("Đừng liên hệ, tôi sẽ tự gọi").check()
    limit = app.config["HELP_REQUEST_LIMIT_PER_HOUR"]
    app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = 0
    try:
        page.get_by_role("button", name="Gửi yêu cầu").click()
        page.get_by_role("alert").filter(has_text="Bạn đã gửi quá nhiều yêu cầu.").wait_for()
    finally:
        app.config["HELP_REQUEST_LIMIT_PER_HOUR"] = limit
    assert page.locator(".reference").count() == 0


def test_offline_nothing_is_kept_unless_asked_and_a_kept_request_is_sent_once_when_back_online(
        page, context, live_server, wait_for_service_worker, read_indexeddb, api_as):
    answers = []
    page.on("response", lambda response: posted(response.request) and answers.append(response.status))
    open_form(page, live_server)
    wait_for_service_worker(page)
    context.set_offline(True)

    page.get_by_label("Bạn ở gần đâu? (không bắt buộc)").fill("gần chợ Tân An")
    page.get_by_label("Gọi điện thoại").check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_role("alert").filter(has_text="Không có mạng nên yêu cầu chưa được gửi.").wait_for()
    assert page.locator("main .hotlines a[href='tel:113']").count() >= 1
    assert kept_requests(page, read_indexeddb) == []
    # Kept only once it could be sent: here the number is missing.
    page.get_by_label("Gửi khi có mạng trở lại").click()
    page.get_by_text("Hãy nhập số điện thoại").wait_for()
    assert not page.get_by_label("Gửi khi có mạng trở lại").is_checked()
    assert kept_requests(page, read_indexeddb) == []

    page.get_by_label("Số điện thoại").fill("0909 765 432")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_label("Gửi khi có mạng trở lại").check()
    page.get_by_text("Đã giữ lại.").wait_for()
    [kept] = kept_requests(page, read_indexeddb)
    assert "0909 765 432" in kept
    assert answers == []

    context.set_offline(False)
    banner = page.get_by_role("status").filter(has_text="Yêu cầu hỗ trợ của bạn đã được gửi.")
    banner.wait_for()
    reference = re.search(r"BA-[0-9A-Z]+", banner.inner_text()).group(0)
    wait_until(page, "async () => !(await (await import('/js/core/idb.js')).readAll('helpRequests')).length")
    # A second trigger finds nothing left to send.
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_load_state("networkidle")
    assert answers == [201]
    held = [item for item in api_as("demo-ward_officer").get(HELP_REQUESTS).json["items"]
            if item["reference"] == reference]
    assert [(item["place_hint"], item["ward_known"], item["contact_phone"]) for item in held] == [
        ("gần chợ Tân An", False, "0909 765 432")]


def test_a_kept_request_leaves_when_the_app_next_opens(
        page, context, live_server, wait_for_service_worker, read_indexeddb):
    open_form(page, live_server)
    wait_for_service_worker(page)
    context.set_offline(True)
    page.get_by_label("Đừng liên hệ, tôi sẽ tự gọi").check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_label("Gửi khi có mạng trở lại").check()
    page.get_by_text("Đã giữ lại.").wait_for()
    page.close()

    context.set_offline(False)
    later = context.new_page()
    later.goto(f"{live_server}/")
    later.get_by_role("status").filter(has_text="Yêu cầu hỗ trợ của bạn đã được gửi.").wait_for()
    later.get_by_role("button", name="Đã nhớ, ẩn đi").click()
    assert kept_requests(later, read_indexeddb) == []
