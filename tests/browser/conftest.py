"""Browser fixtures: Debian's Chromium driven by Playwright, against a real server on a loopback port.

Playwright's own browser download cannot work on these machines, so the tests use /usr/bin/chromium. Without
it (or without the playwright package) they skip and say why, except when ``BINHAN_REQUIRE_BROWSER=1`` (CI),
where a missing browser is a failure: a green CI must mean the PWA was really exercised.
"""
import os
import shutil
import threading
import time

import pytest

import server.clock
from server import create_app, demo, migrations
from server.campaigns.operations import seed_campaigns
from server.campaigns.reminders import default_offsets
from server.db import database
from server.directory.loader import load_hotlines
from server.wards.loader import load_wards
from tests.clock import TEST_NOW, SettableClock

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    # V8 without its optimising compiler: the same JavaScript, about a tenth less CPU for pages that live a
    # few seconds (measured on tests/browser/test_vault.py and test_cases_roles.py).
    "--js-flags=--lite-mode",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "binhan-demo-2026"
PHONE = {"width": 390, "height": 844}
PWA_SOURCE = os.path.join(os.path.dirname(__file__), "..", "..", "pwa")
SHIPPED_PBKDF2_ITERATIONS = "600_000"  # OWASP's 2023 advice for PBKDF2-SHA256

# Reports every Content-Security-Policy violation of every page of the context to the test.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__binhanReportCsp(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _closing(app):
    """The WSGI app, made to close every response even when the browser drops the connection.

    Werkzeug's development server skips close() when the client goes away mid-response (a navigation that
    cancels a script download does that), leaving the served file open; with warnings as errors, its
    ResourceWarning would fail whichever test runs next. A generator's finally runs as soon as the server
    lets go of it.
    """

    def application(environ, start_response):
        response = app(environ, start_response)
        try:
            yield from response
        finally:
            if hasattr(response, "close"):
                response.close()

    return application


def _unavailable(reason):
    if os.environ.get("BINHAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and BINHAN_REQUIRE_BROWSER=1 requires the browser tests to run")
    pytest.skip(reason)


class _Chromium:
    """Playwright and one Chromium, started by the first browser test a process runs and stopped after the
    last one of a row (pytest_runtest_teardown below).

    Not a session fixture: with pytest-xdist a worker may get other tests after its browser tests, and
    Playwright's sync API keeps an asyncio loop running in the main thread while it is started, in which
    the push fan-out's asyncio.run refuses to run.
    """

    def __init__(self):
        self._playwright = None
        self.browser = None

    def start(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                            args=CHROMIUM_ARGS)
        return self.browser

    def stop(self):
        if self.browser is not None:
            self.browser.close()
            self._playwright.stop()
            self.browser = self._playwright = None


_CHROMIUM = _Chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    outcome = yield
    if nextitem is None or nextitem.get_closest_marker("browser") is None:
        _CHROMIUM.stop()
    return outcome


@pytest.fixture
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401 (only whether it is there)
    except ImportError:
        _unavailable("the playwright package is missing (make install-test)")
    return _CHROMIUM.start()


def _cheap_pin_key(vault_js):
    """The copy's PIN key derivation at 1,000 PBKDF2 rounds instead of 600,000: every PIN set or entered in a
    browser test would otherwise cost Chromium about a second of CPU. Only this copy is changed, the shipped
    file keeps its count (tests/test_web.py holds it there), and a vault records the count it was made
    with, so unlocking reads it back from there."""
    shipped = f"const PBKDF2_ITERATIONS = {SHIPPED_PBKDF2_ITERATIONS};"
    text = vault_js.read_text(encoding="utf-8")
    assert shipped in text, "vault.js no longer declares its PBKDF2 count as this fixture expects"
    vault_js.write_text(text.replace(shipped, "const PBKDF2_ITERATIONS = 1_000;"), encoding="utf-8")


@pytest.fixture(scope="session")
def browser_clock():
    """One clock for the whole browser session, for the live server and for every Chromium context.

    The browser tests share one live server and its data, which only makes sense if time goes forward: a
    count observed by one test must not lie in the future of the next one. So this clock starts at TEST_NOW
    with the session and is never set back (the other tests' clock starts again at TEST_NOW for each test).
    """
    clock = SettableClock(TEST_NOW)
    patch = pytest.MonkeyPatch()
    patch.setattr(server.clock, "_read_utc", clock.read)
    yield clock
    patch.undo()


