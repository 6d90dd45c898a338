"""The Open Referral HSDS 3.0 export (``flask --app server directory export DIR``), read back with the csv
module: the specification's files and columns, the public services and verified lines with their phones, never
an unverified number or a closed office, ids that hold together and stay the same from one export to the next."""
import csv
import uuid

import pytest

from server.db import database
from server.directory import operations

from tests.conftest import OTHER_WARD
from tests.directory.conftest import HOTLINES

FILES = ["organizations.csv", "services.csv", "locations.csv", "phones.csv", "service_at_location.csv",
         "addresses.csv", "schedules.csv"]
# The fields HSDS 3.0 marks required, or needed to join the tables, per file.
CORE_COLUMNS = {
    "organizations.csv": ["id", "name", "alternate_name", "description", "website", "parent_organization_id"],
    "services.csv": ["id", "organization_id", "name", "alternate_name", "description", "status",
                     "fees_description", "assured_date", "last_modified"],
    "locations.csv": ["id", "location_type", "organization_id", "name", "description", "latitude", "longitude"],
    "phones.csv": ["id", "location_id", "service_id", "organization_id", "service_at_location_id", "number",
                   "type", "description"],
    "service_at_location.csv": ["id", "service_id", "location_id", "description"],
    "addresses.csv": ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country",
                      "address_type"],
    "schedules.csv": ["id", "service_id", "location_id", "description"],
}
VERIFIED = {"113", "111", "115", "114", "112"}
UNVERIFIED = ["18008065", "1900969680", "18008027"]


@pytest.fixture
def directory_data(app, hotlines, make_service, make_organization):
    """Three open services (one of a staff organisation, one with no phone or address) and a closed one."""
    station = make_organization(kind="health", name="Trạm Y tế thử nghiệm")
    services = {
        "station": make_service(kind="health", name="Trạm Y tế thử nghiệm", organization_id=station.id),
        "committee": make_service(kind="ward_committee", name="UBND phường thử nghiệm", phone="0292 3800 002"),
        "union": make_service(kind="womens_union", name="Hội Phụ nữ thử nghiệm", phone=None, address=None, hours="",
                              ward_code=OTHER_WARD),
        "closed": make_service(kind="police", name="Công an đã chuyển trụ sở", phone="0292 3800 777", active=False),
    }
    return services


def export(app, target):
    result = app.test_cli_runner().invoke(args=["directory", "export", str(target)])
    assert result.exit_code == 0, result.output
    return result


def read(target, name):
    with (target / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_the_export_writes_the_hsds_files_with_their_columns(app, tmp_path, directory_data):
    result = export(app, tmp_path / "hsds")
    assert "written to" in result.output
    assert sorted(path.name for path in (tmp_path / "hsds").iterdir()) == sorted(FILES)
    for name, core in CORE_COLUMNS.items():
        header, _rows = read(tmp_path / "hsds", name)
        assert header[0] == "id", name
        assert [column for column in core if column not in header] == [], name


def test_the_export_holds_the_open_services_and_the_verified_lines(app, tmp_path, directory_data):
    export(app, tmp_path)
    tables = {name: read(tmp_path, name)[1] for name in FILES}
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts == {
        "organizations.csv": 4,  # the station's organisation, two offices as their own, the national lines
        "services.csv": 3 + 5,
        "locations.csv": 3,
        "service_at_location.csv": 3,
        "addresses.csv": 2,
        "phones.csv": 2 + 5,
        "schedules.csv": 2 + 5,
    }
    phone_numbers = {row["number"] for row in tables["phones.csv"]}
    assert phone_numbers == VERIFIED | {"0292 3800 001", "0292 3800 002"}
    names = {row["name"] for row in tables["services.csv"]}
    assert {"Công an", "Tổng đài điện thoại quốc gia bảo vệ trẻ em", "Trạm Y tế thử nghiệm"} <= names
    assert "Công an đã chuyển trụ sở" not in names
    assert {row["status"] for row in tables["services.csv"]} == {"active"}
    police = next(row for row in tables["services.csv"] if row["name"] == "Công an")
    assert (police["alternate_name"], police["assured_date"]) == ("Police", "2026-11-28")


def test_no_unverified_number_or_closed_office_is_exported(app, tmp_path, directory_data):
    export(app, tmp_path)
    text = "".join((tmp_path / name).read_text(encoding="utf-8") for name in FILES)
    assert [number for number in UNVERIFIED if number in text] == []
    assert "0292 3800 777" not in text and "Công an đã chuyển trụ sở" not in text
    assert "Tổng đài quốc gia phòng, chống bạo lực gia đình" not in text


def test_the_ids_are_uuids_that_join_the_tables(app, tmp_path, directory_data):
    export(app, tmp_path)
    tables = {name: read(tmp_path, name)[1] for name in FILES}
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}
    for rows in tables.values():
        for row in rows:
            assert str(uuid.UUID(row["id"])) == row["id"]
    assert {row["organization_id"] for row in tables["services.csv"]} == ids["organizations.csv"]
    assert {row["service_id"] for row in tables["phones.csv"]} <= ids["services.csv"]
    assert {row["service_id"] for row in tables["service_at_location.csv"]} <= ids["services.csv"]
    assert {row["location_id"] for row in tables["service_at_location.csv"]} == ids["locations.csv"]
    assert {row["location_id"] for row in tables["addresses.csv"]} <= ids["locations.csv"]
    assert {row["service_id"] for row in tables["schedules.csv"]} <= ids["services.csv"]
    union = next(row for row in tables["locations.csv"] if row["name"] == "Hội Phụ nữ thử nghiệm")
    assert (union["external_identifier"], union["location_type"]) == (OTHER_WARD, "physical")


def test_two_exports_of_the_same_data_are_identical(app, tmp_path, directory_data):
    export(app, tmp_path / "first")
    export(app, tmp_path / "second")
    for name in FILES:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def test_a_line_verified_by_the_admin_is_exported_under_the_city_organisation(app, tmp_path, admin, hotlines):
    line = hotlines["18008065"]
    assert admin.patch(f"{HOTLINES}/{line.id}", json={"version": 1, "status": "verified"}).status_code == 200
    export(app, tmp_path)
    organizations = {row["id"]: row for row in read(tmp_path, "organizations.csv")[1]}
    services = read(tmp_path, "services.csv")[1]
    city_line = next(row for row in services if row["alternate_name"] == "Cần Thơ social work centre GBV line")
    assert organizations[city_line["organization_id"]]["alternate_name"] == "Cần Thơ city help lines"
    assert "18008065" in {row["number"] for row in read(tmp_path, "phones.csv")[1]}


def test_an_empty_directory_exports_headers_only(app, tmp_path):
    export(app, tmp_path)
    for name in FILES:
        header, rows = read(tmp_path, name)
        assert header and rows == [], name


def test_exporting_into_a_file_is_refused_cleanly(app, tmp_path):
    target = tmp_path / "a-file.csv"
    target.write_text("x")
    result = app.test_cli_runner().invoke(args=["directory", "export", str(target)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_the_service_operation_and_the_export_agree_on_what_is_open(app, tmp_path, directory_data):
    # Closing an office takes it out of the next export.
    committee = directory_data["committee"]
    with app.app_context(), database.connection_context():
        operations.update_service(None, committee.id, {"version": 1, "active": False})
    export(app, tmp_path)
    assert "UBND phường thử nghiệm" not in (tmp_path / "services.csv").read_text(encoding="utf-8")
