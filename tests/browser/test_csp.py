"""The strict Content-Security-Policy holds: the app runs under it with nothing blocked, and talks to no
one but its own server."""
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_the_shell_is_served_with_a_strict_policy(page, live_server):
    response = page.goto(f"{live_server}/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy


def test_public_and_staff_flows_run_without_errors_or_other_hosts(page, page_log, live_server, log_in,
                                                                   log_out, wait_for_service_worker):
    page.goto(f"{live_server}/")
    wait_for_service_worker(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Emergency numbers").wait_for()
    page.get_by_role("button", name="Tiếng Việt").click()
    page.get_by_role("link", name="Đăng nhập cho cán bộ").click()

    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Quản lý tài khoản").click()
    page.get_by_label("Vai trò").select_option(label="Nhà cung cấp dịch vụ")
    page.get_by_role("link", name="Quay lại").click()
    page.get_by_role("link", name="Đổi mật khẩu").click()
    page.get_by_label("Mật khẩu hiện tại").wait_for()
    page.get_by_role("link", name="Quay lại").click()
    log_out(page)
    wait_for_service_worker(page)

    assert page_log.problems() == []
    assert page_log.requests
    assert {urlparse(url).hostname for url in page_log.requests} == {"127.0.0.1"}