@pytest.fixture
def clock(browser_clock):
    """The browser tests' ``clock``: the session's (see browser_clock), installed for the session."""
    return browser_clock


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, browser_clock):
    """(app, base URL) of a server with the wards, the help lines, the plan's campaign dates and the demo
    accounts (and demo services), serving a copy of pwa/.

    The copy lets a test change a shell file to see the service worker's update flow, without touching
    the repository.
    """
    from werkzeug.serving import WSGIRequestHandler, make_server

    class _KeptAliveHandler(WSGIRequestHandler):
        # HTTP/1.1: Chromium keeps its connections open instead of one connection and one server thread per
        # file, as a production server behind a proxy would.
        protocol_version = "HTTP/1.1"


    tmp = tmp_path_factory.mktemp("live")
    pwa_copy = tmp / "pwa"
    shutil.copytree(PWA_SOURCE, pwa_copy)
    _cheap_pin_key(pwa_copy / "js" / "accounts" / "vault.js")
    app = create_app({
        "DATABASE_URL": f"sqlite:///{tmp}/live.sqlite3",
        "SECRET_KEY": "x" * 40,
        "TESTING": True,
        "PWA_DIR": str(pwa_copy),
        # Keys made for this session in its own folder: nothing is written into the checkout's instance/.
        "FIELD_KEYS_FILE": str(tmp / "field-keys.json"),
        "VAPID_PRIVATE_KEY_FILE": str(tmp / "vapid-private.pem"),
        # The cheapest argon2id parameters: each login would otherwise cost a noticeable fraction of a second.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST_KIB": 8,
        "ARGON2_PARALLELISM": 1,
        # Every browser test logs in from 127.0.0.1: the per-client limit would make tests depend on each
        # other's failed logins. The per-account limit stays as configured and is tested.
        "LOGIN_MAX_FAILURES_PER_CLIENT": 1000,
        # Likewise for residents' help requests; the test of the limit lowers it for itself.
        "HELP_REQUEST_LIMIT_PER_HOUR": 1000,
    })
    with app.app_context():
        migrations.upgrade()
        with database.connection_context():
            load_wards()
            # As `flask init-db` does on a real install.
            load_hotlines()
            seed_campaigns(default_offsets(app))
            demo.seed_demo(password=DEMO_PASSWORD)
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True, request_handler=_KeptAliveHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"
    # A page of this same server stands in for the neutral site: the tests never leave the machine.
    app.config["QUICK_EXIT_URL"] = f"{base_url}/api/v1/health"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, base_url
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The base URL, http://127.0.0.1:<port> (loopback is a secure context, so service workers run)."""
    return live_app[1]


class PageLog:
    """What a person would not see but a careful tester wants to: errors, CSP violations, every request."""

    def __init__(self):
        self.console_errors = []
        self.page_errors = []
        self.csp_violations = []
        self.requests = []
        self.failed_responses = []

    def problems(self):
        return self.console_errors + self.page_errors + self.csp_violations + self.failed_responses


@pytest.fixture
def page_log():
    return PageLog()


@pytest.fixture
def context(browser, page_log, browser_clock, request):
    """A fresh phone-sized browser context per test: no cookies, storage or service worker carried over.

    In a file marked ``without_service_worker`` a test that does not ask for ``wait_for_service_worker`` runs
    as in a browser without service workers: the worker's first install downloads the whole shell, about
    one and a half seconds of CPU per test on these machines, for flows that never use what it keeps. Every
    test that goes offline or needs the worker asks for it, and the install, update, push, quick-exit and
    public offline files are not marked at all.
    """
    blocked = (request.node.get_closest_marker("without_service_worker") is not None
               and "wait_for_service_worker" not in request.fixturenames)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN",
                                  service_workers="block" if blocked else "allow")
    # The phone's clock is the server's: a date the app fills in ("today") is the server's today.
    context.clock.install(time=browser_clock.read())
    context.expose_binding("__binhanReportCsp", lambda _source, text: page_log.csp_violations.append(text))
    context.add_init_script(CSP_LISTENER)
    # The context also sees the service worker's own requests, so nothing can slip past this list.
    context.on("request", lambda request: page_log.requests.append(request.url))
    yield context
    context.close()


