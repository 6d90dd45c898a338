"""The shelter registry as files (shelters/README.md): ``flask shelters load DIR`` creates and updates
shelters from one TOML file each, all or nothing. A malformed file stops the load, names itself and the
field, and nothing of the other files is stored. Files never carry, and loading never touches, the live
count or the confidential details."""
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from server.accounts.models import Organization
from server.clock import now_utc
from server.db import database
from server.shelters import operations
from server.shelters.models import Shelter

from tests.shelters.conftest import SECRET_ADDRESS, SECRET_PHONE, set_count, stored_shelter

REPOSITORY_REGISTRY = Path(__file__).resolve().parents[2] / "shelters"

GOOD = {
    "a-cai-khe": """
name = "Nơi tạm lánh cộng đồng phường Cái Khế"
ward = "31120"
kind = "community"
capacity = 4
accepts = ["women", "women_with_children"]
languages = ["vi"]
public_line = "111"
operator = "Hội Liên hiệp Phụ nữ phường Cái Khế"
""",
    "z-thanh-pho": """
name = "Nhà tạm lánh thành phố"
ward = "31135"
kind = "city"
standardised = true
capacity = 12
accessibility = ["step_free", "wheelchair"]
languages = ["vi", "km", "zh"]
public_line = "0292 3 123 456"
operator = "Trung tâm Công tác xã hội thành phố"
""",
}


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["shelters", "load", *map(str, args)])


@pytest.fixture
def registry(tmp_path):
    """A folder of registry files: ``registry(name=text, ...)`` writes them, bytes as they are."""
    folder = tmp_path / "shelters"
    folder.mkdir()

    def write(**files):
        for name, text in files.items():
            path = folder / f"{name}.toml"
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return folder

    return write


def rows(model):
    with database.connection_context():
        return model.select().count()


def by_slug(app, slug):
    with database.connection_context():
        shelter_id = Shelter.select(Shelter.id).where(Shelter.slug == slug).scalar()
    return stored_shelter(app, shelter_id)


def test_a_folder_of_good_files_is_created_then_updated(app, run, registry):
    folder = registry(**GOOD)
    first = run(folder)
    assert (first.exit_code, first.output.strip()) == (0, "2 shelters created, 0 updated")
    city = by_slug(app, "z-thanh-pho")
    assert (city.name, city.ward_id, city.kind, city.standardised, city.capacity) == (
        "Nhà tạm lánh thành phố", "31135", "city", True, 12)
    assert (city.codes("accessibility"), city.codes("languages"), city.public_line) == (
        ["step_free", "wheelchair"], ["km", "vi", "zh"], "0292 3 123 456")
    assert (city.fictional, city.free_beds, city.address) == (False, None, None)
    with database.connection_context():
        operator = Organization.get_by_id(city.organization_id)
    assert (operator.name, operator.kind) == ("Trung tâm Công tác xã hội thành phố", "shelter")
    organizations = rows(Organization)

    registry(**{"z-thanh-pho": GOOD["z-thanh-pho"].replace("capacity = 12", "capacity = 15")})
    again = run(folder)
    assert (again.exit_code, again.output.strip()) == (0, "0 shelters created, 2 updated")
    assert (rows(Shelter), rows(Organization)) == (2, organizations)
    assert by_slug(app, "z-thanh-pho").capacity == 15
    assert run(folder).output.strip() == "0 shelters created, 2 updated"
    assert (rows(Shelter), rows(Organization)) == (2, organizations)


def test_loading_never_touches_the_count_or_the_confidential_details(app, run, registry):
    folder = registry(**GOOD)
    run(folder)
    shelter = by_slug(app, "a-cai-khe")
    observed = now_utc() - timedelta(hours=2)
    set_count(app, shelter.id, 3, observed_at=observed)
    with app.app_context(), database.connection_context():
        operations.update_shelter(None, shelter.id, {"address": SECRET_ADDRESS, "host_phone": SECRET_PHONE})
    assert run(folder).exit_code == 0
    reloaded = by_slug(app, "a-cai-khe")
    assert (reloaded.free_beds, reloaded.observed_at, reloaded.address, reloaded.host_phone) == (
        3, observed, SECRET_ADDRESS, SECRET_PHONE)


