"""Fixtures in the spirit of Flask's tutorial: ``app``, ``client``, ``make_user``, ``log_in``.

Every test that uses ``app`` runs on SQLite, and again on PostgreSQL when ``BINHAN_TEST_DATABASE_URL`` is
set (CI sets it). Tests never reach the network: a socket guard refuses every address but loopback.
"""
import os
import socket
import threading
from collections import Counter

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

import server.clock
from server.accounts import operations as accounts
from server.accounts.models import ROLE_ATTACHMENTS
from server.db import database
from server.encryption.keyring import new_keyring
from tests import databases
from tests.clock import TEST_CLOCK, TEST_NOW
from tests.kept_app import KeptApps

PASSWORD = "correct horse battery"
# One field-encryption keyring for the test session, passed in settings: no key file is written anywhere.
FIELD_KEYS = new_keyring().to_json()
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
VAPID_PRIVATE_KEY = ec.generate_private_key(ec.SECP256R1()).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
POSTGRES_URL = os.environ.get("BINHAN_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])

WARD = "31135"  # Phường Ninh Kiều
OTHER_WARD = "31150"  # Phường An Bình


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Browser files in as many groups as there are xdist workers (whole files, balanced by their number of
    tests), so that each worker drives one Chromium against its own live server while the other tests are
    shared out one by one (``make test``: ``--dist loadgroup``; xdist starts the largest groups first).
    Without xdist: one group, browser tests last.

    Measured on two cores (bench/RESULTS.md): one browser stream alone keeps both cores 90 % busy, so the
    order hardly matters; what counts is that no worker is left idle at the end.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    browser_files = Counter(item.path for item in items if item.get_closest_marker("browser"))
    load = [0] * workers
    group_of = {}
    for path, count in sorted(browser_files.items(), key=lambda pair: (-pair[1], str(pair[0]))):
        group_of[path] = min(range(workers), key=load.__getitem__)
        load[group_of[path]] += count
    for item in items:
        if item.path in group_of:
            item.add_marker(pytest.mark.xdist_group(f"browser-{group_of[item.path]}"))
    items.sort(key=lambda item: item.path in group_of)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Every test starts at TEST_NOW on the server's one clock (tests/clock.py), whatever the machine's date:
    a test that depends on the date says which one by setting it."""
    TEST_CLOCK.set(TEST_NOW)
    monkeypatch.setattr(server.clock, "_read_utc", TEST_CLOCK.read)
    return TEST_CLOCK


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """A test that tries to reach another host fails loudly instead of leaking or hanging."""
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
            if host not in ("127.0.0.1", "::1", "localhost"):
                raise RuntimeError(f"tests must not reach the network (tried {host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


class ApiClient(FlaskClient):
    """A test client that sends the CSRF token of its last login, as the PWA's api.js does."""

    csrf = None

    def open(self, *args, **kwargs):
        if self.csrf and isinstance(kwargs.get("headers", {}), dict):
            # A copy: a test's (or parametrize table's) own dict must not carry this session's token away.
            kwargs["headers"] = {"X-CSRF-Token": self.csrf, **kwargs.get("headers", {})}
        return super().open(*args, **kwargs)


def app_settings(database_url):
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET_KEY,
        "FIELD_KEYS": FIELD_KEYS,
        "VAPID_PRIVATE_KEY": VAPID_PRIVATE_KEY,
        # Encrypt in the test process: each test's sender would otherwise start its own worker. The worker
        # path is run by the two-schedulers test (tests/push/test_scheduler.py) and bench/push_fanout.py.
        "PUSH_ENCRYPTION_PROCESSES": 0,
        # The cheapest argon2id parameters: hashing is not what these tests are about, and the real
        # cost would make the suite minutes slower.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST_KIB": 8,
        "ARGON2_PARALLELISM": 1,
    }


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite file with the schema and the wards, built once per run (tests/databases.py)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    databases.build_sqlite_template(str(path))
    return path


@pytest.fixture(scope="session")
def postgres_template():
    """This worker's PostgreSQL database, its schema built once per run (tests/databases.py)."""
    template = databases.PostgresTemplate(
        databases.worker_postgres_url(POSTGRES_URL, os.environ.get("PYTEST_XDIST_WORKER")))
    yield template
    template.close()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """A database holding the schema and the 103 wards and nothing else, for this test alone."""
    if request.param == "postgresql":
        template = request.getfixturevalue("postgres_template")
        template.empty()
        yield template.url
        if request.node.get_closest_marker("rewrites_template"):
            template.rebuild()
        return
    path = tmp_path / "test.sqlite3"
    databases.copy_sqlite(request.getfixturevalue("sqlite_template"), path)
    with databases.held_open(path):
        yield f"sqlite:///{path}"


KEPT_APPS = KeptApps(app_settings)


@pytest.fixture
def app(database_url):
    """The application on this test's own database: a kept one, as it was created (tests/kept_app.py)."""
    app = KEPT_APPS.app_for(database_url)
    app.test_client_class = ApiClient
    # Yielded outside the app context: each request must get its own context (and its own flask.g),
    # as it does in production.
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_organization(app):
    created = iter(range(1, 10_000))

    def make(kind="health", ward=WARD, name=None):
        with app.app_context(), database.connection_context():
            return accounts.create_organization(None, name=name or f"{kind} {next(created)}", kind=kind,
                                                ward_code=ward)

    return make


@pytest.fixture
def make_user(app, make_organization):
    """``make_user(role="ward_officer", ward=OTHER_WARD)``: an active account whose password is PASSWORD."""
    numbers = iter(range(1, 10_000))

    def make(role="collaborator", ward=WARD, organization=None, username=None, **extra):
        needs_ward, needs_organization = ROLE_ATTACHMENTS[role]
        if needs_organization and organization is None:
            organization = make_organization(kind="shelter" if role == "shelter_host" else "health", ward=ward)
        with app.app_context(), database.connection_context():
            user, _ = accounts.create_user(
                None, username=username or f"{role.replace('_', '-')}-{next(numbers)}",
                display_name=f"Test {role}", role=role, password=PASSWORD,
                ward_code=ward if needs_ward else None,
                organization_id=organization.id if organization else None, **extra,
            )
        return user

    return make


@pytest.fixture
def log_in(app):
    """``log_in(user)`` -> a new ApiClient with a live session (and its CSRF token)."""

    def do_log_in(user, password=PASSWORD):
        client = app.test_client()
        response = client.post("/api/v1/auth/login", json={"username": user.username, "password": password})
        assert response.status_code == 200, response.json
        client.csrf = response.json["csrf_token"]
        return client

    return do_log_in


def race(*calls):
    """Run the calls at once, one thread each, released together by a barrier (each call uses its own
    test client: one is never shared between threads); their results, in the order of the calls."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
