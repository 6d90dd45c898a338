"""Loading the packaged help lines (server/directory/loader.py, run by ``flask init-db``): every line of the CSV
and the empty national domestic-violence place, added once, and never written over after an admin's change."""
from datetime import date

from server.db import database
from server.directory.loader import load_hotlines
from server.directory.models import Hotline

from tests.directory.conftest import HOTLINES

PACKAGED_KEYS = ["113", "111", "115", "114", "112", "national-dv", "18008065", "1900969680", "18008027"]


def load(app):
    with app.app_context(), database.connection_context():
        return load_hotlines()


def stored(app):
    with app.app_context(), database.connection_context():
        return {line.key: line for line in Hotline.select().order_by(Hotline.position, Hotline.id)}


def test_the_packaged_lines_are_added_once_in_the_residents_order(app):
    assert load(app) == 9
    assert load(app) == 0
    lines = stored(app)
    assert list(lines) == PACKAGED_KEYS
    assert all(line.version == 1 and line.updated_by_id is None for line in lines.values())


def test_the_csv_columns_land_where_they_belong(app):
    load(app)
    lines = stored(app)
    child = lines["111"]
    assert (child.number, child.name_en, child.hours, child.cost, child.scope, child.status, child.checked_on) == (
        "111", "National child protection hotline", "24/7", "free", "national", "verified", date(2026, 11, 28))
    assert child.source.startswith("plo.vn/")
    city = lines["18008065"]
    assert (city.number, city.scope, city.status, city.checked_on, city.cost) == (
        "18008065", "city", "unverified", None, "free (1800)")
    # Nobody confirmed an unverified number: the date is when its sources were read.
    assert city.source.endswith("(sources read 2026-11-28)")


def test_the_national_dv_place_is_empty_and_unverified(app):
    load(app)
    place = stored(app)["national-dv"]
    assert (place.number, place.status, place.checked_on, place.scope) == (None, "unverified", None, "national")
    assert (place.name_vi, place.name_en) == ("Tổng đài quốc gia phòng, chống bạo lực gia đình",
                                              "National domestic violence hotline")
    assert place.source == "Nghị định 76/2023/NĐ-CP: a 3-digit, 24/7, free line; no published number found"


def test_loading_again_keeps_every_change_an_admin_made(app, admin):
    load(app)
    lines = stored(app)
    edits = {"113": {"hours": "24/7"}, "112": {"status": "retired"}, "111": {"number": "000111"},
             "18008065": {"status": "verified", "cost": "free"}}
    for key, changes in edits.items():
        response = admin.patch(f"{HOTLINES}/{lines[key].id}", json={"version": 1, **changes})
        assert response.status_code == 200, response.json
    before = {key: (line.number, line.hours, line.status, line.version) for key, line in stored(app).items()}
    assert load(app) == 0
    after = {key: (line.number, line.hours, line.status, line.version) for key, line in stored(app).items()}
    assert after == before
    # The key stays "111" although the number changed: the packaged 111 is not added a second time.
    assert [line.number for line in stored(app).values()].count("111") == 0


def test_a_line_missing_from_the_table_is_added_back(app):
    load(app)
    with app.app_context(), database.connection_context():
        Hotline.delete().where(Hotline.key == "115").execute()
    assert load(app) == 1
    assert "115" in stored(app)


def test_init_db_loads_the_lines_and_says_so(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "9 help lines added" in first.output
    assert "0 help lines added" in second.output
    assert len(stored(app)) == 9
