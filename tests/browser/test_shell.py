"""The app shell: installable, served by its service worker offline, updated only when the person agrees."""
import struct

import pytest

pytestmark = pytest.mark.browser


def png_size(body):
    assert body[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", body[16:24])
    return f"{width}x{height}"


def test_the_app_can_be_installed(page, live_server, wait_for_service_worker):
    page.goto(f"{live_server}/")
    manifest_url = page.eval_on_selector('link[rel="manifest"]', "link => link.href")
    answer = page.request.get(manifest_url)
    assert answer.ok
    manifest = answer.json()
    assert manifest["name"] == "Bình An"
    assert manifest["short_name"] == "Bình An"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    sizes = set()
    for icon in manifest["icons"]:
        image = page.request.get(f"{live_server}{icon['src']}")
        assert image.ok and image.headers["content-type"] == "image/png"
        assert png_size(image.body()) == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])

    wait_for_service_worker(page)
    page.reload()
    worker = page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")
    assert worker == f"{live_server}/sw.js"


def test_the_public_home_and_login_open_offline(page, context, live_server, wait_for_service_worker):
    page.goto(f"{live_server}/")
    wait_for_service_worker(page)
    context.set_offline(True)

    page.reload()
    assert page.get_by_role("heading", level=1).inner_text() == "Bình An"
    page.get_by_role("link", name="Nguy hiểm ngay lúc này? Gọi 113").wait_for()

    page.get_by_role("link", name="Đăng nhập cho cán bộ").click()
    page.get_by_label("Tên đăng nhập").wait_for()

    # A full navigation, not a hash change: the worker must answer it from its cache.
    page.goto("about:blank")
    page.goto(f"{live_server}/#/login")
    page.get_by_label("Mật khẩu", exact=True).wait_for()


def test_api_answers_never_enter_cache_storage(page, live_server, log_in, wait_for_service_worker):
    log_in(page, "demo-city_admin")
    page.get_by_role("link", name="Quản lý tài khoản").click()
    page.get_by_role("heading", name="Danh sách tài khoản").wait_for()
    wait_for_service_worker(page)
    cached = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
    }""")
    assert f"{live_server}/" in cached
    assert not [url for url in cached if "/api/" in url]


def test_a_new_version_waits_for_the_person(page, live_app, wait_for_service_worker):
    app, live_server = live_app
    page.goto(f"{live_server}/")
    wait_for_service_worker(page)
    [old_cache] = page.evaluate("caches.keys()")
    page.evaluate("window.__samePage = true")

    # Any change to a shell file changes the worker's bytes, so the browser installs a new one.
    with open(f"{app.config['PWA_DIR']}/css/app.css", "a", encoding="utf-8") as stylesheet:
        stylesheet.write("\n/* a new release */\n")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")

    reload_button = page.get_by_role("button", name="Tải lại")
    reload_button.wait_for()
    assert page.get_by_text("Đã có phiên bản mới").is_visible()
    # Nothing happened behind the person's back: the same page, still on the old version's cache.
    assert page.evaluate("window.__samePage") is True
    assert old_cache in page.evaluate("caches.keys()")

    with page.expect_navigation():
        reload_button.click()
    assert page.evaluate("window.__samePage === undefined")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    [new_cache] = page.evaluate("caches.keys()")
    assert new_cache.startswith("binhan-shell-") and new_cache != old_cache
