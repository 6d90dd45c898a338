"""The one clock: every piece of server code asks here what time it is, and nothing else reads the machine's.

The database keeps naive UTC (SQLite has no zones); people in Cần Thơ think in Asia/Ho_Chi_Minh (UTC+7, no
daylight saving), so "today" — whether a report is late, whether a date is in the future, which campaign day
it is — is always Cần Thơ's today, not the server's. Tests set the time by replacing ``_read_utc``: one
function, so a test that freezes the clock freezes all of it (database defaults, schemas, sessions, the
scheduler, reports, push tokens).
"""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

CITY_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def _read_utc():
    """The machine's clock, zone-aware UTC: the only place the server reads it."""
    return datetime.now(UTC)


def now_utc():
    """Now, in UTC without a zone: every timestamp the database stores."""
    return _read_utc().replace(tzinfo=None)


def unix_time():
    """Now, in seconds since the epoch: for tokens and headers that count that way (VAPID, Retry-After)."""
    return _read_utc().timestamp()


def city_now():
    """Now, zone-aware in Cần Thơ's time: for what runs at an hour people chose (the scheduler)."""
    return _read_utc().astimezone(CITY_TIME)


def city_date(moment_utc):
    """The day in Cần Thơ at a naive UTC moment."""
    return moment_utc.replace(tzinfo=UTC).astimezone(CITY_TIME).date()


def city_today():
    return city_date(now_utc())
