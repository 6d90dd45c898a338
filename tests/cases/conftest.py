"""Factories for the cases tests: a valid create body (``case_body``) and a case made through the API
(``make_case``). Every case is made the way a phone makes one: its id chosen by the client."""
import copy
import uuid

import pytest

from server.cases.models import Case
from server.db import database

CANARY = {
    "name": "Canary Thị Hoa",
    "phone": "0909 111 222",
    "address": "Hẻm 7 Canary, Ninh Kiều",
    "narrative": "Canary narrative: what she told us",
    "safety_plan": "Canary safety plan: go to the aunt",
}

VALID_CASE = {
    "intake_channel": "field_visit",
    "survivor": {"name": CANARY["name"], "phone": CANARY["phone"], "address": CANARY["address"],
                 "age_group": "25-59", "sex": "female", "disability": False, "ethnic_minority": True,
                 "migrant_worker": False},
    "incident": {"gbv_type": "physical_assault", "contexts": ["domestic", "intimate_partner"],
                 "incident_date": "2026-03-01", "report_date": "2026-03-04",
                 "perpetrator_relationship": "intimate_partner"},
    "narrative": CANARY["narrative"],
    "consent": {"share_with_services": True, "statistics": True},
    "risk": {"answers": {"violence_increasing": True}, "safety_plan": CANARY["safety_plan"]},
}


MISSING = "<missing>"  # as an override: leave the key out


def _merged(base, overrides, depth=1):
    merged = dict(base)
    for key, value in overrides.items():
        if value == MISSING:
            merged.pop(key, None)
        elif depth and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value, depth - 1)
        else:
            merged[key] = value
    return merged


def build_case_body(**overrides):
    """A valid create body with a fresh id. A section given as a dict is merged into the default one
    (``survivor={"age_group": "0-11"}``), MISSING leaves a key out, anything else replaces the key."""
    return _merged({"id": str(uuid.uuid4()), **copy.deepcopy(VALID_CASE)}, overrides)


@pytest.fixture
def case_body():
    return build_case_body


@pytest.fixture
def make_case(log_in):
    """``make_case(author, **overrides)`` -> the created case's JSON, made through the API as ``author``."""

    def make(author, **overrides):
        response = log_in(author).post("/api/v1/cases", json=build_case_body(**overrides))
        assert response.status_code == 201, response.json
        return response.json

    return make


@pytest.fixture
def count():
    """``count(Model)``: how many rows the table holds now."""

    def rows(model):
        with database.connection_context():
            return model.select().count()

    return rows


@pytest.fixture
def stored_case(app):
    """``stored_case(case_id)``: the Case row as the database holds it now (decrypted)."""

    def load(case_id):
        with app.app_context(), database.connection_context():
            return Case.get_by_id(uuid.UUID(str(case_id)))

    return load
