"""Every date and time a person sends has a range (server/dates.py): no field takes 0001-01-01 or 9999-12-31."""
import importlib
import inspect
import pkgutil
from datetime import date, datetime, timedelta

import pytest
from marshmallow import Schema, ValidationError, fields

import server
from server.dates import IN_THE_FUTURE, TOO_EARLY, TOO_LATE, between, days_ahead, time_ahead, years_ahead

from tests.clock import TEST_NOW, TEST_TODAY


def _input_schemas():
    """Every schema of ours that reads what a client sends (named ...In or ...Query by convention)."""
    found = {}
    for module_info in pkgutil.walk_packages(server.__path__, "server."):
        if not module_info.name.endswith("schemas"):
            continue
        for name, value in inspect.getmembers(importlib.import_module(module_info.name), inspect.isclass):
            if issubclass(value, Schema) and name.endswith(("In", "Query")):
                found[f"{value.__module__}.{name}"] = value
    return found


INPUTS = _input_schemas()


def test_the_walk_finds_the_input_schemas():
    assert {"server.campaigns.schemas.CampaignIn", "server.cases.schemas.IncidentIn",
            "server.shelters.schemas.AvailabilityIn"} <= set(INPUTS)


@pytest.mark.parametrize("schema", INPUTS.values(), ids=INPUTS)
def test_every_date_a_client_sends_has_a_range(schema):
    for name, field in schema().fields.items():
        if isinstance(field, (fields.Date, fields.DateTime)):
            assert field.validators, f"{schema.__name__}.{name} takes any date"


def _refusal(validate, value):
    try:
        validate(value)
    except ValidationError as error:
        return error.messages[0]
    return None


def test_a_range_of_dates_follows_the_clock(clock):
    validate = between(date(2026, 1, 1), years_ahead(5), too_late=TOO_LATE)
    assert _refusal(validate, date(2025, 12, 31)) == TOO_EARLY
    assert _refusal(validate, date(2026, 1, 1)) is None
    assert _refusal(validate, date(TEST_TODAY.year + 5, 12, 31)) is None
    assert _refusal(validate, date(TEST_TODAY.year + 6, 1, 1)) == TOO_LATE
    clock.advance(timedelta(days=366))
    assert _refusal(validate, date(TEST_TODAY.year + 6, 1, 1)) is None


def test_a_day_of_slack_for_a_phone_ahead(clock):
    validate = between(date(2000, 1, 1), days_ahead(1))
    assert _refusal(validate, TEST_TODAY + timedelta(days=1)) is None
    assert _refusal(validate, TEST_TODAY + timedelta(days=2)) == IN_THE_FUTURE


def test_moments_at_either_end_of_time_are_refused_without_overflow():
    validate = between(date(2000, 1, 1), time_ahead(timedelta(minutes=5)))
    assert _refusal(validate, datetime.fromisoformat("0001-01-01T00:00:00-07:00")) == TOO_EARLY
    assert _refusal(validate, datetime.fromisoformat("9999-12-31T23:59:59+14:00")) == IN_THE_FUTURE
    now = TEST_NOW.isoformat() + "+00:00"
    assert _refusal(validate, datetime.fromisoformat(now)) is None
