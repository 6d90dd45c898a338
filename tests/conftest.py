"""Fixtures in the spirit of Flask's tutorial: ``app``, ``client``, ``make_user``, ``log_in``.

Every test that uses ``app`` runs on SQLite, and again on PostgreSQL when ``BINHAN_TEST_DATABASE_URL`` is
set (CI sets it). Tests never reach the network: a socket guard refuses every address but loopback.
"""
import os
import socket
import threading

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

from server import create_app, migrations
from server.accounts import operations as accounts
from server.accounts.models import ROLE_ATTACHMENTS
from server.db import database
from server.encryption.keyring import new_keyring
from server.wards.loader import load_wards

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


def pytest_collection_modifyitems(items):
    """Browser tests run last. Playwright's sync API keeps an event loop running in the main thread while its
    browser is open (a session fixture), and the push fan-out runs its own loop with asyncio.run, which
    refuses to start inside a running one; they are also the slowest, so the quick feedback comes first."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))


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


def _reset_postgres():
    database.drop_tables([migrations.SchemaVersion, *migrations.current_models()], cascade=True, safe=True)


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


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "postgresql":
        return POSTGRES_URL
    return f"sqlite:///{tmp_path}/test.sqlite3"


@pytest.fixture
def app(database_url):
    app = create_app(app_settings(database_url))
    with app.app_context():
        if database_url.startswith("postgresql"):
            with database.connection_context():
                _reset_postgres()
        migrations.upgrade()
        with database.connection_context():
            load_wards()
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
