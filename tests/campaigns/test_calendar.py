"""Dates in Cần Thơ's time (server.campaigns.calendar): where a yearly date lands in another year, when the
send hour falls in UTC, and which day it is in the city. Pure functions: no database, so no backends."""
from datetime import date, datetime

import pytest

from server.campaigns.calendar import city_moment_utc, dates_in_year, end_of_day_utc, in_year
from server.clock import city_date


@pytest.mark.parametrize("year, expected", [
    (2027, date(2027, 2, 28)),  # no 29 February that year: the day before
    (2028, date(2028, 2, 29)),
    (2100, date(2100, 2, 28)),  # divisible by 100, not by 400: not a leap year
])
def test_29_february_falls_on_28_february_in_a_year_without_it(year, expected):
    assert in_year(date(2024, 2, 29), year) == expected


def test_an_ordinary_date_keeps_its_day_and_month():
    assert in_year(date(2026, 11, 25), 2031) == date(2031, 11, 25)


def test_the_action_month_keeps_its_dates_every_year():
    assert dates_in_year(date(2026, 11, 15), date(2026, 12, 15), 2030) == (date(2030, 11, 15), date(2030, 12, 15))


def test_a_range_across_new_year_keeps_its_length_and_ends_the_next_year():
    assert dates_in_year(date(2026, 12, 20), date(2027, 1, 5), 2030) == (date(2030, 12, 20), date(2031, 1, 5))


def test_a_range_from_29_february_keeps_its_length():
    assert dates_in_year(date(2028, 2, 29), date(2028, 3, 2), 2029) == (date(2029, 2, 28), date(2029, 3, 2))


def test_eight_oclock_in_can_tho_is_one_oclock_utc():
    assert city_moment_utc(date(2026, 11, 18), 8) == datetime(2026, 11, 18, 1, 0)


def test_midnight_in_can_tho_is_the_evening_before_in_utc():
    assert city_moment_utc(date(2027, 1, 1), 0) == datetime(2026, 12, 31, 17, 0)


def test_a_day_ends_at_midnight_in_can_tho():
    assert end_of_day_utc(date(2026, 11, 25)) == datetime(2026, 11, 25, 17, 0)


@pytest.mark.parametrize("utc, day", [
    (datetime(2026, 11, 24, 23, 30), date(2026, 11, 25)),  # 06:30 the next morning in Cần Thơ
    (datetime(2026, 11, 24, 16, 59), date(2026, 11, 24)),  # 23:59 in Cần Thơ
    (datetime(2026, 11, 24, 17, 0), date(2026, 11, 25)),  # midnight in Cần Thơ
    (datetime(2026, 12, 31, 17, 0), date(2027, 1, 1)),  # New Year comes seven hours before UTC's
])
def test_the_day_in_can_tho_runs_seven_hours_ahead_of_utc(utc, day):
    assert city_date(utc) == day
