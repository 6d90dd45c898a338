"""The range every date and time a person sends must fall in: one validator for every input schema.

A date field without bounds takes 0001-01-01 and 9999-12-31: a typo ("0207" for "2027") then sits in every
report, a campaign repeats for eight thousand years, and a time near either end overflows once converted
to UTC (a 500). Each field names its earliest day and how far ahead of today it may go; "today" is always
Cần Thơ's, from ``server.clock`` (never the machine's own, and frozen in tests), so the bounds move with
the years and no code needs changing in 2031.
"""
from datetime import date, datetime, timedelta

from marshmallow import ValidationError

from server.clock import city_now, city_today

TOO_EARLY = "The date is too far in the past."
IN_THE_FUTURE = "The date cannot be in the future."
TOO_LATE = "The date is too far in the future."

# The city plan runs 2026–2030: nothing it counts or schedules comes before it.
PLAN_START = date(2026, 1, 1)
# A survivor may speak of something that happened in childhood, decades ago; not before 1900.
EARLIEST_INCIDENT = date(1900, 1, 1)
# The national GBV programmes these records and notes report on began long after 2000: earlier is a typo.
EARLIEST_RECORD = date(2000, 1, 1)


def days_ahead(days):
    """The latest date: ``days`` after today. A day of slack lets a phone whose clock runs ahead (or one
    still on yesterday's screen at midnight) send today's date."""
    return lambda: city_today() + timedelta(days=days)


def time_ahead(slack):
    """The latest moment (aware): now plus ``slack``, a phone's clock running ahead of the server's."""
    return lambda: city_now() + slack


def years_ahead(years):
    """The latest date: the last day of the year ``years`` after this one (what can be planned ahead)."""
    return lambda: date(city_today().year + years, 12, 31)


def between(earliest, latest, too_late=IN_THE_FUTURE):
    """A marshmallow validator for a Date or an AwareDateTime: from ``earliest`` (a date) to ``latest()``
    (one of the functions above, asked at each check so that it follows the clock). A moment's earliest
    day is read in its own zone, before anything converts it to UTC, where a year near 1 or 9999 would
    overflow."""

    def validate(value):
        if (value.date() if isinstance(value, datetime) else value) < earliest:
            raise ValidationError(TOO_EARLY)
        if value > latest():
            raise ValidationError(too_late)

    return validate
