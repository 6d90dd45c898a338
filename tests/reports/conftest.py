"""Factories for the figures tests: cases and referrals written straight to the database (hundreds per
test, with known answers), and a logged-in ward officer and city admin for each ward.

The cases carry canary texts: a test looks for them in every answer a city admin gets, where they must
never be."""
import uuid
from datetime import date

import pytest

from server.cases.models import Case, Referral
from server.db import database

from tests.clock import TEST_YEAR
from tests.conftest import OTHER_WARD, WARD
from tests.push.conftest import push_service, subscribe_browser  # noqa: F401 (the report-due reminder)
from tests.shelters.conftest import make_shelter  # noqa: F401 (shelters count toward target (a))

YEAR = TEST_YEAR  # the reporting year under way on the test clock: its report is not yet late
CANARY_NAME = "Canary Thị Lan"
CANARY_NARRATIVE = "Canary narrative: what happened at the market"


@pytest.fixture
def staff(make_user):
    """The people of the figures tests: {"officer", "other_officer", "admin", "collaborator"}."""
    return {
        "officer": make_user("ward_officer", ward=WARD),
        "other_officer": make_user("ward_officer", ward=OTHER_WARD),
        "admin": make_user("city_admin"),
        "collaborator": make_user("collaborator", ward=WARD),
    }


@pytest.fixture
def add_cases(app, staff):
    """``add_cases(n, ward=WARD, served=0, **columns)``: n counted cases (consent, reported in YEAR),
    ``served`` of them with a referral done successfully. Returns their ids."""
    organization_ids = {}

    def add(n, ward=WARD, served=0, referral_status=None, outcome=None, **columns):
        from server.accounts.models import Organization

        values = {"intake_channel": "field_visit", "age_group": "25-59", "sex": "female",
                  "gbv_type": "physical_assault", "report_date": date(YEAR, 3, 4),
                  "incident_date": date(YEAR, 3, 1), "perpetrator_relationship": "intimate_partner",
                  "consent_for_statistics": True, "consent_to_share": True, "reported_elsewhere": "no",
                  "survivor_name": CANARY_NAME, "narrative": CANARY_NARRATIVE} | columns
        ids = []
        with app.app_context(), database.connection_context(), database.atomic():
            if "org" not in organization_ids:
                organization_ids["org"] = Organization.create(name="Trạm y tế thử", kind="health").id
            for index in range(n):
                case = Case.create(id=uuid.uuid4(), ward=ward, created_by=staff["collaborator"].id, **values)
                ids.append(case.id)
                status = "done" if index < served else referral_status
                if status:
                    Referral.create(id=uuid.uuid4(), case=case, organization=organization_ids["org"],
                                    service_type="health", status=status, created_by=staff["collaborator"].id,
                                    outcome="success" if index < served else outcome)
        return ids

    return add


@pytest.fixture
def clients(log_in, staff):
    return {name: log_in(user) for name, user in staff.items()}