BAD_FILES = {
    "bad TOML syntax": ('name = "Nơi tạm lánh\nward = "31150"\n', "line 1"),
    "a missing field": (GOOD["a-cai-khe"].replace("capacity = 4\n", ""), "capacity"),
    "an unknown key": (GOOD["a-cai-khe"].replace("capacity = 4", "capacty = 4"), "capacty"),
    "a malformed ward code": (GOOD["a-cai-khe"].replace('"31120"', '"3112"'), "ward"),
    "a ward code that is no ward": (GOOD["a-cai-khe"].replace('"31120"', '"99999"'), "ward"),
    "no beds": (GOOD["a-cai-khe"].replace("capacity = 4", "capacity = 0"), "capacity"),
    "capacity as text": (GOOD["a-cai-khe"].replace("capacity = 4", 'capacity = "4"'), "capacity"),
    "an unknown kind": (GOOD["a-cai-khe"].replace('"community"', '"hostel"'), "kind"),
    "an unknown group accepted": (GOOD["a-cai-khe"].replace('"women"', '"men"'), "accepts"),
    "a host's phone as public line": (GOOD["a-cai-khe"].replace('"111"', '"call Lan"'), "public_line"),
    "an operator that is no shelter": (GOOD["a-cai-khe"].replace("Hội Liên hiệp Phụ nữ phường Cái Khế",
                                                                 "Trạm Y tế phường Cái Khế"), "operator"),
    "not UTF-8": (GOOD["a-cai-khe"].encode("utf-8") + b"# saved by an old editor: \xff\n", "m-bad.toml"),
}


@pytest.mark.parametrize("text, named", BAD_FILES.values(), ids=BAD_FILES)
def test_a_malformed_file_names_itself_and_its_field_and_nothing_is_stored(run, registry, make_organization,
                                                                           text, named):
    make_organization(kind="health", name="Trạm Y tế phường Cái Khế")
    organizations = rows(Organization)
    # Files load in name order: the good one before the bad one would be written first, if the load were
    # not all or nothing.
    folder = registry(**{"a-good": GOOD["z-thanh-pho"], "m-bad": text, "z-good": GOOD["a-cai-khe"]})
    result = run(folder)
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "m-bad.toml" in result.output and named in result.output, result.output
    assert (rows(Shelter), rows(Organization)) == (0, organizations)


def test_a_failed_reload_leaves_the_loaded_registry_as_it_was(app, run, registry):
    folder = registry(**GOOD)
    run(folder)
    registry(**{"z-thanh-pho": GOOD["z-thanh-pho"].replace("capacity = 12", "capacity = 15"),
                "zz-typo": GOOD["a-cai-khe"].replace("capacity = 4", "capacty = 4")})
    result = run(folder)
    assert result.exit_code != 0 and "zz-typo.toml" in result.output
    assert (rows(Shelter), by_slug(app, "z-thanh-pho").capacity) == (2, 12)


def test_an_empty_folder_is_refused(run, tmp_path):
    result = run(tmp_path)
    assert result.exit_code != 0
    assert "no .toml file" in result.output


def test_the_repositorys_registry_loads_and_is_all_fictional(app, run, client):
    result = run(REPOSITORY_REGISTRY)
    assert (result.exit_code, result.output.strip()) == (0, "3 shelters created, 0 updated")
    with database.connection_context():
        loaded = list(Shelter.select(Shelter.slug, Shelter.name, Shelter.fictional).order_by(Shelter.slug).tuples())
    assert [slug for slug, _name, _fictional in loaded] == ["an-binh-minh-hoa", "ninh-kieu-minh-hoa",
                                                           "thanh-pho-minh-hoa"]
    assert all(fictional and name.endswith("(minh hoạ)") for _slug, name, fictional in loaded)
    for path in REPOSITORY_REGISTRY.glob("*.toml"):
        assert tomllib.loads(path.read_text(encoding="utf-8"))["fictional"] is True, path.name
    items = client.get("/api/v1/shelters").json["items"]
    assert [item["status"] for item in items] == ["unconfirmed"] * 3


def test_production_skips_fictional_entries(app, tmp_path):
    (tmp_path / "real.toml").write_text(
        'name = "Nơi tạm lánh thật"\nward = "31135"\nkind = "community"\ncapacity = 2\n'
        'public_line = "111"\noperator = "Hội Phụ nữ phường Ninh Kiều"\n', encoding="utf-8")
    (tmp_path / "demo-minh-hoa.toml").write_text(
        'name = "Nơi minh hoạ"\nward = "31135"\nkind = "community"\ncapacity = 2\n'
        'public_line = "111"\noperator = "Tổ chức minh hoạ"\nfictional = true\n', encoding="utf-8")
    app.config["ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["shelters", "load", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 shelters created, 0 updated, 1 fictional entries skipped" in result.output
    with database.connection_context():
        assert [s.name for s in Shelter.select(Shelter.name)] == ["Nơi tạm lánh thật"]
