"""Staff screens: login and logout, the role home, account management and the first password change."""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]


def me_status(page):
    return page.evaluate("fetch('/api/v1/auth/me').then((response) => response.status)")


def test_a_ward_officer_logs_in_and_out(page, live_server, log_in, log_out, wait_for_service_worker):
    log_in(page, "demo-ward_officer")
    page.wait_for_url("**/#/home")
    # The home screen's module loads when its route opens: wait for its heading, not just for the URL.
    page.get_by_role("heading", level=1, name=re.compile("^Xin chào, ")).wait_for()
    page.get_by_text("Cán bộ UBND xã/phường", exact=True).wait_for()
    page.get_by_text("Phường Ninh Kiều", exact=True).wait_for()

    log_out(page)
    page.get_by_role("heading", name="Số điện thoại khẩn cấp").wait_for()
    assert me_status(page) == 401
    # Clear-Site-Data wiped storage and the worker; the app put back the language and the offline shell.
    assert page.evaluate("localStorage.getItem('binhan.lang')") == "vi"
    wait_for_service_worker(page)


def test_a_wrong_password_gets_the_same_generic_message_as_an_unknown_name(page, log_in):
    log_in(page, "demo-ward_officer-2", "not-the-password")
    alert = page.get_by_role("alert")
    alert.wait_for()
    wrong_password = alert.inner_text()
    assert wrong_password
    assert page.get_by_label("Mật khẩu", exact=True).input_value() == ""

    page.reload()
    log_in(page, "nobody-by-this-name", "not-the-password")
    page.get_by_role("alert").wait_for()
    assert page.get_by_role("alert").inner_text() == wrong_password
    assert page.url.endswith("#/login")


def test_repeated_failures_get_the_servers_too_many_attempts_message(page, live_app, log_in):
    app, _ = live_app
    messages = set()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] + 1):
        with page.expect_response("**/api/v1/auth/login") as answer:
            log_in(page, "demo-provider-2", "guessing")
        page.get_by_role("alert").wait_for()
        messages.add(page.get_by_role("alert").inner_text())
    assert answer.value.status == 429
    assert len(messages) == 2, "the throttled attempt must say something other than a wrong password"


def test_a_collaborator_has_no_account_management(page, live_server, log_in, set_pin):
    log_in(page, "demo-collaborator")
    set_pin(page)
    page.get_by_text("Cộng tác viên", exact=True).wait_for()
    page.get_by_role("link", name="Đổi mật khẩu").wait_for()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    assert page.get_by_role("link", name="Quản lý tài khoản").count() == 0

    page.goto(f"{live_server}/#/accounts")
    page.wait_for_url("**/#/home")
    assert page.get_by_role("heading", name="Danh sách tài khoản").count() == 0


def test_staff_screens_send_a_stranger_to_the_login(page, live_server):
    page.goto(f"{live_server}/#/accounts")
    page.wait_for_url("**/#/login")
    page.get_by_label("Tên đăng nhập").wait_for()


def test_a_ward_officer_creates_a_collaborator_who_then_chooses_a_password(page, log_in, log_out, set_pin):
    log_in(page, "demo-ward_officer")
    page.get_by_role("link", name="Quản lý tài khoản").click()
    page.get_by_text("Tài khoản mới là cộng tác viên của Phường Ninh Kiều.").wait_for()
    # A ward officer's form offers no role or ward: only collaborators of their own ward.
    assert page.locator("form select").count() == 0

    page.get_by_label("Tên đăng nhập").fill("bad name!")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_role("button", name="Tạo tài khoản").click()
    username_error = page.locator(".field.has-error .field-error")
    username_error.wait_for()
    assert username_error.count() == 1

    page.get_by_label("Tên đăng nhập").fill("nguyen.lan")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_role("heading", name="Mật khẩu tạm của nguyen.lan").wait_for()
    temporary = page.locator(".secret-value").inner_text()
    assert len(temporary) >= 10
    new_account = page.locator("li[data-username='nguyen.lan']")
    assert "Cộng tác viên" in new_account.inner_text()
    assert "Đang hoạt động" in new_account.inner_text()

    new_account.get_by_role("button", name="Vô hiệu hoá").click()
    page.locator("li[data-username='nguyen.lan']").get_by_text("Đã vô hiệu hoá").wait_for()
    page.locator("li[data-username='nguyen.lan']").get_by_role("button", name="Kích hoạt lại").click()
    page.locator("li[data-username='nguyen.lan']").get_by_text("Đang hoạt động").wait_for()
    page.get_by_role("link", name="Quay lại").click()
    log_out(page)

    # First login with the temporary password: the password screen comes before anything else.
    log_in(page, "nguyen.lan", temporary)
    page.wait_for_url("**/#/password")
    page.get_by_text("Bạn đang dùng mật khẩu tạm.").wait_for()
    page.get_by_label("Mật khẩu hiện tại").fill(temporary)
    page.get_by_label("Mật khẩu mới", exact=True).fill("song hau mua nuoc noi")
    page.get_by_label("Nhập lại mật khẩu mới").fill("song hau mua nuoc noi")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    # Then, as for every collaborator on a new phone, the PIN that locks the case data kept on it.
    set_pin(page)
    page.get_by_role("heading", name="Xin chào, Nguyễn Thị Lan").wait_for()
    # Logout is an unsafe request: it works only with the CSRF token the password change returned.
    log_out(page)
    assert me_status(page) == 401


def test_a_city_admin_creates_a_shelter_host_for_a_shelter(page, log_in):
    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Quản lý tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("tran.hoa")
    page.get_by_label("Họ và tên").fill("Trần Hoa")
    page.get_by_label("Vai trò").select_option(label="Chủ nơi tạm lánh")
    assert not page.get_by_label("Xã/phường").is_visible()
    organizations = page.get_by_label("Đơn vị").locator("option").all_inner_texts()
    assert organizations[1:] and all("tạm lánh" in name for name in organizations[1:])
    page.get_by_label("Đơn vị").select_option(index=1)
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_role("heading", name="Mật khẩu tạm của tran.hoa").wait_for()
    assert "Chủ nơi tạm lánh" in page.locator("li[data-username='tran.hoa']").inner_text()

    first = page.locator(".secret-value").inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("li[data-username='tran.hoa']").get_by_role("button", name="Đặt lại mật khẩu").click()
    page.wait_for_function("(first) => document.querySelector('.secret-value').textContent !== first", arg=first)
    assert len(page.locator(".secret-value").inner_text()) >= 10
