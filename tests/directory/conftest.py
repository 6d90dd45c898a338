"""Fixtures for the directory tests: the packaged help lines loaded (``hotlines``), a logged-in city admin
(``admin``), and public services made as the admin's form makes them (``make_service``)."""
import pytest

from server.db import database
from server.directory import operations
from server.directory.loader import load_hotlines
from server.directory.models import Hotline, PublicService

from tests.conftest import WARD

HOTLINES = "/api/v1/hotlines"
SERVICES = "/api/v1/services"
STAFF_ROLES = ["collaborator", "ward_officer", "provider", "shelter_host"]
ALL_ROLES = [*STAFF_ROLES, "city_admin"]


def service_body(**overrides):
    """What the city admin's form sends for a new public service."""
    return {"ward_code": WARD, "kind": "health", "name": "Trạm Y tế thử nghiệm", "phone": "0292 3800 001",
            "address": "Số 1 đường Thử nghiệm", "hours": "7:00–17:00", "note_vi": "Khám và sơ cứu.",
            "note_en": "Examination and first aid.", **overrides}


@pytest.fixture
def hotlines(app):
    """The lines of server/directory/data/hotlines.csv and the empty national-dv place, as init-db loads them;
    {key: row}."""
    with app.app_context(), database.connection_context():
        load_hotlines()
        return {line.key: line for line in Hotline.select()}


@pytest.fixture
def hotline(app):
    """``hotline(key)``: the row as the database holds it now."""

    def read(key):
        with app.app_context(), database.connection_context():
            return Hotline.get(Hotline.key == key)

    return read


@pytest.fixture
def admin(log_in, make_user):
    return log_in(make_user(role="city_admin"))


@pytest.fixture
def make_service(app):
    """``make_service(**fields)``: a public service created through the operation the API calls."""
    names = iter(range(1, 10_000))

    def make(**overrides):
        body = service_body(**{"name": f"Dịch vụ thử nghiệm {next(names)}", **overrides})
        body.setdefault("organization_id", None)
        with app.app_context(), database.connection_context():
            return operations.create_service(None, body)

    return make


@pytest.fixture
def service_row(app):
    def read(service_id):
        with app.app_context(), database.connection_context():
            return PublicService.get_by_id(service_id)

    return read
