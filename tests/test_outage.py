"""A database that cannot be reached: every endpoint answers 503 ``database_unavailable`` with Retry-After and
the usual envelope (the PWA then waits, as when offline); the scheduler says so in one line and carries on,
``scheduler --once`` stops with one line. A fault of our own queries stays a 500."""
import logging
import sqlite3
import threading
import uuid

import pytest
from peewee import OperationalError
from playhouse.pool import PooledPostgresqlDatabase

from server import create_app
from server.db import database, open_database
from server.outage import RETRY_AFTER_SECONDS, is_database_outage
from server.scheduler import Jobs

from tests.conftest import POSTGRES_URL, app_settings

HELP_REQUEST = {"id": str(uuid.uuid4()), "contact_method": "none", "situation": "Cần giúp đỡ"}


def unreachable_url(backend, tmp_path):
    """Nothing listens on port 1; SQLite cannot create a file in a folder that does not exist."""
    if backend == "postgresql":
        return "postgresql://postgres@127.0.0.1:1/binhan_outage"
    return f"sqlite:///{tmp_path}/no-such-folder/binhan.sqlite3"


@pytest.fixture
def cut_off(app, tmp_path):
    """``cut_off()``: from now on the app's database cannot be reached (the server went away mid-life)."""
    def cut():
        url = unreachable_url(app.config["DATABASE_URL"].split(":", 1)[0], tmp_path)
        database.initialize(open_database(url, None, postgres_pool_size=app.config["POSTGRES_POOL_SIZE"]))

    return cut


def assert_unavailable(response, language="vi"):
    assert response.status_code == 503, response.json
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert set(response.json) == {"error"}
    error = response.json["error"]
    assert error["code"] == "database_unavailable" and error["fields"] == {}
    assert error["message"].startswith("Máy chủ tạm thời" if language == "vi" else "The server cannot reach")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", "/api/v1/wards", None),
    ("get", "/api/v1/shelters", None),
    ("post", "/api/v1/help-requests", HELP_REQUEST),
    ("get", "/api/v1/cases", None),  # not public: the session lookup is what fails first
])
def test_a_new_app_without_its_database_answers_503(backend, method, path, body, tmp_path):
    app = create_app(app_settings(unreachable_url(backend, tmp_path)))
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "a-token-from-before-the-outage")
    assert_unavailable(getattr(client, method)(path, json=body))


def test_signed_in_requests_answer_503_in_the_callers_language(cut_off, make_user, log_in):
    client = log_in(make_user(role="ward_officer"))
    cut_off()
    assert_unavailable(client.get("/api/v1/cases"))
    assert_unavailable(client.post("/api/v1/help-requests", json=HELP_REQUEST))
    assert_unavailable(client.post("/api/v1/auth/logout"), language="vi")
    assert_unavailable(client.get("/api/v1/cases", headers={"Accept-Language": "en"}), language="en")


def test_an_outage_is_one_log_line_per_request_without_a_traceback(cut_off, client, caplog):
    cut_off()
    with caplog.at_level(logging.WARNING):
        assert_unavailable(client.post("/api/v1/help-requests", json=HELP_REQUEST))
    (record,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.exc_info is None
    assert "database unavailable" in record.getMessage() and "/api/v1/help-requests" in record.getMessage()
    assert "Cần giúp đỡ" not in record.getMessage()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_busy_past_its_timeout_is_503(app, client, database_url):
    """Another writer holding SQLite's lock past the busy timeout is a moment to wait, not a bug."""
    path = database_url.removeprefix("sqlite:///")
    database.initialize(open_database(database_url, None, busy_timeout_ms=20))
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert_unavailable(client.post("/api/v1/help-requests", json=HELP_REQUEST))
    finally:
        writer.rollback()
        writer.close()


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL's pool")
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_every_pooled_connection_busy_is_503(app, client, database_url):
    pool = PooledPostgresqlDatabase(None, max_connections=1)  # no wait: a full pool refuses at once
    pool.init(database_url.rsplit("/", 1)[1], user="postgres", host="127.0.0.1",
              port=int(database_url.rsplit(":", 1)[1].split("/")[0]))
    database.initialize(pool)
    held, release = threading.Event(), threading.Event()

    def hold():
        with pool.connection_context():
            held.set()
            release.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        assert_unavailable(client.get("/api/v1/wards"))
    finally:
        release.set()
        holder.join()
        pool.close_all()


def test_a_fault_of_our_own_query_is_not_an_outage(app):
    """SQLite's unknown column and PostgreSQL's cancelled statement are OperationalErrors too, and bugs."""
    with app.app_context(), database.atomic(), pytest.raises(OperationalError) as raised:
        if app.config["DATABASE_URL"].startswith("postgresql"):
            database.execute_sql("SET LOCAL statement_timeout = 1")
            database.execute_sql("SELECT pg_sleep(1)")
        else:
            database.execute_sql("SELECT no_such_column FROM ward")
    assert not is_database_outage(raised.value)


# The scheduler.

def test_the_scheduler_logs_an_outage_once_and_its_end_once(app, cut_off, caplog):
    jobs = Jobs(app)
    cut_off()
    with caplog.at_level(logging.INFO, logger="server.scheduler"):
        for _ in range(3):  # three minutes of an outage: no exception reaches APScheduler
            jobs.send_reminders()
            jobs.plan_work_reminders()
        jobs.run_all_once()
        # The database back, as after a restart of PostgreSQL.
        database.initialize(open_database(app.config["DATABASE_URL"], None))
        jobs.keep_calendar()
        jobs.send_reminders()
    lines = [r.getMessage() for r in caplog.records if r.name == "server.scheduler"]
    assert len(lines) == 2, lines
    assert lines[0].startswith("database unavailable (OperationalError: ")
    assert lines[1].startswith("database available again after ")
    assert all(r.exc_info is None for r in caplog.records)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_scheduler_once_without_its_database_exits_1_with_one_line(backend, tmp_path):
    app = create_app(app_settings(unreachable_url(backend, tmp_path)))
    result = app.test_cli_runner().invoke(args=["scheduler", "--once"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: database unavailable (OperationalError: ")
    assert "Traceback" not in result.output
