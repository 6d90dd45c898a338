"""The tests' clock: every test runs on a date it chose, never on the machine's.

The autouse ``clock`` fixture (tests/conftest.py) puts ``TEST_CLOCK`` in place of ``server.clock._read_utc``,
the one function through which the server reads the time, and starts it at ``TEST_NOW`` for each test. The
clock runs at the machine's pace from there, so a session that has been idle a second is still a second
idle and "a moment ago" stays in the past; a test moves it with ``clock.set(moment)``, ``clock.advance(delta)``
or ``with at(moment):``. Years come from ``TEST_YEAR``, never from a constant that ages.
"""
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

# 09:00 on Tuesday 15/06/2027 in Cần Thơ (02:00 UTC): mid-year, so the year's report is not yet due and
# the year before is over; no campaign date or New Year is near.
TEST_NOW = datetime(2027, 6, 15, 2, 0)
TEST_TODAY = date(2027, 6, 15)
TEST_YEAR = TEST_TODAY.year


class SettableClock:
    """A clock at a chosen moment that keeps running at the pace of the machine's monotonic clock: it never
    reads the machine's date, so faketime or a real date changes nothing it says."""

    def __init__(self, start=TEST_NOW):
        self.set(start)

    def set(self, moment_utc):
        """Jump to ``moment_utc`` (naive UTC, as the database stores it, or zone-aware)."""
        if moment_utc.tzinfo is None:
            moment_utc = moment_utc.replace(tzinfo=UTC)
        self._base, self._since = moment_utc, time.monotonic()

    def advance(self, delta):
        self._base += delta

    def read(self):
        """Now, zone-aware UTC: what ``server.clock._read_utc`` returns while a test runs."""
        return self._base + timedelta(seconds=time.monotonic() - self._since)

    def now_utc(self):
        return self.read().replace(tzinfo=None)

    @contextmanager
    def at(self, moment_utc):
        """The clock at ``moment_utc`` for a block, then back where it would have been without it."""
        base, since = self._base, self._since
        self.set(moment_utc)
        try:
            yield self
        finally:
            self._base, self._since = base, since


TEST_CLOCK = SettableClock()


def at(moment_utc):
    """``with at(moment):`` runs a block at that moment (naive UTC)."""
    return TEST_CLOCK.at(moment_utc)
