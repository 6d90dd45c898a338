"""Finding help without an account: the verified help lines, a ward's offices, the information pages and the
self-check, on one screen and its links; discreet, cookie-free, talking to no one but this server, and all
of it offline after one visit."""
import pytest

pytestmark = pytest.mark.browser

# Lines of shared/data/hotlines.csv whose numbers nobody has confirmed: a resident must never see them.
UNVERIFIED = ("18008065", "1900969680", "18008027")
CALL_113 = "Nguy hiểm ngay lúc này? Gọi 113"
INFO_PAGES = {
    "Thế nào là bạo lực?": "Nghị định 145/2020/NĐ-CP",
    "Quyền của bạn": "Luật Phòng, chống bạo lực gia đình năm 2022",
    "Lập kế hoạch an toàn": "Học thuộc số 113",
    "An toàn trên mạng và trên điện thoại dùng chung": "tab ẩn danh",
    "Sau khi bạn gửi yêu cầu hỗ trợ": "không phải đường dây khẩn cấp",
}
# Every store of the page's origin, as text: what the self-check test compares before and after answering.
STORED = """async () => {
    const local = Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)]));
    const databases = (await indexedDB.databases()).map((database) => database.name);
    const cached = [];
    for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) cached.push(request.url);
    }
    return { local, databases, cached: cached.sort(), session: sessionStorage.length };
}"""


def server_lines(page, live_server):
    return page.request.get(f"{live_server}/api/v1/hotlines").json()["items"]


def open_home(page, live_server):
    """The home page once the city's list has replaced the built-in one (114 is not built in)."""
    page.goto(f"{live_server}/")
    page.locator(".hotlines a[href='tel:114']").wait_for()


def test_the_home_lists_the_verified_lines_as_calls_and_never_an_unverified_one(page, live_server, page_log):
    answers = []
    page.on("response", lambda response: "/api/" in response.url and answers.append(response))
    open_home(page, live_server)

    assert page.get_by_role("link", name=CALL_113).get_attribute("href") == "tel:113"
    lines = server_lines(page, live_server)
    hrefs = page.locator(".hotlines a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert hrefs == [f"tel:{line['number']}" for line in lines]
    assert {"tel:113", "tel:115", "tel:111"} <= set(hrefs)
    child_line = page.locator(".hotlines li", has_text="Tổng đài điện thoại quốc gia bảo vệ trẻ em")
    assert "24/7 · Miễn phí" in child_line.inner_text()
    for number in UNVERIFIED:
        assert number not in page.content()
        assert not [answer.url for answer in answers if answer.status == 200 and number in answer.text()]
    assert page.evaluate("document.title") == "Bình An"
    assert page_log.problems() == []


def test_the_kept_list_shows_when_the_server_cannot_be_reached(page, live_server):
    open_home(page, live_server)
    page.route("**/api/v1/hotlines", lambda route: route.abort())
    page.reload()
    page.get_by_role("link", name=CALL_113).wait_for()
    # The city's list, from the phone, not the built-in three.
    assert page.locator(".hotlines a[href='tel:114']").count() == 1


def test_a_wards_offices_are_grouped_by_kind_with_call_links(page, live_server, page_log):
    open_home(page, live_server)
    page.get_by_label("Xã/phường của bạn").select_option(label="Phường Ninh Kiều")
    page.get_by_role("heading", name="UBND xã/phường", exact=True).wait_for()
    kinds = page.locator("h3").all_inner_texts()
    assert kinds == ["UBND xã/phường", "Y tế", "Công an", "Hội Liên hiệp Phụ nữ"]
    police = page.locator(".card", has_text="Công an phường Ninh Kiều (minh hoạ)")
    assert police.get_by_role("link", name="Gọi 0900 000 103").get_attribute("href") == "tel:0900000103"

    page.get_by_label("Xã/phường của bạn").select_option(label="Phường An Bình")
    page.get_by_role("heading", name="Trợ giúp pháp lý", exact=True).wait_for()
    assert page.locator(".card", has_text="Ninh Kiều").count() == 0

    page.get_by_label("Xã/phường của bạn").select_option(label="Phường Tân An")
    page.get_by_text("Chưa có địa chỉ liên hệ nào của xã/phường này.").wait_for()
    # The ward looked at stays out of the address bar, and so out of the history.
    assert page.url == f"{live_server}/"
    assert page_log.problems() == []


def test_the_information_pages_open_from_the_home_in_plain_words(page, live_server):
    open_home(page, live_server)
    for title, words in INFO_PAGES.items():
        page.get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title, level=1).wait_for()
        assert words in page.locator("main").inner_text()
        assert page.evaluate("document.title") == "Bình An"
        assert page.get_by_role("button", name="Thoát nhanh").is_visible()
        page.get_by_role("link", name="Về trang chủ").click()

    page.get_by_role("link", name="Thoát nhanh làm được gì và không làm được gì").click()
    page.wait_for_url("**/#/quick-exit-info")
    assert "lịch sử" in page.locator("main").inner_text()
    assert "màn hình các ứng dụng gần đây" in page.locator("main").inner_text()


