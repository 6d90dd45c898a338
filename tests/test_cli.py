"""The flask commands an operator runs: init-db, db upgrade, demo, users create.

Each is safe to run twice, refuses what would be unsafe in production, and answers a mistake with a message
and a non-zero exit, never a traceback.
"""
import re

import pytest

from server import create_app, migrations
from server.accounts.models import Organization, User
from server.cases.models import Case
from server.config import UnsafeConfigurationError
from server.db import database
from server.shelters.models import Shelter
from server.wards.models import Ward

from tests.conftest import app_settings

ROLES = ("collaborator", "ward_officer", "provider", "shelter_host", "city_admin")
DEMO_USERNAMES = {f"demo-{role}" for role in ROLES} | {f"demo-{role}-2" for role in ROLES}
TEMPORARY_PASSWORD = re.compile(r"temporary password: (\S+)")


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=list(args))

    return run


def count(model):
    with database.connection_context():
        return model.select().count()


def printed_usernames(output):
    return {line.split()[0] for line in output.splitlines() if line.startswith("  ")}


def logs_in(app, username, password):
    response = app.test_client().post("/api/v1/auth/login", json={"username": username, "password": password})
    return response.status_code == 200


def assert_refused_cleanly(result):
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


# The schema and the wards.

@pytest.mark.rewrites_template
def test_init_db_creates_the_schema_and_loads_the_wards_and_can_run_again(app, run):
    with database.connection_context():
        database.drop_tables([migrations.SchemaVersion, *migrations.current_models()])
    first = run("init-db")
    assert first.exit_code == 0, first.output
    assert "created schema version" in first.output
    assert "103 wards loaded" in first.output
    second = run("init-db")
    assert second.exit_code == 0, second.output
    assert "schema is up to date" in second.output
    assert count(Ward) == 103


def test_init_db_on_an_existing_database_keeps_its_accounts(run, make_user):
    user = make_user(role="city_admin")
    result = run("init-db")
    assert result.exit_code == 0, result.output
    assert count(Ward) == 103
    with database.connection_context():
        assert User.get_or_none(User.username == user.username) is not None


def test_db_upgrade_says_when_there_is_nothing_to_do(run):
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "schema is up to date"


# Demo data.

def test_demo_prints_the_ten_accounts_and_their_password(app, run):
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert printed_usernames(result.output) == DEMO_USERNAMES
    assert app.config["DEMO_PASSWORD"] in result.output
    assert "(minh hoạ)" in result.output


def test_running_demo_twice_creates_nothing_new(run):
    first = run("demo")
    users, organizations, cases = count(User), count(Organization), count(Case)
    assert (users, organizations, cases, count(Shelter)) == (10, 8, 2, 3)  # + the demo city shelter's operator
    second = run("demo")
    assert second.exit_code == 0, second.output
    assert (count(User), count(Organization), count(Case), count(Shelter)) == (users, organizations, cases, 3)
    assert printed_usernames(second.output) == printed_usernames(first.output)


def test_demo_accounts_log_in_through_the_api(app, run):
    run("demo")
    for username in sorted(DEMO_USERNAMES):
        assert logs_in(app, username, app.config["DEMO_PASSWORD"]), username


def test_demo_accounts_follow_a_changed_demo_password(app, run):
    run("demo")
    app.config["DEMO_PASSWORD"] = "another-demo-password"
    result = run("demo")
    assert "another-demo-password" in result.output
    assert logs_in(app, "demo-ward_officer", "another-demo-password")
    assert not logs_in(app, "demo-ward_officer", "binhan-demo-2026")


def test_demo_accounts_are_attached_as_their_roles_need(run):
    run("demo")
    with database.connection_context():
        accounts = {user.username: user for user in User.select()}
        assert accounts["demo-collaborator"].ward_id == "31135"
        assert accounts["demo-ward_officer-2"].ward_id == "31150"
        assert accounts["demo-shelter_host"].organization.kind == "shelter"
        assert accounts["demo-provider-2"].organization.kind != "shelter"
        assert accounts["demo-city_admin"].ward_id is None and accounts["demo-city_admin"].organization_id is None
        assert all(user.is_demo for user in accounts.values())


def production_settings(database_url):
    return {**app_settings(database_url), "ENV": "production", "SECRET_KEY": "x" * 40,
            "VAPID_CONTACT": "mailto:so-noi-vu@example.org"}


def test_demo_is_refused_in_production(app, database_url):
    production = create_app(production_settings(database_url))
    result = production.test_cli_runner().invoke(args=["demo"])
    assert_refused_cleanly(result)
    assert "production" in result.output
    assert count(User) == 0


def test_production_refuses_to_start_while_demo_accounts_exist(app, run, database_url):
    run("demo")
    with pytest.raises(UnsafeConfigurationError, match="demo accounts"):
        create_app(production_settings(database_url))


# Accounts from the command line (the first city admin).

def test_users_create_prints_a_temporary_password_that_logs_in(app, run):
    result = run("users", "create", "--username", "so-noi-vu", "--display-name", "Sở Nội vụ",
                 "--role", "city_admin")
    assert result.exit_code == 0, result.output
    temporary = TEMPORARY_PASSWORD.search(result.output).group(1)
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"username": "so-noi-vu", "password": temporary})
    assert response.status_code == 200
    assert response.json["user"]["role"] == "city_admin"
    assert response.json["user"]["must_change_password"] is True


def test_users_create_attaches_a_ward(run):
    result = run("users", "create", "--username", "can-bo-ninh-kieu", "--display-name", "Cán bộ",
                 "--role", "ward_officer", "--ward", "31135")
    assert result.exit_code == 0, result.output
    with database.connection_context():
        assert User.get(User.username == "can-bo-ninh-kieu").ward_id == "31135"


@pytest.mark.parametrize("options, message", [
    (["--role", "boss"], "Invalid value for '--role'"),
    (["--role", "collaborator", "--ward", "99999"], "No ward has this code."),
    (["--role", "collaborator", "--ward", "abc"], "Length must be 5."),
    (["--role", "collaborator"], "This role needs a ward."),
    (["--role", "city_admin", "--ward", "31135"], "This role has no ward."),
    (["--role", "provider"], "This role needs an organisation."),
    (["--role", "provider", "--organization-id", "999"], "No organisation has this id."),
    (["--role", "provider", "--organization-id", "one"], "Invalid value for '--organization-id'"),
    (["--role", "city_admin", "--username", "Admin Chính"], "Use lowercase letters"),
    (["--role", "city_admin", "--username", "taken-name"], "username_taken"),
])
def test_users_create_explains_a_mistake_without_a_traceback(run, make_user, options, message):
    make_user(role="city_admin", username="taken-name")
    users_before = count(User)
    if "--username" not in options:
        options = [*options, "--username", "new-person"]
    result = run("users", "create", "--display-name", "Người mới", *options)
    assert_refused_cleanly(result)
    assert message in result.output
    assert count(User) == users_before
