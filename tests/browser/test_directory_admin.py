"""The city admin keeps the help lines and the wards' public services: a line verified shows on the public
home at once, a retired one leaves it, a service added shows among its ward's; nobody else opens the screen."""
import uuid

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]

NUMBER = "18008065"
NINH_KIEU = "31135"


def hotline_by_number(client, number):
    [line] = [item for item in client.get("/api/v1/hotlines/registry").json["items"] if item["number"] == number]
    return line


def open_directory_admin(page, log_in):
    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Quản lý số điện thoại và dịch vụ").click()
    page.get_by_role("heading", name="Số điện thoại hỗ trợ", level=2).wait_for()


def public_home(browser, live_server):
    """A resident's first look, in a context of its own: nothing kept from an earlier visit."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/")
    page.locator(".hotlines a[href='tel:114']").wait_for()
    return context, page


def test_the_city_admin_verifies_a_line_then_retires_it(page, browser, live_server, log_in, api_as, page_log):
    admin = api_as("demo-city_admin")
    before = hotline_by_number(admin, NUMBER)
    assert before["status"] == "unverified"
    try:
        open_directory_admin(page, log_in)
        card = page.locator(f"li[data-hotline='{before['id']}']")
        assert "Chưa xác minh" in card.locator(".hotline-status").inner_text()
        assert "Nguồn: baocantho.com.vn" in card.inner_text()
        card.get_by_role("button", name="Xác minh").click()
        page.locator(f"li[data-hotline='{before['id']}'][data-status='verified']").wait_for()
        assert hotline_by_number(admin, NUMBER)["status"] == "verified"

        resident, home = public_home(browser, live_server)
        assert home.locator(f".hotlines a[href='tel:{NUMBER}']").count() == 1
        resident.close()

        page.locator(f"li[data-hotline='{before['id']}']").get_by_role("button", name="Ngừng dùng").click()
        page.locator(f"li[data-hotline='{before['id']}'][data-status='retired']").wait_for()
        resident, home = public_home(browser, live_server)
        assert home.locator(f".hotlines a[href='tel:{NUMBER}']").count() == 0
        resident.close()
        assert page_log.problems() == []
    finally:
        # Other browser tests share this server and expect the line as the CSV has it: unverified.
        line = hotline_by_number(admin, NUMBER)
        reset = admin.patch(f"/api/v1/hotlines/{line['id']}", json={"status": "unverified", "version": line["version"]})
        assert reset.status_code == 200, reset.json


def test_a_line_changed_meanwhile_elsewhere_reloads_the_list(page, log_in, api_as):
    admin = api_as("demo-city_admin")
    line = hotline_by_number(admin, NUMBER)
    open_directory_admin(page, log_in)
    elsewhere = admin.patch(f"/api/v1/hotlines/{line['id']}", json={"hours": line["hours"], "version": line["version"]})
    assert elsewhere.status_code == 200, elsewhere.json
    page.locator(f"li[data-hotline='{line['id']}']").get_by_role("button", name="Ngừng dùng").click()
    page.get_by_text("Người khác vừa thay đổi mục này.").wait_for()
    assert hotline_by_number(admin, NUMBER)["status"] == "unverified"


def test_a_line_without_a_number_needs_one_to_be_verified(page, log_in, api_as):
    admin = api_as("demo-city_admin")
    empty = [item for item in admin.get("/api/v1/hotlines/registry").json["items"] if not item["number"]]
    if not empty:
        pytest.skip("every line of the registry has a number")
    open_directory_admin(page, log_in)
    card = page.locator(f"li[data-hotline='{empty[0]['id']}']")
    assert "Chưa có số" in card.inner_text()
    card.get_by_role("button", name="Xác minh").click()
    card.get_by_text("Đường dây đã xác nhận phải có số điện thoại.").wait_for()
    [after] = [item for item in admin.get("/api/v1/hotlines/registry").json["items"] if item["id"] == empty[0]["id"]]
    assert (after["status"], after["version"]) == (empty[0]["status"], empty[0]["version"])


def test_the_city_admin_adds_a_service_that_residents_then_see(page, browser, live_server, log_in, api_as, page_log):
    admin = api_as("demo-city_admin")
    name = f"Trạm y tế thử {uuid.uuid4().hex[:6]}"
    open_directory_admin(page, log_in)
    page.get_by_label("Xã/phường", exact=True).select_option(NINH_KIEU)
    form = page.locator("form[data-service-form='new']")
    form.wait_for()
    form.get_by_label("Loại dịch vụ").select_option("health")
    form.get_by_label("Tên").fill(name)
    form.get_by_label("Số điện thoại công khai").fill("0900 000 199")
    form.get_by_label("Giờ làm việc").fill("7:00–17:00")
    form.get_by_label("Ghi chú (tiếng Việt)").fill("Khám và tư vấn miễn phí.")
    form.get_by_label("Ghi chú (tiếng Anh)").fill("Free check-ups and counselling.")
    try:
        form.get_by_role("button", name="Lưu").click()
        card = page.locator("li[data-service]", has_text=name)
        card.wait_for()
        [service] = [item for item in admin.get(f"/api/v1/services/registry?ward={NINH_KIEU}").json["items"]
                     if item["name"] == name]
        assert (service["kind"], service["phone"], service["active"]) == ("health", "0900 000 199", True)

        resident, home = public_home(browser, live_server)
        home.get_by_label("Xã/phường của bạn").select_option(label="Phường Ninh Kiều")
        home.locator(".card", has_text=name).get_by_role("link", name="Gọi 0900 000 199").wait_for()
        resident.close()

        card.get_by_role("button", name="Ẩn").click()
        page.locator("li[data-service]", has_text=name).get_by_role("button", name="Hiện").wait_for()
        assert page_log.problems() == []
    finally:
        # The test's service leaves the ward's public list, which other tests read.
        [service] = [item for item in admin.get("/api/v1/services/registry").json["items"] if item["name"] == name]
        if service["active"]:
            hidden = admin.patch(f"/api/v1/services/{service['id']}",
                                 json={"active": False, "version": service["version"]})
            assert hidden.status_code == 200, hidden.json


def test_a_collaborator_is_sent_home(page, log_in, set_pin, live_server):
    log_in(page, "demo-collaborator")
    set_pin(page)
    page.goto(f"{live_server}/#/directory-admin")
    page.wait_for_url("**/#/home")
    assert page.get_by_role("heading", name="Số điện thoại hỗ trợ").count() == 0
