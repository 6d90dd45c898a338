"""Factories for the shelters tests: a shelter run by an organisation of kind shelter (``make_shelter``),
one of its hosts (``host_of``), and a way to set what a host's phone would have reported (``set_count``).

Shelters are made through ``operations.create_shelter``, as the city admin's form makes them; the
confidential details are canaries, so that a test can look for them where they must never be."""

import pytest

from server.accounts.models import Organization
from server.clock import now_utc
from server.db import database
from server.shelters import operations
from server.shelters.models import Shelter

from tests.cases.conftest import make_case  # noqa: F401 (the cases tests' fixture, shared here)
from tests.conftest import WARD

SECRET_ADDRESS = "Số 77 hẻm Canary, phường Ninh Kiều"
SECRET_PHONE = "0911 222 333"


def shelter_body(**overrides):
    """What the city admin's form sends for a new shelter (minus organization_id)."""
    return {
        "name": "Nơi tạm lánh thử nghiệm", "ward_code": WARD, "kind": "community", "standardised": False,
        "capacity": 8, "accepts": ["women", "women_with_children"], "accessibility": ["step_free"],
        "languages": ["vi", "km"], "public_line": "111", "address": SECRET_ADDRESS, "host_phone": SECRET_PHONE,
        "active": True, **overrides,
    }


@pytest.fixture
def make_shelter(app, make_organization):
    """``make_shelter(free_beds=None, **fields)``: a shelter, run by a new organisation of kind shelter unless
    ``organization_id`` is given; ``free_beds`` set as if its host had just reported it."""
    names = iter(range(1, 10_000))

    def make(free_beds=None, **overrides):
        body = shelter_body(name=f"Nơi tạm lánh thử nghiệm {next(names)}", **overrides)
        if "organization_id" not in body:
            body["organization_id"] = make_organization(kind="shelter", ward=body["ward_code"]).id
        with app.app_context(), database.connection_context():
            shelter = operations.create_shelter(None, body)
        if free_beds is not None:
            set_count(app, shelter.id, free_beds)
        return stored_shelter(app, shelter.id)

    return make


def set_count(app, shelter_id, free_beds, observed_at=None):
    """Write a count straight to the row, as a host's report observed at ``observed_at`` (now) would."""
    with app.app_context(), database.connection_context():
        # updated_at too, as every change of the application does (server/shelters/public_list.py relies on it).
        Shelter.update(free_beds=free_beds, observed_at=observed_at or now_utc(), updated_at=now_utc()).where(
            Shelter.id == shelter_id).execute()


def stored_shelter(app, shelter_id):
    """The Shelter row as the database holds it now (confidential fields decrypted)."""
    with app.app_context(), database.connection_context():
        return Shelter.get_by_id(shelter_id)


@pytest.fixture
def shelter_row(app):
    return lambda shelter_id: stored_shelter(app, shelter_id)


@pytest.fixture
def host_of(app, make_user):
    """``host_of(shelter)``: a new shelter_host account of the organisation that runs ``shelter``."""

    def make(shelter):
        with app.app_context(), database.connection_context():
            organization = Organization.get_by_id(shelter.organization_id)
        return make_user(role="shelter_host", organization=organization)

    return make
