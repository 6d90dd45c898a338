"""The PIN-locked store on the phone: a PIN chosen at first login, asked again after a reload or when idle,
five wrong PINs wipe it, logout wipes it, and what it holds is ciphertext."""
import pytest

from conftest import PIN

pytestmark = [pytest.mark.browser, pytest.mark.without_service_worker]


def test_a_collaborator_chooses_a_pin_at_first_login_and_enters_it_after_a_reload(page, log_in, set_pin, unlock):
    log_in(page, "demo-collaborator")
    page.wait_for_url("**/#/pin-setup")
    page.get_by_label("Mã PIN (6 chữ số)").fill("12345")
    page.get_by_label("Nhập lại mã PIN").fill("12345")
    page.get_by_role("button", name="Đặt mã PIN").click()
    page.get_by_text("Mã PIN phải gồm đúng 6 chữ số.").wait_for()
    page.get_by_label("Mã PIN (6 chữ số)").fill(PIN)
    page.get_by_label("Nhập lại mã PIN").fill("135790")
    page.get_by_role("button", name="Đặt mã PIN").click()
    page.get_by_text("Hai lần nhập mã PIN không giống nhau.").wait_for()
    set_pin(page)
    page.get_by_role("link", name="Ghi nhận trường hợp mới").wait_for()

    page.reload()
    page.wait_for_url("**/#/unlock")
    page.get_by_label("Mã PIN", exact=True).fill("000000")
    page.get_by_role("button", name="Mở khoá").click()
    page.get_by_text("Mã PIN không đúng. Còn 4 lần thử").wait_for()
    unlock(page)
    page.wait_for_url("**/#/home")
    page.get_by_role("link", name="Trường hợp của tôi").wait_for()


def test_five_wrong_pins_wipe_the_phone_and_end_the_session(page, log_in, set_pin, read_indexeddb):
    log_in(page, "demo-collaborator")
    set_pin(page)
    assert read_indexeddb(page)["vault"]
    page.reload()
    for attempt in range(1, 5):
        page.wait_for_url("**/#/unlock")
        page.get_by_label("Mã PIN", exact=True).fill("999999")
        page.get_by_role("button", name="Mở khoá").click()
        page.get_by_text(f"Còn {5 - attempt} lần thử").wait_for()
    page.get_by_label("Mã PIN", exact=True).fill("999999")
    page.get_by_role("button", name="Mở khoá").click()

    page.wait_for_url("**/#/login")
    page.get_by_text("Đã nhập sai mã PIN quá nhiều lần").wait_for()
    assert read_indexeddb(page) is None
    assert page.evaluate("fetch('/api/v1/auth/me').then((response) => response.status)") == 401


def test_the_wrong_pin_count_survives_a_reload(page, log_in, set_pin):
    log_in(page, "demo-collaborator")
    set_pin(page)
    page.reload()
    page.get_by_label("Mã PIN", exact=True).fill("999999")
    page.get_by_role("button", name="Mở khoá").click()
    page.get_by_text("Còn 4 lần thử").wait_for()
    page.reload()
    page.get_by_label("Mã PIN", exact=True).fill("999999")
    page.get_by_role("button", name="Mở khoá").click()
    page.get_by_text("Còn 3 lần thử").wait_for()


def test_the_phone_locks_itself_when_idle_and_returns_to_the_same_screen(page, log_in, set_pin, unlock):
    log_in(page, "demo-collaborator")
    set_pin(page)
    page.get_by_role("link", name="Trường hợp của tôi").click()
    page.wait_for_url("**/#/cases")
    # Five minutes and a second without a touch, on the phone's clock (Playwright's, installed per context).
    page.clock.fast_forward("05:01")
    page.wait_for_url("**/#/unlock")
    # The address changes first and the PIN screen is drawn a moment later: wait for it, then look.
    page.get_by_role("heading", name="Mở khoá dữ liệu").wait_for()
    assert page.get_by_role("heading", name="Trường hợp của tôi").count() == 0
    unlock(page)
    page.wait_for_url("**/#/cases")
    page.get_by_role("heading", name="Trường hợp của tôi").wait_for()


def test_logout_wipes_the_phone(page, log_in, log_out, set_pin, read_indexeddb):
    log_in(page, "demo-collaborator")
    set_pin(page)
    # The first sync brings the collaborator's open cases (the demo has two) onto the phone.
    page.wait_for_function("() => document.querySelector('.sync-last')?.textContent.includes('lần cuối')")
    assert read_indexeddb(page)["records"]
    log_out(page)
    assert read_indexeddb(page) is None


def test_other_roles_are_not_asked_for_a_pin(page, log_in):
    log_in(page, "demo-ward_officer")
    page.wait_for_url("**/#/home")
    page.get_by_role("link", name="Trường hợp của xã/phường").wait_for()
    assert page.get_by_role("heading", name="Đồng bộ").count() == 0
