"""The records behind the annual report (issue 7 contract, "Records"): coordination mechanisms, schools and
businesses, trainings with their attendees, communication activities. A ward officer keeps their own ward's
(another ward is 403 when named, 404 when reached by id, and absent from lists); a city admin every ward's,
city-wide ones too; nobody else any. Bad input is a 422 naming the field, and changes nothing stored."""
import json
import unicodedata
from datetime import date, timedelta

import pytest

from server.accounts import operations as accounts
from server.audit.models import AuditEvent
from server.campaigns.models import Campaign
from server.db import database

from tests.clock import TEST_TODAY, TEST_YEAR
from tests.conftest import OTHER_WARD, WARD, race

API = "/api/v1/reports"
YEAR = TEST_YEAR - 1  # a whole year in the past: every date in it is allowed
EARLIER = YEAR - 1
RECORD_ACTIONS = ("mechanism.", "institution.", "training.", "communication.")


def day(month, dom, year=YEAR):
    return date(year, month, dom).isoformat()


def fields_of(response):
    assert response.status_code == 422, response.json
    return response.json["error"]["fields"]


def ids(response):
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


@pytest.fixture
def records_people(make_user):
    """Everyone the records tests need, by name; each ward's officer and collaborator, a city admin."""
    return {
        "officer": make_user("ward_officer", ward=WARD),
        "collaborator": make_user("collaborator", ward=WARD),
        "other_officer": make_user("ward_officer", ward=OTHER_WARD),
        "other_collaborator": make_user("collaborator", ward=OTHER_WARD),
        "admin": make_user("city_admin"),
    }


@pytest.fixture
def desk(log_in, records_people):
    return log_in(records_people["officer"])


@pytest.fixture
def other_desk(log_in, records_people):
    return log_in(records_people["other_officer"])


@pytest.fixture
def admin(log_in, records_people):
    return log_in(records_people["admin"])


@pytest.fixture
def records_audit(app):
    """The records' audit events so far, oldest first: [(action, ward_code, details)]."""

    def rows():
        return [(e.action, e.ward_code, json.loads(e.details)) for e in record_events(app)]

    return rows


def record_events(app):
    with app.app_context(), database.connection_context():
        return [e for e in AuditEvent.select().order_by(AuditEvent.id) if e.action.startswith(RECORD_ACTIONS)]


@pytest.fixture
def records_campaign(app):
    with app.app_context(), database.connection_context():
        return Campaign.create(title_vi="Tháng hành động", title_en="Action month", message_vi="m", message_en="m",
                               starts_on=date(YEAR, 11, 15), ends_on=date(YEAR, 12, 15)).id


def school(**overrides):
    return {"kind": "school", "name": "Trường THCS Lê Lợi", "has_policy": False, **overrides}


def training(**overrides):
    return {"held_on": day(5, 20), "topic": "Kỹ năng tiếp nhận", "hours": 8,
            "participants": {"collaborator": 12, "ward_officer": 2, "other": 5}, "attendee_ids": [], **overrides}


def activity(**overrides):
    return {"held_on": day(11, 25), "form": "loudspeaker", "audience": "residents", "participants": 300,
            **overrides}


def mechanism(**overrides):
    return {"document_number": "45/QĐ-UBND", "document_date": day(3, 8), **overrides}


# Who may call.

EVERY_CALL = [
    ("get", "/reports/mechanisms", None), ("put", f"/reports/mechanisms/{WARD}", mechanism()),
    ("delete", f"/reports/mechanisms/{WARD}", None), ("get", "/reports/institutions", None),
    ("post", "/reports/institutions", school()), ("patch", "/reports/institutions/1", {"name": "X"}),
    ("delete", "/reports/institutions/1", None), ("get", "/reports/trainees", None),
    ("get", f"/reports/trainings?year={YEAR}", None), ("post", "/reports/trainings", training()),
    ("patch", "/reports/trainings/1", {"hours": 2}), ("delete", "/reports/trainings/1", None),
    ("get", f"/reports/communications?year={YEAR}", None), ("post", "/reports/communications", activity()),
    ("patch", "/reports/communications/1", {"participants": 1}), ("delete", "/reports/communications/1", None),
]


