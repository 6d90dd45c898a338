"""Dates in Cần Thơ's time: which day it is there, when a reminder's hour falls, where a yearly date lands.

The database keeps naive UTC (server.clock); people think in Asia/Ho_Chi_Minh (UTC+7, no daylight
saving). The conversions between the two for hours and yearly dates are here.
"""
from datetime import UTC, date, datetime, time, timedelta

from server.clock import CITY_TIME


def city_moment_utc(day, hour):
    """``hour`` o'clock on ``day`` in Cần Thơ, as the naive UTC the database stores."""
    return datetime.combine(day, time(hour), tzinfo=CITY_TIME).astimezone(UTC).replace(tzinfo=None)


def in_year(day, year):
    """The same day and month in ``year``; 29/2 falls on 28/2 in a year without it."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def dates_in_year(starts_on, ends_on, year):
    """A yearly campaign's dates in ``year``: the start moved to that year, the length kept (a range across
    New Year ends in the next one)."""
    start = in_year(starts_on, year)
    return start, start + (ends_on - starts_on)


def end_of_day_utc(day):
    return city_moment_utc(day + timedelta(days=1), 0)
