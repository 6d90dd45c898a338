"""Settings: defaults, environment overrides, and a production mode that refuses unsafe starts."""
from pathlib import Path

import pytest

from server import create_app
from server.config import DEFAULTS, DEV_SECRET_KEY, UnsafeConfigurationError, load

from tests.conftest import app_settings


def test_environment_overrides_are_typed():
    settings = load(environ={"BINHAN_LOGIN_MAX_FAILURES_PER_ACCOUNT": "3", "BINHAN_SESSION_COOKIE_SECURE": "true",
                             "BINHAN_QUICK_EXIT_URL": "https://thoitiet.example/"})
    assert settings["LOGIN_MAX_FAILURES_PER_ACCOUNT"] == 3
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["QUICK_EXIT_URL"] == "https://thoitiet.example/"


def test_a_mapping_wins_over_the_environment():
    settings = load({"PASSWORD_MIN_LENGTH": 12}, environ={"BINHAN_PASSWORD_MIN_LENGTH": "8"})
    assert settings["PASSWORD_MIN_LENGTH"] == 12


@pytest.mark.parametrize(("name", "raw"), [("PASSWORD_MIN_LENGTH", "ten"), ("SESSION_COOKIE_SECURE", "maybe")])
def test_a_malformed_environment_value_names_the_variable(name, raw):
    with pytest.raises(ValueError, match=f"BINHAN_{name}"):
        load(environ={f"BINHAN_{name}": raw})


def test_every_setting_is_in_the_readme():
    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [name for name in DEFAULTS if f"`BINHAN_{name}`" not in text]
    assert missing == []


PRODUCTION_CONTACT = "mailto:so-noi-vu@example.org"


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, "", "short"])
def test_production_refuses_a_default_or_weak_secret_key(database_url, secret):
    with pytest.raises(UnsafeConfigurationError):
        create_app({**app_settings(database_url), "ENV": "production", "SECRET_KEY": secret,
                    "VAPID_CONTACT": PRODUCTION_CONTACT})


@pytest.mark.parametrize("contact", ["", "binhan@example.org", "http://example.org"])
def test_production_refuses_push_without_a_real_contact(database_url, contact):
    with pytest.raises(UnsafeConfigurationError, match="VAPID_CONTACT"):
        create_app({**app_settings(database_url), "ENV": "production", "SECRET_KEY": "p" * 48,
                    "VAPID_CONTACT": contact})


def test_production_refuses_to_start_while_demo_accounts_exist(app, database_url, make_user):
    production = {**app_settings(database_url), "ENV": "production", "SECRET_KEY": "p" * 48,
                  "VAPID_CONTACT": PRODUCTION_CONTACT}
    create_app(production)  # no demo account yet: starts
    make_user(role="city_admin", is_demo=True)
    with pytest.raises(UnsafeConfigurationError, match="demo"):
        create_app(production)


def test_production_starts_on_an_empty_database(tmp_path):
    settings = {"ENV": "production", "SECRET_KEY": "p" * 48, "DATABASE_URL": f"sqlite:///{tmp_path}/new.db",
                "VAPID_CONTACT": PRODUCTION_CONTACT}
    assert create_app(settings).config["ENV"] == "production"