@pytest.mark.parametrize("role", ["collaborator", "provider", "shelter_host"])
def test_other_roles_may_not_read_or_write_records(log_in, make_user, role, admin, records_audit):
    client = log_in(make_user(role))
    for method, path, body in EVERY_CALL:
        response = getattr(client, method)("/api/v1" + path, json=body) if body else getattr(client, method)(
            "/api/v1" + path)
        assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden"), (method, path)
    assert admin.get(f"{API}/institutions").json["items"] == [] and records_audit() == []


# Coordination mechanisms.

def test_an_officer_records_and_replaces_their_wards_mechanism(desk, records_audit):
    first = desk.put(f"{API}/mechanisms/{WARD}", json=mechanism(document_number=" 45/QĐ-UBND ", note="Tổ liên ngành"))
    assert first.status_code == 200
    assert first.json["ward"]["code"] == WARD and first.json["ward"]["name"] == "Phường Ninh Kiều"
    assert (first.json["document_number"], first.json["note"]) == ("45/QĐ-UBND", "Tổ liên ngành")
    replaced = desk.put(f"{API}/mechanisms/{WARD}", json=mechanism(document_number="7/QĐ-UBND"))
    assert (replaced.json["document_number"], replaced.json["note"]) == ("7/QĐ-UBND", "")
    listed = desk.get(f"{API}/mechanisms").json["items"]
    assert [(m["ward"]["code"], m["document_number"]) for m in listed] == [(WARD, "7/QĐ-UBND")]
    assert [(a, w, d["created"]) for a, w, d in records_audit()] == [
        ("mechanism.saved", WARD, True), ("mechanism.saved", WARD, False)]


def test_a_city_admin_keeps_every_wards_mechanism(admin, desk, other_desk):
    assert admin.put(f"{API}/mechanisms/{OTHER_WARD}", json=mechanism()).status_code == 200
    assert admin.put(f"{API}/mechanisms/{WARD}", json=mechanism()).status_code == 200
    assert [m["ward"]["code"] for m in admin.get(f"{API}/mechanisms").json["items"]] == [WARD, OTHER_WARD]
    assert [m["ward"]["code"] for m in admin.get(f"{API}/mechanisms?ward={OTHER_WARD}").json["items"]] == [
        OTHER_WARD]
    # Each officer sees only their own ward's.
    assert [m["ward"]["code"] for m in desk.get(f"{API}/mechanisms").json["items"]] == [WARD]
    assert [m["ward"]["code"] for m in other_desk.get(f"{API}/mechanisms").json["items"]] == [OTHER_WARD]
    assert admin.delete(f"{API}/mechanisms/{OTHER_WARD}").status_code == 204
    assert [m["ward"]["code"] for m in admin.get(f"{API}/mechanisms").json["items"]] == [WARD]


def test_an_officer_may_not_touch_another_wards_mechanism(admin, desk, records_audit):
    admin.put(f"{API}/mechanisms/{OTHER_WARD}", json=mechanism(document_number="1/QĐ"))
    for response in (desk.get(f"{API}/mechanisms?ward={OTHER_WARD}"),
                     desk.put(f"{API}/mechanisms/{OTHER_WARD}", json=mechanism(document_number="2/QĐ")),
                     desk.delete(f"{API}/mechanisms/{OTHER_WARD}")):
        assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")
    assert [m["document_number"] for m in admin.get(f"{API}/mechanisms").json["items"]] == ["1/QĐ"]
    assert [a for a, _, _ in records_audit()] == ["mechanism.saved"]


@pytest.mark.parametrize("path", ["99999", "3113", "abcde", "%00"])
def test_a_mechanism_of_no_ward_is_404(admin, path):
    assert admin.put(f"{API}/mechanisms/{path}", json=mechanism()).status_code == 404
    assert admin.delete(f"{API}/mechanisms/{path}").status_code == 404


def test_deleting_a_mechanism(desk, records_audit):
    assert desk.delete(f"{API}/mechanisms/{WARD}").status_code == 404  # none yet
    desk.put(f"{API}/mechanisms/{WARD}", json=mechanism())
    response = desk.delete(f"{API}/mechanisms/{WARD}")
    assert (response.status_code, response.data) == (204, b"")
    assert desk.get(f"{API}/mechanisms").json["items"] == []
    assert [(a, w) for a, w, _ in records_audit()] == [("mechanism.saved", WARD), ("mechanism.deleted", WARD)]


FUTURE = (TEST_TODAY + timedelta(days=3)).isoformat()


