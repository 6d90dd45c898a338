"""What a resident meets: the language of their choice, and a quick way out."""
import pytest

pytestmark = pytest.mark.browser


def test_the_language_choice_survives_a_reload(page, live_server):
    page.goto(f"{live_server}/")
    page.get_by_role("heading", name="Số điện thoại khẩn cấp").wait_for()

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Emergency numbers").wait_for()
    assert page.get_by_role("button", name="Quick exit").is_visible()
    page.reload()
    page.get_by_role("heading", name="Emergency numbers").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"

    page.get_by_role("button", name="Tiếng Việt").click()
    page.get_by_role("heading", name="Số điện thoại khẩn cấp").wait_for()
    page.reload()
    page.get_by_role("heading", name="Số điện thoại khẩn cấp").wait_for()
    assert page.evaluate("document.documentElement.lang") == "vi"


def test_before_any_answer_the_home_shows_the_national_emergency_lines(page, live_server):
    # The city's list never arrived (first visit, server unreachable): the built-in verified lines stand in.
    page.route("**/api/v1/hotlines", lambda route: route.abort())
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Nguy hiểm ngay lúc này? Gọi 113").wait_for()
    assert page.locator(".hotlines a").evaluate_all("links => links.map(link => link.getAttribute('href'))") == [
        "tel:113", "tel:115", "tel:111"]


def wait_for_exit_url(page, live_server):
    page.wait_for_function("(url) => localStorage.getItem('binhan.exitUrl') === url",
                           arg=f"{live_server}/api/v1/health")


def test_the_quick_exit_button_leaves_without_a_trace_in_history(page, live_server):
    page.goto(f"{live_server}/")
    wait_for_exit_url(page, live_server)
    entries = page.evaluate("history.length")

    page.get_by_role("button", name="Thoát nhanh").click()
    page.wait_for_url(f"{live_server}/api/v1/health")
    assert page.evaluate("history.length") == entries


def test_shift_three_times_leaves_the_login_page(page, live_server):
    page.goto(f"{live_server}/#/login")
    wait_for_exit_url(page, live_server)
    entries = page.evaluate("history.length")

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{live_server}/api/v1/health")
    assert page.evaluate("history.length") == entries


def test_shift_counting_ignores_capitals_and_slow_presses(page, live_server):
    page.goto(f"{live_server}/")
    results = page.evaluate("""async () => {
        const { createShiftCounter } = await import('/js/core/quick-exit.js');
        let clock = 0;
        const now = () => clock;
        const shift = { key: 'Shift', shiftKey: false };
        const press = (counter, event, at) => { clock = at; return counter(event); };

        const quick = createShiftCounter({ now });
        const three = [0, 1000, 2000].map((at) => press(quick, shift, at));

        const slow = createShiftCounter({ now });
        const spread = [0, 3000, 6000].map((at) => press(slow, shift, at));

        // Typing "A": a keyup for A with shiftKey set, then the keyup of the Shift used as a modifier.
        const typing = createShiftCounter({ now });
        const capitals = [];
        for (let i = 0; i < 3; i += 1) {
            capitals.push(press(typing, { key: 'A', shiftKey: true }, i * 100));
            capitals.push(press(typing, shift, i * 100 + 50));
        }

        const interrupted = createShiftCounter({ now });
        const broken = [
            press(interrupted, shift, 0), press(interrupted, shift, 100),
            press(interrupted, { key: 'x', shiftKey: false }, 200), press(interrupted, shift, 300),
        ];
        return { three, spread, capitals, broken };
    }""")
    assert results["three"] == [False, False, True]
    assert results["spread"] == [False, False, False]
    assert not any(results["capitals"])
    assert results["broken"] == [False, False, False, False]
