"""What counts as the database being unreachable, and how the web and the scheduler say so.

A request that cannot reach the database is not a bug of ours: the client gets 503 ``database_unavailable``
with ``Retry-After``, which the PWA treats like being offline (its outbox keeps what it has not sent), and the
log gets one line, not a traceback per request. Everything else peewee raises stays a 500: a missing table
or a deadlock is a fault someone must look at, and the traceback is how they find it.
"""
import threading

import psycopg2
from peewee import InterfaceError, OperationalError, PeeweeException
from playhouse.pool import MaxConnectionsExceeded

from server.clock import now_utc

# Long enough that a phone does not hammer a database coming back up, short enough that a restart of
# PostgreSQL (seconds) or a writer holding SQLite's lock is over by then.
RETRY_AFTER_SECONDS = 30

# SQLite's messages for a file it cannot use now. "database is locked" (and "database table is locked") is
# SQLITE_BUSY after the busy timeout: another writer held the lock for seconds. The request wrote nothing
# (its transaction rolled back) and the same request a little later succeeds, which is exactly what 503 with
# Retry-After tells a client; a 500 would call a busy moment a bug, and the PWA would show it as one.
# Schema and syntax errors ("no such table") share the exception class and stay 500.
_SQLITE_OUTAGES = ("unable to open database file", "is locked", "disk i/o error")

# PostgreSQL's SQLSTATEs for a server that is going away or not taking connections (class 08: connection
# exception; 57P01-03: shut down, crashed, starting up; 53300: too many connections). A failure to connect
# at all (refused, unknown host, the server gone mid-query) carries no SQLSTATE. Deadlocks (40P01) and
# serialization failures (40001) are also OperationalError but are a fault of our transactions: 500.
_POSTGRES_OUTAGE_CODES = ("57P01", "57P02", "57P03", "53300")


def _driver_error(error):
    """The DB-API exception under peewee's (``orig``): peewee wraps its own again when a query opens the
    connection (connect inside execute), so there may be two layers."""
    while isinstance(error, PeeweeException) and getattr(error, "orig", None) is not None:
        error = error.orig
    return error


def is_database_outage(error):
    """Whether ``error`` says the database cannot be reached now (rather than that a query of ours is wrong)."""
    if isinstance(error, MaxConnectionsExceeded):
        return True  # every pooled connection busy for the pool's whole wait
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    driver = _driver_error(error)
    if isinstance(driver, psycopg2.InterfaceError):
        return True  # "connection already closed": the server dropped it
    if isinstance(driver, psycopg2.OperationalError):
        code = driver.pgcode
        return code is None or code.startswith("08") or code in _POSTGRES_OUTAGE_CODES
    if isinstance(error, OperationalError):
        message = str(error).lower()
        return any(part in message for part in _SQLITE_OUTAGES)
    return False  # peewee's own InterfaceError ("database must be initialized"): a bug


def describe(error):
    """One line for the log: the exception's class and the first line of the driver's message. These
    messages name a host, a port or a file, never a row of data: a connection failure has no query values."""
    first_line = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line[:200]}"


class OutageLog:
    """For the scheduler, whose jobs run every minute: one line when an outage begins and one when it ends,
    not one per failed run. Shared by the jobs, which APScheduler runs in several threads."""

    def __init__(self, log):
        self._log = log
        self._lock = threading.Lock()
        self._down_since = None

    def failed(self, error):
        with self._lock:
            if self._down_since is None:
                self._down_since = now_utc()
                self._log.warning("database unavailable (%s); jobs will run again when it answers",
                                  describe(error))

    def succeeded(self):
        with self._lock:
            if self._down_since is not None:
                minutes = (now_utc() - self._down_since).total_seconds() / 60
                self._down_since = None
                self._log.warning("database available again after %.0f min", minutes)