@pytest.mark.parametrize("change, field", [
    ({"document_number": ""}, "document_number"), ({"document_number": "   "}, "document_number"),
    ({"document_number": "x" * 61}, "document_number"), ({"document_number": None}, "document_number"),
    ({"document_date": "1999-12-31"}, "document_date"), ({"document_date": FUTURE}, "document_date"),
    ({"document_date": "2025-02-30"}, "document_date"), ({"note": "x" * 501}, "note"),
    ({"ward_code": WARD}, "ward_code"),
])
def test_a_bad_mechanism_is_422_and_keeps_the_stored_one(desk, change, field):
    desk.put(f"{API}/mechanisms/{WARD}", json=mechanism())
    before = desk.get(f"{API}/mechanisms").json
    assert field in fields_of(desk.put(f"{API}/mechanisms/{WARD}", json=mechanism(**change)))
    assert desk.get(f"{API}/mechanisms").json == before


def test_a_missing_document_date_is_named_in_english_and_vietnamese(desk):
    body = {"document_number": "1/QĐ"}
    vi = fields_of(desk.put(f"{API}/mechanisms/{WARD}", json=body))
    en = fields_of(desk.put(f"{API}/mechanisms/{WARD}", json=body, headers={"Accept-Language": "en"}))
    assert (vi, en) == ({"document_date": ["Bắt buộc phải nhập."]},
                        {"document_date": ["Missing data for required field."]})


# Schools and businesses.

def test_an_officer_lists_their_wards_institutions_by_name(desk, admin):
    for name, kind in [("Trường THCS Lê Lợi", "school"), ("Đại học Cần Thơ", "school"), ("Công ty May Bình Minh",
                                                                                          "business")]:
        assert desk.post(f"{API}/institutions", json=school(name=name, kind=kind)).status_code == 201
    admin.post(f"{API}/institutions", json=school(ward_code=OTHER_WARD, name="Trường An Bình"))
    listed = desk.get(f"{API}/institutions").json["items"]
    assert [i["name"] for i in listed] == ["Công ty May Bình Minh", "Đại học Cần Thơ", "Trường THCS Lê Lợi"]
    assert {i["ward"]["code"] for i in listed} == {WARD}
    assert [i["name"] for i in desk.get(f"{API}/institutions?kind=business").json["items"]] == [
        "Công ty May Bình Minh"]
    assert len(admin.get(f"{API}/institutions").json["items"]) == 4
    assert [i["name"] for i in admin.get(f"{API}/institutions?ward={OTHER_WARD}").json["items"]] == ["Trường An Bình"]


def test_an_institution_as_created(desk):
    response = desk.post(f"{API}/institutions", json=school(has_policy=True, policy_date=day(9, 5)))
    assert response.status_code == 201
    body = response.json
    assert set(body) == {"id", "ward", "kind", "name", "has_policy", "policy_date", "updated_at"}
    assert (body["ward"]["code"], body["kind"], body["name"], body["has_policy"], body["policy_date"]) == (
        WARD, "school", "Trường THCS Lê Lợi", True, day(9, 5))


@pytest.mark.parametrize("name", ["Trường THCS Lê Lợi", "  Trường  THCS Lê Lợi ",
                                  unicodedata.normalize("NFD", "Trường THCS Lê Lợi")])
def test_the_same_institution_twice_in_a_ward_is_409(desk, name):
    desk.post(f"{API}/institutions", json=school())
    response = desk.post(f"{API}/institutions", json=school(name=name))
    assert (response.status_code, response.json["error"]["code"]) == (409, "institution_exists")
    assert "name" in response.json["error"]["fields"]
    assert len(desk.get(f"{API}/institutions").json["items"]) == 1


def test_two_officers_adding_the_same_school_at_once_add_it_once(log_in, records_people, desk):
    first, second = log_in(records_people["officer"]), log_in(records_people["officer"])
    for round_ in range(5):
        body = school(name=f"Trường số {round_}")
        responses = race(*[lambda client=client, body=body: client.post(f"{API}/institutions", json=body)
                           for client in (first, second)])
        assert sorted(r.status_code for r in responses) == [201, 409], [r.json for r in responses]
        assert max(responses, key=lambda r: r.status_code).json["error"]["code"] == "institution_exists"
    assert len(desk.get(f"{API}/institutions").json["items"]) == 5