def test_the_self_check_stores_nothing_and_sends_nothing(page, live_server, page_log, wait_for_service_worker):
    open_home(page, live_server)
    wait_for_service_worker(page)
    page.get_by_role("link", name="Tôi có đang gặp nguy hiểm không?").click()
    page.get_by_role("heading", name="Tôi có đang gặp nguy hiểm không?", level=1).wait_for()
    questions = page.locator("form fieldset")
    assert questions.count() == 8
    page.wait_for_load_state("networkidle")
    before = page.evaluate(STORED)
    sent = len(page_log.requests)

    for index in range(8):
        # Question 4 (strangling) alone is a sign of grave danger.
        questions.nth(index).get_by_text("Có" if index == 3 else "Không", exact=True).click()
    page.get_by_role("button", name="Xem kết quả").click()
    page.get_by_text("dấu hiệu nguy hiểm nghiêm trọng").wait_for()
    assert page.locator("main a[href='tel:113']").count() >= 2

    assert page_log.requests[sent:] == []
    assert page.evaluate(STORED) == before
    assert "binhan" not in before["databases"]
    assert not [url for url in before["cached"] if "/api/" in url]
    assert page.evaluate("document.title") == "Bình An"


def test_public_pages_open_offline_after_one_visit(page, context, live_server, wait_for_service_worker):
    open_home(page, live_server)
    wait_for_service_worker(page)
    context.set_offline(True)
    page.reload()
    # The city's list, kept from the visit: 114 is not one of the built-in lines.
    page.locator(".hotlines a[href='tel:114']").wait_for()

    page.get_by_role("link", name="Quyền của bạn").click()
    page.get_by_role("heading", name="Quyền của bạn").wait_for()
    page.get_by_role("link", name="Về trang chủ").click()
    page.get_by_role("link", name="Tôi có đang gặp nguy hiểm không?").click()
    page.locator("form fieldset").first.wait_for()
    page.get_by_role("link", name="Về trang chủ").click()
    page.get_by_role("link", name="Gửi yêu cầu hỗ trợ", exact=True).click()
    page.get_by_role("alert").filter(has_text="Điện thoại đang không có mạng.").wait_for()
    # A full navigation as well: the worker answers it from its cache.
    page.goto("about:blank")
    page.goto(f"{live_server}/#/quick-exit-info")
    page.get_by_role("heading", name="Thoát nhanh làm được gì và không làm được gì").wait_for()


def test_public_pages_set_no_cookie_and_talk_only_to_this_server(page, context, live_server, page_log):
    open_home(page, live_server)
    page.get_by_label("Xã/phường của bạn").select_option(label="Phường Ninh Kiều")
    page.get_by_role("heading", name="Y tế", exact=True).wait_for()
    for link in ("Tìm nơi tạm lánh", "Các ngày chiến dịch sắp tới", "Nhận nhắc nhở", "Quyền của bạn",
                 "Tôi có đang gặp nguy hiểm không?", "Gửi yêu cầu hỗ trợ"):
        page.goto(f"{live_server}/")
        page.get_by_role("link", name=link, exact=True).click()
        page.locator("main h1").filter(has_not_text="Bình An").wait_for()
        assert page.evaluate("document.title") == "Bình An"
    page.get_by_label("Đừng liên hệ, tôi sẽ tự gọi").check()
    with page.expect_response(lambda response: response.url.endswith("/api/v1/help-requests")) as answer:
        page.get_by_role("button", name="Gửi yêu cầu").click()
    assert answer.value.status == 201
    assert "set-cookie" not in answer.value.headers
    page.locator(".reference").wait_for()

    assert context.cookies() == []
    assert page_log.requests
    assert [url for url in page_log.requests if not url.startswith(f"{live_server}/")] == []
    assert page_log.problems() == []


def test_the_quick_exit_sits_under_the_thumb_on_a_phone(page, live_server):
    open_home(page, live_server)
    box = page.get_by_role("button", name="Thoát nhanh").bounding_box()
    viewport = page.viewport_size
    assert box["y"] + box["height"] == pytest.approx(viewport["height"], abs=1)
    assert box["width"] == pytest.approx(viewport["width"], abs=1)
    assert box["height"] >= 48


def test_the_english_home_names_the_lines_in_english(page, live_server):
    open_home(page, live_server)
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="In danger right now? Call 113").wait_for()
    page.locator(".hotlines li", has_text="Medical emergency").wait_for()
    page.get_by_label("Your ward").select_option(label="Phường Ninh Kiều")
    page.get_by_text("Takes reports of domestic and gender-based violence.").wait_for()
