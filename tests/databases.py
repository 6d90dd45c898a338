"""The tests' databases: the schema and the 103 wards are built once per test run (per xdist worker), and
each test starts from a copy of that state instead of building it again.

- SQLite: one template file, copied for each test (a file copy is a few milliseconds; building the schema
  with its triggers and loading the wards is a few hundred).
- PostgreSQL: one database per xdist worker (``test``, then ``test_gw0``, ``test_gw1``... created on first
  use), its schema built once; before each test every table but the wards' is emptied in one
  ``TRUNCATE ... RESTART IDENTITY CASCADE``. The audit trail's append-only trigger is a row trigger on UPDATE
  and DELETE, which TRUNCATE does not fire: the guard is untouched, and tested.

A test that changes the schema itself (the migration tests) is marked ``rewrites_template``: on PostgreSQL the
schema is built again before the next test.
"""
import shutil
import sqlite3
from contextlib import contextmanager
from urllib.parse import urlparse, urlunparse

import psycopg2

from server import migrations
from server.db import database, open_database
from server.wards.loader import load_wards
from server.wards.models import Ward


def build_schema():
    """The state every test starts from, in the database ``server.db.database`` is bound to."""
    migrations.upgrade()
    with database.connection_context():
        load_wards()


def build_sqlite_template(path):
    database.initialize(open_database(f"sqlite:///{path}", None))
    build_schema()
    # Everything into the main file and the -wal file emptied: a copy of the main file alone is complete.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def copy_sqlite(template, path):
    shutil.copyfile(template, path)


@contextmanager
def held_open(path):
    """A connection kept open to the test's SQLite file while the test runs.

    The application opens and closes a connection per request, and SQLite checkpoints the WAL into the
    main file (with an fsync) whenever the last connection closes: a millisecond or two on every request.
    With this one open, the requests' connections are never the last. Tests read and write exactly as
    before; the checkpoint happens once, at the end.
    """
    connection = sqlite3.connect(path)
    try:
        yield
    finally:
        connection.close()


def worker_postgres_url(url, worker):
    """The URL of this process's own database beside ``url``'s (``test_gw0`` for xdist's worker gw0,
    ``test_main`` without xdist), created if missing. Its commits do not wait for the disk
    (synchronous_commit off): the tests' data need not survive a power cut, and waiting for fsync was a
    large part of the PostgreSQL run's time."""
    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/')}_{worker or 'main'}"
    connection = psycopg2.connect(url)
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
        cursor.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    connection.close()
    return urlunparse(parsed._replace(path=f"/{name}"))


def rebuild_postgres(url):
    """Drop every table and build the schema again: once per run, and after a test that rewrote it."""
    database.initialize(open_database(url, None))
    with database.connection_context():
        database.drop_tables([migrations.SchemaVersion, *migrations.current_models()], cascade=True, safe=True)
    build_schema()


class PostgresTemplate:
    """This worker's PostgreSQL database and a connection of the tests' own to empty it between tests: one
    round trip per test, not a connection each time."""

    def __init__(self, url):
        self.url = url
        rebuild_postgres(url)
        self._connection = psycopg2.connect(url)
        self._connection.autocommit = True
        kept = {Ward._meta.table_name, migrations.SchemaVersion._meta.table_name}
        emptied = [m._meta.table_name for m in migrations.current_models() if m._meta.table_name not in kept]
        # DELETE, not TRUNCATE: on tables this small TRUNCATE's new files cost a hundred times more. The
        # replica role turns triggers off for this connection alone, so the order of the tables does not
        # matter to their foreign keys, and the audit trail's append-only guard lets these deletes through.
        # Each used sequence then starts from 1 again, as on a new database.
        self._empty = "".join(f'DELETE FROM "{table}";' for table in emptied)
        self._empty = f"""
            SET session_replication_role = replica; {self._empty} SET session_replication_role = DEFAULT;
            SELECT setval(format('%%I.%%I', schemaname, sequencename), 1, false) FROM pg_sequences
             WHERE last_value IS NOT NULL AND sequencename NOT LIKE ANY (%s)"""
        self._kept_sequences = [f"{table}\\_%" for table in kept]

    def empty(self):
        """Every table but the wards' and the schema's version emptied, every id counting from 1 again."""
        with self._connection.cursor() as cursor:
            cursor.execute(self._empty, (self._kept_sequences,))

    def rebuild(self):
        rebuild_postgres(self.url)

    def close(self):
        self._connection.close()
