"""What a resident learns about shelters without logging in: whether each has room, whom it takes and the
number to call. Never where it is, and never a count; the last list still shows offline, dated."""
import json

import pytest

from shelter_work import AN_BINH, CITY_SHELTER, NINH_KIEU, NINH_KIEU_ADDRESS

pytestmark = pytest.mark.browser

STATUS_WORDS = {"available": "Còn chỗ", "full": "Hết chỗ", "unconfirmed": "Chưa xác nhận"}
# What the staff and host views add to a shelter; none of it may reach a resident.
NOT_PUBLIC = {"free_beds", "capacity", "observed_at", "age_minutes", "address", "host_phone"}


def open_finder(page, live_server):
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Tìm nơi tạm lánh").click()
    page.get_by_role("heading", name="Nơi tạm lánh", exact=True).wait_for()
    page.locator("li[data-shelter]", has_text=NINH_KIEU).wait_for()


def card(page, name):
    return page.locator("li[data-shelter]", has_text=name)


def test_residents_see_a_status_and_a_number_never_an_address_or_a_count(page, live_server, page_log):
    answers = []
    page.on("response", lambda response: "/api/" in response.url and answers.append(response))
    open_finder(page, live_server)

    assert page.get_by_role("button", name="Thoát nhanh").is_visible()
    for name in (NINH_KIEU, AN_BINH, CITY_SHELTER):
        status = card(page, name).locator(".badge").get_attribute("data-status")
        assert card(page, name).locator(".badge").inner_text() == STATUS_WORDS[status]
    # No host of the An Bình demo shelter has ever given a count.
    assert card(page, AN_BINH).locator(".badge").inner_text() == "Chưa xác nhận"
    assert card(page, NINH_KIEU).get_by_role("link", name="Gọi 111").get_attribute("href") == "tel:111"

    shelters = [answer for answer in answers if answer.url.endswith("/api/v1/shelters")]
    assert shelters and all(answer.status in (200, 304) for answer in shelters)
    for answer in answers:
        if answer.status == 200:
            assert NINH_KIEU_ADDRESS not in answer.text()
    for item in json.loads(shelters[0].text())["items"]:
        assert not NOT_PUBLIC & set(item), item
    assert NINH_KIEU_ADDRESS not in page.content()
    assert not page.locator(".free-beds, .bed-count").count()
    # A resident's visit asks nothing of staff endpoints, and nothing of who is signed in.
    assert not [answer.url for answer in answers if "/shelters/" in answer.url or "/auth/" in answer.url]
    assert page_log.problems() == []


def test_a_ward_shows_its_shelters_and_the_city_shelters_for_everyone(page, live_server):
    open_finder(page, live_server)
    page.get_by_label("Tìm theo xã/phường").select_option(label="Phường An Bình")
    card(page, AN_BINH).wait_for()
    assert card(page, NINH_KIEU).count() == 0
    assert card(page, CITY_SHELTER).is_visible()

    page.get_by_label("Tìm theo xã/phường").select_option(label="Phường Tân An")
    page.get_by_text("Chưa có nơi tạm lánh cộng đồng ở đây.").wait_for()
    assert card(page, CITY_SHELTER).is_visible()
    # The ward looked at stays out of the address bar, and so out of the browser's history.
    assert page.url.endswith("#/find-shelter")


def test_the_last_list_shows_offline_with_its_date(page, context, live_server, wait_for_service_worker):
    open_finder(page, live_server)
    wait_for_service_worker(page)
    context.set_offline(True)
    page.reload()
    card(page, NINH_KIEU).wait_for()
    page.get_by_text("Chưa cập nhật được vì không có mạng.").wait_for()
    assert "Thông tin lúc" in page.get_by_role("status").inner_text()
    assert card(page, CITY_SHELTER).locator(".badge").inner_text() in STATUS_WORDS.values()


def test_with_no_list_kept_offline_the_emergency_numbers_are_one_tap_away(
        page, context, live_server, wait_for_service_worker):
    page.goto(f"{live_server}/")
    wait_for_service_worker(page)
    context.set_offline(True)
    page.get_by_role("link", name="Tìm nơi tạm lánh").click()
    page.get_by_role("alert").filter(has_text="gọi ngay 113").wait_for()
    page.get_by_role("link", name="Xem các số điện thoại khẩn cấp").click()
    page.get_by_role("heading", name="Số điện thoại khẩn cấp").wait_for()