def test_two_saves_of_a_mechanism_at_once_both_succeed_and_one_stays(log_in, records_people, desk):
    first, second = log_in(records_people["officer"]), log_in(records_people["officer"])
    for round_ in range(5):
        bodies = [mechanism(document_number=f"{number}/{round_}") for number in (1, 2)]
        responses = race(*[lambda client=client, body=body: client.put(f"{API}/mechanisms/{WARD}", json=body)
                           for client, body in zip((first, second), bodies, strict=True)])
        assert [r.status_code for r in responses] == [200, 200], [r.json for r in responses]
        stored = desk.get(f"{API}/mechanisms").json["items"]
        assert [m["document_number"] for m in stored] in ([f"1/{round_}"], [f"2/{round_}"])


def test_the_same_name_is_another_institution_in_another_kind_or_ward(desk, admin):
    assert desk.post(f"{API}/institutions", json=school(name="Vina")).status_code == 201
    assert desk.post(f"{API}/institutions", json=school(name="Vina", kind="business")).status_code == 201
    assert admin.post(f"{API}/institutions", json=school(name="Vina", ward_code=OTHER_WARD)).status_code == 201


def test_changing_an_institution(desk, records_audit):
    created = desk.post(f"{API}/institutions", json=school()).json
    desk.post(f"{API}/institutions", json=school(name="Trường Tiểu học An Hòa"))
    url = f"{API}/institutions/{created['id']}"
    adopted = desk.patch(url, json={"has_policy": True, "policy_date": day(10, 1)})
    assert (adopted.status_code, adopted.json["has_policy"], adopted.json["policy_date"]) == (200, True, day(10, 1))
    assert desk.patch(url, json={"name": " Trường THCS Lê Lợi B "}).json["name"] == "Trường THCS Lê Lợi B"
    clash = desk.patch(url, json={"name": "Trường Tiểu học An Hòa"})
    assert (clash.status_code, clash.json["error"]["code"]) == (409, "institution_exists")
    dropped = desk.patch(url, json={"has_policy": False})
    assert (dropped.json["has_policy"], dropped.json["policy_date"]) == (False, None)  # the date went with it
    assert "policy_date" in fields_of(desk.patch(url, json={"policy_date": day(10, 1)}))
    assert desk.get(f"{API}/institutions").json["items"][0]["name"] == "Trường THCS Lê Lợi B"
    events = [(a, d.get("changed")) for a, _, d in records_audit()]
    assert events == [("institution.created", None), ("institution.created", None),
                      ("institution.updated", ["has_policy", "policy_date"]), ("institution.updated", ["name"]),
                      ("institution.updated", ["has_policy"])]


def test_a_city_admin_names_the_ward_of_an_institution(admin):
    assert fields_of(admin.post(f"{API}/institutions", json=school())) == {
        "ward_code": ["Bắt buộc phải nhập."]}
    assert "ward_code" in fields_of(admin.post(f"{API}/institutions", json=school(ward_code="99999")))
    assert "ward_code" in fields_of(admin.post(f"{API}/institutions", json=school(ward_code=None)))
    created = admin.post(f"{API}/institutions", json=school(ward_code=WARD))
    assert (created.status_code, created.json["ward"]["code"]) == (201, WARD)
    assert admin.get(f"{API}/institutions?ward=99999").status_code == 404


def test_an_officer_may_not_reach_another_wards_institutions(desk, admin, records_audit):
    theirs = admin.post(f"{API}/institutions", json=school(ward_code=OTHER_WARD)).json
    assert desk.get(f"{API}/institutions").json["items"] == []
    assert desk.get(f"{API}/institutions?ward={OTHER_WARD}").status_code == 403
    assert desk.post(f"{API}/institutions", json=school(ward_code=OTHER_WARD)).status_code == 403
    assert desk.patch(f"{API}/institutions/{theirs['id']}", json={"has_policy": True}).status_code == 404
    assert desk.delete(f"{API}/institutions/{theirs['id']}").status_code == 404
    assert admin.get(f"{API}/institutions").json["items"] == [theirs]
    assert [a for a, _, _ in records_audit()] == ["institution.created"]


@pytest.mark.parametrize("change, field", [
    ({"kind": "hospital"}, "kind"), ({"name": ""}, "name"), ({"name": "x" * 201}, "name"),
    ({"has_policy": None}, "has_policy"), ({"has_policy": "maybe"}, "has_policy"),
    ({"policy_date": FUTURE, "has_policy": True}, "policy_date"), ({"policy_date": "1999-01-01"}, "policy_date"),
    ({"policy_date": day(1, 2)}, "policy_date"), ({"ward_code": "3113"}, "ward_code"), ({"id": 5}, "id"),
])
def test_a_bad_institution_is_422(desk, change, field):
    assert field in fields_of(desk.post(f"{API}/institutions", json=school(**change)))
    assert desk.get(f"{API}/institutions").json["items"] == []


