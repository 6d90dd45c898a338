"""The database layer: SQLite's settings, write transactions, and ordered, idempotent migrations."""
import sqlite3

import psycopg2
import pytest

from server import create_app, migrations
from server.db import database, is_sqlite, open_database
from server.migrations import SchemaVersion, Step
from server.wards.models import Ward

from tests.conftest import app_settings


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path):
    db = open_database(f"sqlite:///{tmp_path}/pragmas.db", str(tmp_path), busy_timeout_ms=4321)
    with db.connection_context():
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 4321


def test_the_default_database_is_a_file_in_the_instance_folder(tmp_path):
    db = open_database("", str(tmp_path / "instance"))
    assert db.database == str(tmp_path / "instance" / "binhan.sqlite3")


def test_an_unknown_database_scheme_is_refused(tmp_path):
    with pytest.raises(ValueError, match="sqlite:// or postgresql://"):
        open_database("mysql://root@localhost/test", str(tmp_path))


def test_sqlite_write_transactions_take_the_write_lock_at_begin(tmp_path):
    """BEGIN IMMEDIATE: a second writer waits (then fails) at BEGIN, before it has read anything stale."""
    path = tmp_path / "lock.db"
    db = open_database(f"sqlite:///{path}", str(tmp_path), busy_timeout_ms=50)
    with db.connection_context():
        db.execute_sql("CREATE TABLE t (x INTEGER)")
        with db.atomic():
            other = sqlite3.connect(path, timeout=0.05)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()


def test_upgrade_twice_changes_nothing(app):
    with app.app_context():
        assert migrations.upgrade() == []
        with database.connection_context():
            assert SchemaVersion.select().count() == 1  # a new database is stamped once, at the latest
            assert Ward.select().count() == 103


LATEST = migrations.STEPS[-1].version


@pytest.mark.rewrites_template
def test_steps_apply_once_in_order_each_recorded(app):
    applied = []
    steps = [
        *migrations.STEPS,
        Step(LATEST + 1, "next", lambda db: applied.append("next")),
        Step(LATEST + 2, "after", lambda db: applied.append("after")),
    ]
    with app.app_context():
        assert migrations.upgrade(steps) == [f"applied {LATEST + 1}: next", f"applied {LATEST + 2}: after"]
        assert migrations.upgrade(steps) == []
        with database.connection_context():
            versions = [v.version for v in SchemaVersion.select().order_by(SchemaVersion.version)]
    assert versions == [LATEST, LATEST + 1, LATEST + 2]
    assert applied == ["next", "after"]


@pytest.mark.rewrites_template
def test_a_database_of_version_1_gains_every_later_table(app):
    from server.cases.models import Case, FollowUp, Referral
    from server.sync.models import AppliedOperation

    with app.app_context():
        with database.connection_context():
            from server.campaigns.models import Campaign, CampaignOccurrence
            from server.push.models import Delivery, Reminder, Subscription
            from server.ratelimit.models import RateLimitHit
            from server.shelters.models import AvailabilityObservation, BedRequest, Shelter

            from server.directory.models import Hotline, PublicService
            from server.help.models import HelpRequest
            from server.reports.models import (
                AnnualReport, CommunicationActivity, CoordinationMechanism, Institution, ReportDraft,
                TrainingAttendance, TrainingSession,
            )

            later = [AnnualReport, ReportDraft, CommunicationActivity, TrainingAttendance, TrainingSession,
                     Institution, CoordinationMechanism, HelpRequest, PublicService, Hotline, RateLimitHit, Delivery,
                     Reminder, Subscription, CampaignOccurrence, Campaign]
            database.drop_tables([*later, BedRequest, AvailabilityObservation, Shelter, AppliedOperation, Referral,
                                  FollowUp, Case])
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=1, name="initial")
        assert migrations.upgrade() == ["applied 2: cases, follow-ups, referrals, applied outbox operations",
                                        "applied 3: the audit trail refuses updates and deletes",
                                        "applied 4: shelters, availability observations, bed requests",
                                        "applied 5: campaigns, push subscriptions, reminders, the delivery "
                                        "ledger, rate limits",
                                        "applied 6: help lines, public services, residents' help requests",
                                        "applied 7: plan indicators and annual reports; cases say whether "
                                        "another organisation reported them"]
        with database.connection_context():
            assert all(database.table_exists(m._meta.table_name) for m in (Case, FollowUp, Referral, *later))


