"""The city admin's side of shelters: registering and editing them (stable facts and confidential details),
and the plan's coverage: a community shelter in each of the 103 wards, five standardised city shelters."""
import pytest

from server.db import database
from server.shelters.models import Shelter

from tests.conftest import OTHER_WARD, WARD
from tests.shelters.conftest import SECRET_ADDRESS, SECRET_PHONE, shelter_body

SHELTERS = "/api/v1/shelters"
THIRD_WARD = "31120"  # Phường Cái Khế


@pytest.fixture
def admin(log_in, make_user):
    return log_in(make_user(role="city_admin"))


@pytest.fixture
def operator(make_organization):
    return make_organization(kind="shelter")


def new_shelter(operator, **overrides):
    return shelter_body(**{"organization_id": operator.id, **overrides})


def shelter_count():
    with database.connection_context():
        return Shelter.select().count()


def test_the_city_admin_registers_a_shelter(admin, operator):
    response = admin.post(SHELTERS, json=new_shelter(operator, accepts=["women", "older_women", "women"]))
    assert response.status_code == 201
    made = response.json
    assert (made["name"], made["ward"]["code"], made["kind"], made["capacity"]) == (
        "Nơi tạm lánh thử nghiệm", WARD, "community", 8)
    assert (made["address"], made["host_phone"], made["organization_id"]) == (SECRET_ADDRESS, SECRET_PHONE,
                                                                              operator.id)
    assert made["accepts"] == ["older_women", "women"]
    assert (made["free_beds"], made["observed_at"], made["status"], made["active"]) == (None, None, "unconfirmed",
                                                                                        True)
    assert admin.get(f"{SHELTERS}/{made['id']}").json == made


BAD_SHELTERS = {
    "an unknown kind": ({"kind": "hotel"}, "kind"),
    "no beds": ({"capacity": 0}, "capacity"),
    "too many beds": ({"capacity": 501}, "capacity"),
    "capacity as text": ({"capacity": "8"}, "capacity"),
    "a ward code that is no ward": ({"ward_code": "99999"}, "ward_code"),
    "a ward code of four digits": ({"ward_code": "3113"}, "ward_code"),
    "no ward": ({"ward_code": None}, "ward_code"),
    "an unknown organisation": ({"organization_id": 999999}, "organization_id"),
    "a bad host phone": ({"host_phone": "call Lan"}, "host_phone"),
    "a bad public line": ({"public_line": "1-1-1"}, "public_line"),
    "a line ending in a newline": ({"public_line": "0911 222 333\n"}, "public_line"),
    "an unknown group accepted": ({"accepts": ["men"]}, "accepts"),
    "an unknown language": ({"languages": ["fr"]}, "languages"),
    "a name too short": ({"name": "ab"}, "name"),
    "an address too long": ({"address": "x" * 501}, "address"),
}


@pytest.mark.parametrize("change, field", BAD_SHELTERS.values(), ids=BAD_SHELTERS)
def test_a_bad_shelter_is_a_422_on_its_field_and_stores_nothing(admin, operator, change, field):
    response = admin.post(SHELTERS, json=new_shelter(operator, **change))
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]
    assert shelter_count() == 0


@pytest.mark.parametrize("kind", ["health", "legal_aid", "police", "social_work"])
def test_a_shelter_is_run_by_a_shelter_organisation(admin, make_organization, kind):
    response = admin.post(SHELTERS, json=new_shelter(make_organization(kind=kind)))
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["organization_id"])
    assert shelter_count() == 0


def test_an_edit_changes_what_it_names_and_nothing_else(admin, operator):
    made = admin.post(SHELTERS, json=new_shelter(operator, active=False, accepts=["girls_under_16"])).json
    response = admin.patch(f"{SHELTERS}/{made['id']}", json={"name": "Nơi tạm lánh Tân An", "capacity": 10})
    assert response.status_code == 200
    assert {**made, "name": "Nơi tạm lánh Tân An", "capacity": 10} == response.json
    assert admin.get(f"{SHELTERS}/{made['id']}").json == response.json


@pytest.mark.parametrize("capacity, free_after", [(4, 4), (7, 7), (12, 7)])
def test_fewer_beds_than_were_free_leaves_no_free_bed_beyond_capacity(admin, make_shelter, capacity, free_after):
    shelter = make_shelter(capacity=8, free_beds=7)
    response = admin.patch(f"{SHELTERS}/{shelter.id}", json={"capacity": capacity})
    assert (response.json["capacity"], response.json["free_beds"]) == (capacity, free_after)