@pytest.mark.parametrize("change, field", [({"kind": "business"}, "kind"), ({"name": "  "}, "name"),
                                           ({"has_policy": 3}, "has_policy")])
def test_a_bad_institution_change_is_422_and_changes_nothing(desk, change, field):
    url = f"{API}/institutions/{desk.post(f'{API}/institutions', json=school()).json['id']}"
    before = desk.get(f"{API}/institutions").json
    assert field in fields_of(desk.patch(url, json=change))
    assert desk.get(f"{API}/institutions").json == before


def test_deleting_an_institution(desk, records_audit):
    url = f"{API}/institutions/{desk.post(f'{API}/institutions', json=school()).json['id']}"
    assert desk.delete(url).status_code == 204
    assert desk.get(f"{API}/institutions").json["items"] == []
    assert desk.delete(url).status_code == 404
    assert desk.patch(f"{API}/institutions/99999999999", json={"name": "X"}).status_code == 404
    assert [a for a, _, _ in records_audit()] == ["institution.created", "institution.deleted"]


# Trainings and who attended them.

def test_the_trainees_are_the_active_collaborators_and_officers_of_the_ward(desk, admin, make_user, app,
                                                                            records_people):
    gone = make_user("collaborator", ward=WARD)
    with app.app_context(), database.connection_context():
        accounts.set_active(None, gone, False)
    make_user("provider")
    people = records_people
    assert {t["id"] for t in desk.get(f"{API}/trainees").json["items"]} == {
        people["officer"].id, people["collaborator"].id}
    item = desk.get(f"{API}/trainees").json["items"][0]
    assert set(item) == {"id", "display_name", "role", "ward_code"}
    assert {t["id"] for t in admin.get(f"{API}/trainees?ward={OTHER_WARD}").json["items"]} == {
        people["other_officer"].id, people["other_collaborator"].id}
    assert len(admin.get(f"{API}/trainees").json["items"]) == 4
    assert desk.get(f"{API}/trainees?ward={OTHER_WARD}").status_code == 403


def test_an_officer_records_a_training_with_its_attendees(desk, records_people, records_audit):
    people = records_people
    body = training(attendee_ids=[people["collaborator"].id, people["officer"].id])
    response = desk.post(f"{API}/trainings", json=body)
    assert response.status_code == 201
    made = response.json
    assert (made["ward"]["code"], made["held_on"], made["topic"], made["hours"]) == (
        WARD, day(5, 20), "Kỹ năng tiếp nhận", 8)
    assert made["participants"] == {"collaborator": 12, "ward_officer": 2, "provider": 0, "other": 5}
    assert sorted((a["id"], a["role"]) for a in made["attendees"]) == sorted(
        [(people["collaborator"].id, "collaborator"), (people["officer"].id, "ward_officer")])
    assert desk.get(f"{API}/trainings?year={YEAR}").json["items"] == [made]
    assert records_audit() == [("training.created", WARD, {"attendees": 2, "hours": 8, "participants": 19})]


def test_trainings_are_listed_for_the_year_newest_first(desk):
    made = [desk.post(f"{API}/trainings", json=training(held_on=held)).json["id"]
            for held in (day(3, 1), day(9, 1), day(12, 31, EARLIER), day(1, 1))]
    assert ids(desk.get(f"{API}/trainings?year={YEAR}")) == [made[1], made[0], made[3]]
    assert ids(desk.get(f"{API}/trainings?year={EARLIER}")) == [made[2]]


@pytest.mark.parametrize("query", ["", "year=", "year=1999", "year=2101", "year=abc", "year=2025.5",
                                   f"year={YEAR}&ward=3113"])
def test_the_year_is_required_and_sane(desk, query):
    for path in ("trainings", "communications"):
        assert fields_of(desk.get(f"{API}/{path}?{query}"))