@pytest.fixture
def page(context, page_log):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda message: message.type == "error" and page_log.console_errors.append(message.text))
    page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    page.on("response", lambda response: response.status >= 400 and page_log.failed_responses.append(
        f"{response.status} {response.url}"))
    return page


def wait_until(page, async_predicate, timeout_s=10):
    """Until ``async_predicate`` (the text of an async function run in the page) resolves to something true.

    Not page.wait_for_function: it does not await a promise, and a promise is true, so an async predicate
    passes at once whatever it would resolve to (the cause of a shelter-host test failing one run in ten).
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(async_predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {async_predicate}")
        page.wait_for_timeout(50)


@pytest.fixture
def wait_for_service_worker():
    """wait_for_service_worker(page): until a worker is active and controls the page (clients.claim())."""

    def wait(page):
        # A function, not an expression: Playwright evaluates expressions with eval(), which the CSP forbids.
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    return wait


@pytest.fixture
def log_in(live_server):
    """log_in(page, "demo-ward_officer"): fills and sends the staff login form."""

    def do_log_in(page, username, password=DEMO_PASSWORD):
        page.goto(f"{live_server}/#/login")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu", exact=True).fill(password)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()

    return do_log_in


@pytest.fixture
def log_out():
    def do_log_out(page):
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url("**/#/")

    return do_log_out


PIN = "246810"

# Every value of every store of the app's IndexedDB, as text: strings as they are, bytes (ciphertext, salts,
# IVs) decoded as Latin-1 so that any plaintext hidden in them would still show. {} when there is no database.
READ_INDEXEDDB = """async () => {
    const names = (await indexedDB.databases()).map((database) => database.name);
    if (!names.includes('binhan')) return null;
    const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('binhan');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    const text = (value) => {
        if (value instanceof ArrayBuffer) return new TextDecoder('latin1').decode(value);
        if (ArrayBuffer.isView(value)) return new TextDecoder('latin1').decode(value);
        if (Array.isArray(value)) return value.map(text).join(' ');
        if (value && typeof value === 'object') {
            return Object.entries(value).map(([key, inner]) => `${key}=${text(inner)}`).join(' ');
        }
        return String(value);
    };
    const dump = {};
    for (const name of db.objectStoreNames) {
        dump[name] = await new Promise((resolve, reject) => {
            const request = db.transaction(name).objectStore(name).getAll();
            request.onsuccess = () => resolve(request.result.map(text));
            request.onerror = () => reject(request.error);
        });
    }
    db.close();
    return dump;
}"""


@pytest.fixture
def read_indexeddb():
    """read_indexeddb(page): {store: [value as text]} of the app's database, or None when it does not exist."""

    def read(page):
        return page.evaluate(READ_INDEXEDDB)

    return read


@pytest.fixture
def set_pin():
    """set_pin(page): chooses the PIN on the first-login screen and waits for the home screen."""

    def choose(page, pin=PIN):
        page.wait_for_url("**/#/pin-setup")
        page.get_by_label("Mã PIN (6 chữ số)").fill(pin)
        page.get_by_label("Nhập lại mã PIN").fill(pin)
        page.get_by_role("button", name="Đặt mã PIN").click()
        page.wait_for_url("**/#/home")
        page.get_by_role("heading", name="Đồng bộ").wait_for()

    return choose


@pytest.fixture
def unlock():
    """unlock(page): enters the PIN on the PIN screen and waits until the screen it interrupted is back."""

    def enter(page, pin=PIN):
        page.wait_for_url("**/#/unlock")
        page.get_by_label("Mã PIN", exact=True).fill(pin)
        page.get_by_role("button", name="Mở khoá").click()
        page.wait_for_function("() => !location.hash.startsWith('#/unlock')")

    return enter


@pytest.fixture
def api_as(live_app):
    """api_as("demo-ward_officer"): a Flask test client of the live server's app, signed in as that account,
    to check what the server holds without going through the screens."""
    app, _ = live_app

    def sign_in(username, password=DEMO_PASSWORD):
        client = app.test_client()
        answer = client.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert answer.status_code == 200, answer.json
        client.environ_base["HTTP_X_CSRF_TOKEN"] = answer.json["csrf_token"]
        return client

    return sign_in