def test_a_bad_edit_is_a_422_and_changes_nothing(admin, make_shelter):
    shelter = make_shelter()
    response = admin.patch(f"{SHELTERS}/{shelter.id}", json={"name": "Tên mới", "capacity": 0})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["capacity"])
    assert admin.get(f"{SHELTERS}/{shelter.id}").json["name"] == shelter.name


def test_an_edit_of_no_shelter_is_a_404(admin):
    assert admin.patch(f"{SHELTERS}/999999", json={"name": "Không có"}).status_code == 404
    assert admin.get(f"{SHELTERS}/999999").status_code == 404


def test_closing_a_shelter_takes_it_off_the_public_list(client, admin, make_shelter):
    shelter = make_shelter(free_beds=3)
    assert admin.patch(f"{SHELTERS}/{shelter.id}", json={"active": False}).json["active"] is False
    assert client.get(SHELTERS).json["items"] == []


@pytest.mark.parametrize("role", ["collaborator", "ward_officer", "provider", "shelter_host"])
def test_only_the_city_admin_registers_and_edits_shelters(log_in, make_user, make_shelter, operator, role):
    shelter = make_shelter()
    caller = log_in(make_user(role=role))
    answers = [caller.post(SHELTERS, json=new_shelter(operator)),
               caller.patch(f"{SHELTERS}/{shelter.id}", json={"name": "Đổi tên"}),
               caller.get(f"{SHELTERS}/coverage")]
    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert shelter_count() == 1


@pytest.mark.parametrize("role", ["collaborator", "ward_officer", "provider"])
def test_staff_do_not_open_a_shelters_confidential_details(log_in, make_user, make_shelter, role):
    response = log_in(make_user(role=role)).get(f"{SHELTERS}/{make_shelter().id}")
    assert response.status_code == 403
    assert SECRET_ADDRESS not in response.get_data(as_text=True)


def test_a_host_opens_their_shelter_but_not_another(log_in, make_shelter, host_of):
    mine, theirs = make_shelter(), make_shelter()
    host = log_in(host_of(mine))
    assert host.get(f"{SHELTERS}/{mine.id}").json["address"] == SECRET_ADDRESS
    response = host.get(f"{SHELTERS}/{theirs.id}")
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")
    assert SECRET_ADDRESS not in response.get_data(as_text=True)


def test_coverage_with_no_shelter_yet(admin):
    coverage = admin.get(f"{SHELTERS}/coverage").json
    assert (coverage["wards_total"], coverage["wards_with_shelter"], coverage["shelters_total"]) == (103, 0, 0)
    assert len(coverage["wards_without_shelter"]) == 103
    assert (coverage["city_shelters_standardised"], coverage["city_shelters_target"]) == (0, 5)


def test_coverage_counts_wards_and_standardised_city_shelters_of_active_shelters(admin, make_shelter):
    make_shelter(ward_code=WARD, kind="community")
    make_shelter(ward_code=WARD, kind="city", standardised=True)  # a second shelter, not a second ward
    make_shelter(ward_code=OTHER_WARD, kind="city", standardised=False)
    make_shelter(ward_code=THIRD_WARD, kind="city", standardised=True, active=False)  # closed: counts for nothing
    make_shelter(ward_code=OTHER_WARD, kind="community", standardised=True)  # standardised, but not the city's
    response = admin.get(f"{SHELTERS}/coverage")
    assert response.status_code == 200
    coverage = response.json
    assert (coverage["wards_with_shelter"], coverage["shelters_total"], coverage["city_shelters_standardised"]) == (
        2, 4, 1)
    without = [ward["code"] for ward in coverage["wards_without_shelter"]]
    assert len(without) == len(set(without)) == 101
    assert WARD not in without and OTHER_WARD not in without and THIRD_WARD in without
    assert {"code": THIRD_WARD, "name": "Phường Cái Khế"} in coverage["wards_without_shelter"]


def test_the_register_lists_closed_shelters_too_so_they_can_be_reopened(admin, make_shelter):
    open_one = make_shelter()
    closed = make_shelter(active=False)
    items = {item["id"]: item for item in admin.get("/api/v1/shelters/registry").json["items"]}
    assert set(items) == {open_one.id, closed.id}
    assert items[closed.id]["active"] is False
    reopened = admin.patch(f"/api/v1/shelters/{closed.id}", json={"active": True})
    assert reopened.status_code == 200 and reopened.json["active"] is True


@pytest.mark.parametrize("role", ["collaborator", "ward_officer", "provider", "shelter_host"])
def test_only_the_city_admin_reads_the_register(log_in, make_user, make_shelter, role):
    make_shelter()
    response = log_in(make_user(role=role)).get("/api/v1/shelters/registry")
    assert response.status_code == 403
    assert "address" not in response.get_data(as_text=True)