def test_a_city_wide_training_is_in_every_wards_list_with_only_that_wards_people(admin, desk, other_desk,
                                                                                 records_people):
    people = records_people
    body = training(ward_code=None, attendee_ids=[people["collaborator"].id, people["other_collaborator"].id])
    made = admin.post(f"{API}/trainings", json=body)
    assert (made.status_code, made.json["ward"], len(made.json["attendees"])) == (201, None, 2)
    own = desk.get(f"{API}/trainings?year={YEAR}").json["items"]
    assert [[a["id"] for a in t["attendees"]] for t in own] == [[people["collaborator"].id]]
    theirs = other_desk.get(f"{API}/trainings?year={YEAR}").json["items"]
    assert [[a["id"] for a in t["attendees"]] for t in theirs] == [[people["other_collaborator"].id]]
    assert len(admin.get(f"{API}/trainings?year={YEAR}").json["items"][0]["attendees"]) == 2
    # Officers see it, but it is the city's to change.
    url = f"{API}/trainings/{made.json['id']}"
    assert desk.patch(url, json={"hours": 1}).status_code == 403
    assert desk.delete(url).status_code == 403
    assert desk.post(f"{API}/trainings", json=training(ward_code=None)).status_code == 403


def test_an_officer_may_not_reach_another_wards_trainings(admin, desk, records_people, records_audit):
    theirs = admin.post(f"{API}/trainings", json=training(ward_code=OTHER_WARD)).json
    assert desk.get(f"{API}/trainings?year={YEAR}").json["items"] == []
    assert desk.get(f"{API}/trainings?year={YEAR}&ward={OTHER_WARD}").status_code == 403
    assert desk.post(f"{API}/trainings", json=training(ward_code=OTHER_WARD)).status_code == 403
    assert desk.patch(f"{API}/trainings/{theirs['id']}", json={"hours": 1}).status_code == 404
    assert desk.delete(f"{API}/trainings/{theirs['id']}").status_code == 404
    assert admin.get(f"{API}/trainings?year={YEAR}").json["items"] == [theirs]
    assert [a for a, _, _ in records_audit()] == ["training.created"]


@pytest.mark.parametrize("who", ["other_collaborator", "admin", "unknown", "disabled", "provider"])
def test_attendees_are_active_staff_of_the_trainings_ward(desk, make_user, app, records_people, who):
    if who == "unknown":
        attendee = 99_999
    elif who == "disabled":
        user = make_user("collaborator", ward=WARD)
        with app.app_context(), database.connection_context():
            accounts.set_active(None, user, False)
        attendee = user.id
    elif who == "provider":
        attendee = make_user("provider").id
    else:
        attendee = records_people[who].id
    body = training(attendee_ids=[records_people["collaborator"].id, attendee])
    assert list(fields_of(desk.post(f"{API}/trainings", json=body))) == ["attendee_ids"]
    assert desk.get(f"{API}/trainings?year={YEAR}").json["items"] == []


def test_the_counts_include_the_named_attendees(desk, records_people):
    body = training(participants={"collaborator": 0, "ward_officer": 1},
                    attendee_ids=[records_people["collaborator"].id, records_people["officer"].id])
    response = desk.post(f"{API}/trainings", json=body, headers={"Accept-Language": "en"})
    assert fields_of(response) == {"participants": {
        "collaborator": ["Fewer than the attendees named with this role (1)."]}}


def test_changing_a_training_and_its_attendees(desk, make_user, app, records_people, records_audit):
    first, second = records_people["collaborator"], make_user("collaborator", ward=WARD)
    made = desk.post(f"{API}/trainings", json=training(attendee_ids=[first.id])).json
    url = f"{API}/trainings/{made['id']}"
    kept = desk.patch(url, json={"topic": "Sơ cứu tâm lý", "hours": 4})
    assert (kept.json["topic"], kept.json["hours"], [a["id"] for a in kept.json["attendees"]]) == (
        "Sơ cứu tâm lý", 4, [first.id])
    replaced = desk.patch(url, json={"attendee_ids": [second.id]})
    assert [a["id"] for a in replaced.json["attendees"]] == [second.id]
    # An attendee disabled since stays on the list when it is sent back unchanged.
    with app.app_context(), database.connection_context():
        accounts.set_active(None, second, False)
    assert desk.patch(url, json={"attendee_ids": [second.id], "held_on": day(6, 1)}).status_code == 200
    assert desk.patch(url, json={"attendee_ids": []}).json["attendees"] == []
    assert desk.get(f"{API}/trainings?year={YEAR}").json["items"][0]["held_on"] == day(6, 1)
    assert [(a, d["changed"]) for a, _, d in records_audit()[1:]] == [
        ("training.updated", ["hours", "topic"]), ("training.updated", ["attendee_ids"]),
        ("training.updated", ["attendee_ids", "held_on"]), ("training.updated", ["attendee_ids"])]