@pytest.mark.rewrites_template
def test_a_version_6_database_gains_the_reported_elsewhere_column(app):
    from server.cases.models import Case

    with app.app_context():
        with database.connection_context():
            from server.reports.models import (
                AnnualReport, CommunicationActivity, CoordinationMechanism, Institution, ReportDraft,
                TrainingAttendance, TrainingSession,
            )

            database.drop_tables([AnnualReport, ReportDraft, CommunicationActivity, TrainingAttendance,
                                  TrainingSession, Institution, CoordinationMechanism])
            from playhouse.migrate import SchemaMigrator, migrate
            migrate(SchemaMigrator.from_database(database).drop_column(Case._meta.table_name, "reported_elsewhere"))
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=6, name="help lines")
        assert migrations.upgrade() == ["applied 7: plan indicators and annual reports; cases say whether "
                                        "another organisation reported them"]
        with database.connection_context():
            columns = {c.name for c in database.get_columns(Case._meta.table_name)}
            assert "reported_elsewhere" in columns
            assert database.table_exists(AnnualReport._meta.table_name)


def test_a_failing_step_leaves_the_version_where_it_was(app):
    def broken(db):
        db.execute_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("step failed")

    steps = [*migrations.STEPS, Step(LATEST + 1, "broken", broken)]
    with app.app_context():
        with pytest.raises(RuntimeError):
            migrations.upgrade(steps)
        with database.connection_context():
            assert migrations.current_version() == LATEST
            assert not database.table_exists("half_done")  # DDL rolled back with the step


def test_a_request_opens_a_connection_and_closes_it_at_the_end(database_url):
    # An app of its own: a hook can only be added before an app's first request, and ``app`` is a kept one.
    app = create_app(app_settings(database_url))
    client = app.test_client()
    seen = {}

    @app.after_request
    def _note(response):
        seen["open_during_request"] = not database.is_closed()
        return response

    client.get("/api/v1/wards")
    # The test client runs the request in this thread, so this is the request's own connection.
    assert seen == {"open_during_request": True}
    assert database.is_closed()
    assert is_sqlite() == app.config["DATABASE_URL"].startswith("sqlite")


def test_the_audit_trail_cannot_be_rewritten_even_by_the_application(app, log_in, make_user):
    from peewee import DatabaseError

    from server.audit.models import AuditEvent

    log_in(make_user())  # a login leaves an audit event
    with database.connection_context():
        assert AuditEvent.select().count() >= 1
        with pytest.raises(DatabaseError, match="append-only"):
            with database.atomic():
                AuditEvent.update(action="nothing.happened").execute()
        with pytest.raises(DatabaseError, match="append-only"):
            with database.atomic():
                AuditEvent.delete().execute()
        assert AuditEvent.select().where(AuditEvent.action == "auth.login").count() == 1


def test_a_pooled_connection_the_server_dropped_is_replaced_not_used(app, client):
    """After a PostgreSQL restart (or an idle timeout on its side) the pool's connections are dead; the next
    request must get a live one, not an error."""
    if is_sqlite():
        pytest.skip("SQLite opens its file on each request; only PostgreSQL connections are pooled")
    assert client.get("/api/v1/wards/31135").status_code == 200
    with app.app_context():
        pooled = database.connection()  # the connection the request just gave back to the pool
        pid = pooled.get_backend_pid()
        database.close()
    with psycopg2.connect(app.config["DATABASE_URL"]) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
    other.close()
    answer = client.get("/api/v1/wards/31135")
    assert answer.status_code == 200 and answer.json["code"] == "31135"
