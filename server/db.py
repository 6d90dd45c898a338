"""The database: one peewee proxy, bound by ``init_app`` to SQLite or PostgreSQL, a connection per request.

SQLite is the default for one machine (a ward office, a laptop). It runs in WAL mode so readers never wait
for the writer, with foreign keys on, a busy timeout so two workers queue instead of failing, and every
write transaction opened as ``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes can
deadlock against another one doing the same and fail with "database is locked" at once, whatever the timeout.
"""
import os
from urllib.parse import urlparse

from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.pool import PooledPostgresqlDatabase

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


def open_database(url, instance_path, busy_timeout_ms=5000, postgres_pool_size=0):
    """A peewee database for a URL; an empty URL means a SQLite file in the instance folder."""
    if not url:
        os.makedirs(instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(instance_path, "binhan.sqlite3")
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as SQLAlchemy and peewee write them.
        path = parsed.path[1:] if parsed.path.startswith("/") else parsed.path
        path = path or ":memory:"
        return SqliteDatabase(
            path,
            lock_type="IMMEDIATE",
            timeout=busy_timeout_ms / 1000,
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": busy_timeout_ms,
                # With WAL, NORMAL is safe against corruption and only risks the last commit on power loss.
                "synchronous": "normal",
            },
        )
    if parsed.scheme in ("postgres", "postgresql"):
        connection = {"user": parsed.username, "password": parsed.password, "host": parsed.hostname,
                      "port": parsed.port or 5432}
        if not postgres_pool_size:
            return PostgresqlDatabase(parsed.path.lstrip("/"), **connection)
        # peewee's pool pings a connection (SELECT 1) as it takes it out; after five idle minutes one is
        # closed rather than reused; a request waits up to 10 s for a free one when all are busy.
        return PooledPostgresqlDatabase(parsed.path.lstrip("/"), max_connections=postgres_pool_size,
                                        stale_timeout=300, timeout=10, **connection)
    raise ValueError(f"BINHAN_DATABASE_URL must start with sqlite:// or postgresql://, not {parsed.scheme}://")


def is_sqlite():
    return isinstance(database.obj, SqliteDatabase)


def init_app(app):
    database.initialize(
        open_database(app.config["DATABASE_URL"], app.instance_path, app.config["SQLITE_BUSY_TIMEOUT_MS"],
                      app.config["POSTGRES_POOL_SIZE"])
    )

    # peewee connects on the first query of a request (autoconnect), so the PWA's static files never open
    # a connection; every request that did open one closes it here, error or not.
    @app.teardown_request
    def _close_connection(_exc):
        if not database.is_closed():
            database.close()