@pytest.mark.parametrize("change, field", [
    ({"hours": 0}, "hours"), ({"hours": 201}, "hours"), ({"hours": "3"}, "hours"), ({"hours": 2.5}, "hours"),
    ({"topic": " "}, "topic"), ({"topic": "x" * 201}, "topic"), ({"held_on": FUTURE}, "held_on"),
    ({"held_on": "1999-12-31"}, "held_on"), ({"participants": {"collaborator": -1}}, "participants"),
    ({"participants": {"volunteer": 1}}, "participants"), ({"participants": {"other": 100_001}}, "participants"),
    ({"participants": [1, 2]}, "participants"), ({"attendee_ids": [1, 1]}, "attendee_ids"),
    ({"attendee_ids": ["x"]}, "attendee_ids"), ({"attendee_ids": [0]}, "attendee_ids"),
    ({"ward_code": "3113"}, "ward_code"),
])
def test_a_bad_training_is_422_and_a_bad_change_changes_nothing(desk, change, field):
    assert field in fields_of(desk.post(f"{API}/trainings", json=training(**change)))
    made = desk.post(f"{API}/trainings", json=training()).json
    if field != "ward_code":  # the ward of a training is not changed by a PATCH (below)
        assert field in fields_of(desk.patch(f"{API}/trainings/{made['id']}", json=change))
    assert desk.get(f"{API}/trainings?year={YEAR}").json["items"] == [made]


def test_a_city_admin_says_which_ward_or_city_wide(admin):
    assert fields_of(admin.post(f"{API}/trainings", json=training())) == {"ward_code": ["Bắt buộc phải nhập."]}
    assert "ward_code" in fields_of(admin.post(f"{API}/trainings", json=training(ward_code="99999")))
    assert "ward_code" in fields_of(admin.patch(f"{API}/trainings/1", json={"ward_code": WARD}))


def test_deleting_a_training(desk, records_people, records_audit):
    made = desk.post(f"{API}/trainings", json=training(attendee_ids=[records_people["collaborator"].id])).json
    assert desk.delete(f"{API}/trainings/{made['id']}").status_code == 204
    assert desk.get(f"{API}/trainings?year={YEAR}").json["items"] == []
    assert desk.delete(f"{API}/trainings/{made['id']}").status_code == 404
    assert [(a, w) for a, w, _ in records_audit()] == [("training.created", WARD), ("training.deleted", WARD)]


# Communication activities.

def test_an_officer_records_a_communication_activity(desk, records_campaign, records_audit):
    response = desk.post(f"{API}/communications", json=activity(campaign_id=records_campaign, note="Chợ Tân An"))
    assert response.status_code == 201
    made = response.json
    assert set(made) == {"id", "ward", "campaign", "held_on", "form", "audience", "participants", "note",
                         "updated_at"}
    assert (made["ward"]["code"], made["campaign"], made["form"], made["participants"], made["note"]) == (
        WARD, {"id": records_campaign, "title": "Tháng hành động"}, "loudspeaker", 300, "Chợ Tân An")
    english = desk.get(f"{API}/communications?year={YEAR}", headers={"Accept-Language": "en"}).json["items"]
    assert english[0]["campaign"]["title"] == "Action month"
    assert records_audit() == [("communication.created", WARD, {
        "audience": "residents", "campaign_id": records_campaign, "form": "loudspeaker", "participants": 300})]


def test_communications_are_listed_for_the_year_newest_first_with_city_wide_ones(desk, admin, other_desk):
    own = [desk.post(f"{API}/communications", json=activity(held_on=held)).json["id"]
           for held in (day(3, 8), day(10, 20), day(11, 25, EARLIER))]
    city = admin.post(f"{API}/communications", json=activity(ward_code=None, held_on=day(6, 1))).json
    theirs = other_desk.post(f"{API}/communications", json=activity()).json
    assert city["ward"] is None
    assert ids(desk.get(f"{API}/communications?year={YEAR}")) == [own[1], city["id"], own[0]]
    assert ids(desk.get(f"{API}/communications?year={EARLIER}")) == [own[2]]
    assert ids(admin.get(f"{API}/communications?year={YEAR}&ward={OTHER_WARD}")) == [theirs["id"], city["id"]]
    assert len(admin.get(f"{API}/communications?year={YEAR}").json["items"]) == 4


