"""The demo's public services (server/directory/demo.py, run by ``flask demo``): a few fictional offices for
each demo ward, marked "(minh hoạ)", that residents can read; running the demo again adds none."""
from server.accounts.models import Organization
from server.db import database
from server.directory.models import PublicService

from tests.conftest import OTHER_WARD, WARD
from tests.directory.conftest import SERVICES


def services(app):
    with app.app_context(), database.connection_context():
        return list(PublicService.select().order_by(PublicService.id))


def test_the_demo_adds_a_few_fictional_services_to_each_demo_ward(app, client):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    made = services(app)
    per_ward = {code: [s for s in made if s.ward_id == code] for code in (WARD, OTHER_WARD)}
    assert all(3 <= len(listed) <= 4 for listed in per_ward.values()), {k: len(v) for k, v in per_ward.items()}
    assert len(made) == sum(len(listed) for listed in per_ward.values())
    assert all(service.name.endswith("(minh hoạ)") for service in made)
    assert all(service.phone is None or service.phone.startswith("0900 000") for service in made)
    public = client.get(f"{SERVICES}?ward={WARD}").json["items"]
    assert [item["kind"] for item in public][0] == "ward_committee"
    assert len(public) == len(per_ward[WARD])


def test_a_demo_health_station_is_linked_to_the_demo_organisation(app):
    app.test_cli_runner().invoke(args=["demo"])
    with app.app_context(), database.connection_context():
        station = PublicService.get(PublicService.name == "Trạm Y tế phường Ninh Kiều (minh hoạ)")
        assert station.organization_id == Organization.get(Organization.name == station.name).id


def test_running_the_demo_again_adds_no_service(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    first = [service.id for service in services(app)]
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert [service.id for service in services(app)] == first