def test_changing_a_communication_activity(desk, records_campaign, records_audit):
    made = desk.post(f"{API}/communications", json=activity(campaign_id=records_campaign)).json
    url = f"{API}/communications/{made['id']}"
    changed = desk.patch(url, json={"campaign_id": None, "participants": 250, "note": "Loa phát thanh ấp 3"})
    assert changed.status_code == 200
    assert (changed.json["campaign"], changed.json["participants"], changed.json["note"]) == (
        None, 250, "Loa phát thanh ấp 3")
    assert "campaign_id" in fields_of(desk.patch(url, json={"campaign_id": 99_999}))
    assert desk.get(f"{API}/communications?year={YEAR}").json["items"] == [changed.json]
    assert [(a, d.get("changed")) for a, _, d in records_audit()] == [
        ("communication.created", None), ("communication.updated", ["campaign_id", "note", "participants"])]


def test_an_officer_may_not_reach_another_wards_or_the_citys_activities(desk, admin, records_audit):
    theirs = admin.post(f"{API}/communications", json=activity(ward_code=OTHER_WARD)).json
    city = admin.post(f"{API}/communications", json=activity(ward_code=None)).json
    assert ids(desk.get(f"{API}/communications?year={YEAR}")) == [city["id"]]
    assert desk.get(f"{API}/communications?year={YEAR}&ward={OTHER_WARD}").status_code == 403
    assert desk.post(f"{API}/communications", json=activity(ward_code=OTHER_WARD)).status_code == 403
    for method, expected in (("patch", 404), ("delete", 404)):
        kwargs = {"json": {"participants": 1}} if method == "patch" else {}
        assert getattr(desk, method)(f"{API}/communications/{theirs['id']}", **kwargs).status_code == expected
        assert getattr(desk, method)(f"{API}/communications/{city['id']}", **kwargs).status_code == 403
    assert [a for a, _, _ in records_audit()] == ["communication.created"] * 2


@pytest.mark.parametrize("change, field", [
    ({"form": "radio"}, "form"), ({"audience": "aliens"}, "audience"), ({"participants": -1}, "participants"),
    ({"participants": 100_001}, "participants"), ({"participants": None}, "participants"),
    ({"note": "x" * 501}, "note"), ({"held_on": "1999-12-31"}, "held_on"), ({"held_on": FUTURE}, "held_on"),
    ({"campaign_id": 99_999}, "campaign_id"), ({"campaign_id": "1"}, "campaign_id"),
])
def test_a_bad_communication_is_422_and_a_bad_change_changes_nothing(desk, change, field):
    assert field in fields_of(desk.post(f"{API}/communications", json=activity(**change)))
    made = desk.post(f"{API}/communications", json=activity()).json
    assert field in fields_of(desk.patch(f"{API}/communications/{made['id']}", json=change))
    assert desk.get(f"{API}/communications?year={YEAR}").json["items"] == [made]


def test_deleting_a_communication_activity(desk, records_audit):
    made = desk.post(f"{API}/communications", json=activity()).json
    assert desk.delete(f"{API}/communications/{made['id']}").status_code == 204
    assert desk.get(f"{API}/communications?year={YEAR}").json["items"] == []
    assert desk.delete(f"{API}/communications/{made['id']}").status_code == 404
    assert [a for a, _, _ in records_audit()] == ["communication.created", "communication.deleted"]


# The audit trail.

def test_the_audit_trail_names_no_text_anyone_wrote(desk, admin, records_people, records_campaign, app):
    secret = "Canary ghi chú riêng"
    desk.put(f"{API}/mechanisms/{WARD}", json=mechanism(document_number="Canary/QĐ", note=secret))
    school_id = desk.post(f"{API}/institutions", json=school(name="Canary school")).json["id"]
    desk.patch(f"{API}/institutions/{school_id}", json={"name": "Canary school 2"})
    made = admin.post(f"{API}/trainings", json=training(
        ward_code=None, topic="Canary topic", attendee_ids=[records_people["collaborator"].id])).json
    admin.patch(f"{API}/trainings/{made['id']}", json={"topic": "Canary topic 2"})
    desk.post(f"{API}/communications", json=activity(note=secret, campaign_id=records_campaign))
    events = record_events(app)
    assert len(events) == 6
    for event in events:
        assert "Canary" not in event.details and "Test " not in event.details, event.action
        assert event.actor_id in (records_people["officer"].id, records_people["admin"].id)
