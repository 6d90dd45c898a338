"""Indicators and case statistics on fixtures with known answers: what a ward officer sees of their ward,
what the city admin sees of the city and of a ward, and what nobody but the ward sees."""
import json
from datetime import date

import pytest

from server.accounts.models import User
from server.audit.models import AuditEvent
from server.db import database
from server.reports.models import CoordinationMechanism, Institution, TrainingAttendance, TrainingSession
from tests.conftest import OTHER_WARD, WARD
from tests.reports.conftest import CANARY_NAME, CANARY_NARRATIVE, YEAR

INDICATORS = f"/api/v1/reports/indicators?year={YEAR}"
STATISTICS = f"/api/v1/reports/statistics?year={YEAR}"
OVERVIEW = f"/api/v1/reports/overview?year={YEAR}"


def by_code(answer):
    return {item["code"]: item for item in answer["indicators"]}


@pytest.fixture
def ward_records(app, staff, make_shelter, make_user):
    """WARD's records, with known answers: a shelter, a mechanism, 2 of 4 schools and 2 of 2 businesses
    with their policy by the end of YEAR, 1 of its 2 active staff trained."""
    make_shelter(ward_code=WARD, kind="community")
    make_shelter(ward_code=WARD, kind="community", active=False)  # closed: does not count
    disabled = make_user("collaborator", ward=WARD)  # a disabled account is not in the denominator
    with app.app_context(), database.connection_context():
        User.update(active=False).where(User.id == disabled.id).execute()
        officer = staff["officer"].id
        CoordinationMechanism.create(ward=WARD, document_number="15/QĐ-UBND", document_date=date(YEAR, 3, 1),
                                     updated_by=officer)
        for name, has_policy, adopted in (("TH Cái Khế", True, date(YEAR, 9, 5)), ("THCS An Hoà", True, None),
                                          ("THPT Châu Văn Liêm", True, date(YEAR + 1, 2, 1)),
                                          ("MN Hoa Sen", False, None)):
            Institution.create(ward=WARD, kind="school", name=name, has_policy=has_policy, policy_date=adopted,
                               updated_by=officer)
        for name in ("Công ty May Cần Thơ", "Siêu thị Ninh Kiều"):
            Institution.create(ward=WARD, kind="business", name=name, has_policy=True, updated_by=officer)
        session = TrainingSession.create(ward=WARD, held_on=date(YEAR, 5, 20), topic="Kỹ năng tiếp nhận", hours=8,
                                         participants=json.dumps({"collaborator": 1, "other": 6}),
                                         recorded_by=officer)
        TrainingAttendance.create(session=session, user=staff["collaborator"].id)


@pytest.fixture
def counted_and_not(add_cases):
    """WARD: 11 cases counted (8 served), and four that are not (no consent, counted by the police,
    reported last year)."""
    add_cases(8, served=8)
    add_cases(2, referral_status="in_progress")
    add_cases(1, reported_elsewhere="other_organisation")  # elsewhere, but not by a reporting organisation
    add_cases(1, consent_for_statistics=False, served=1)
    add_cases(1, reported_elsewhere="reporting_organisation", served=1)
    add_cases(1, report_date=date(YEAR - 1, 12, 31), incident_date=None)


def test_a_ward_officer_sees_every_indicator_of_the_ward_with_known_answers(clients, ward_records,
                                                                           counted_and_not):
    answer = clients["officer"].get(INDICATORS).json
    assert answer["level"] == "ward" and answer["ward"]["code"] == WARD and answer["exact"] is True
    got = {code: (item["numerator"], item["denominator"], item["value"], item["status"])
           for code, item in by_code(answer).items()}
    assert got == {
        "a_survivors_served": (8, 11, 72.7, "not_met"),
        "a_ward_shelters": (1, None, 1, "met"),
        "b_coordination": (1, 1, 1, "met"),
        "c_online_intake": (1, 1, 1, "met"),
        "d_schools": (2, 4, 50.0, "not_met"),
        "d_businesses": (2, 2, 100.0, "met"),
        "e_trained": (1, 2, 50.0, "not_met"),
    }
    first = by_code(answer)["a_survivors_served"]
    assert first["target"] == "a" and first["target_value"] == 100 and first["unit"] == "percent"
    assert first["title"].startswith("Người bị bạo lực") and first["formula"] and first["source"]


def test_what_was_never_recorded_is_no_data_not_zero(clients):
    answer = by_code(clients["other_officer"].get(INDICATORS).json)
    assert answer["a_survivors_served"]["status"] == "no_data" and answer["a_survivors_served"]["value"] is None
    assert answer["b_coordination"]["status"] == "no_data"
    assert answer["d_schools"]["status"] == "no_data" and answer["d_businesses"]["status"] == "no_data"
    # What the app knows by itself is data: no case recorded is a "no" to target (c), not "no data".
    assert answer["c_online_intake"]["status"] == "not_met" and answer["c_online_intake"]["value"] == 0
    assert answer["e_trained"]["value"] == 0.0  # one officer, untrained


def test_english_titles_follow_the_request_language(clients):
    answer = clients["officer"].get(INDICATORS, headers={"Accept-Language": "en"}).json
    assert by_code(answer)["e_trained"]["title"] == "Staff and collaborators trained"


def test_the_city_admin_sees_the_city_and_how_many_wards_meet_each_target(clients, ward_records, counted_and_not,
                                                                          add_cases, make_shelter):
    add_cases(6, ward=OTHER_WARD, served=6)
    for _ in range(5):
        make_shelter(ward_code=WARD, kind="city", standardised=True)
    make_shelter(ward_code=WARD, kind="city", standardised=False)
    answer = clients["admin"].get(INDICATORS).json
    assert answer["level"] == "city" and answer["ward"] is None and answer["exact"] is False
    city = by_code(answer)
    # 14 of 17 served: the 3 not served are a small count, so 14 is hidden with them (17 - 14 = 3).
    served = city["a_survivors_served"]
    assert (served["numerator"], served["denominator"], served["value"], served["status"]) == ("x", 17, None,
                                                                                            "not_met")
    assert city["a_survivors_served"]["wards_meeting"] == 1  # OTHER_WARD served all 6
    assert (city["a_ward_shelters"]["value"], city["a_ward_shelters"]["target_value"]) == (1, 103)
    assert (city["a_city_shelters"]["value"], city["a_city_shelters"]["status"]) == (5, "met")
    assert (city["b_coordination"]["numerator"], city["b_coordination"]["value"]) == (1, 1.0)
    assert city["b_coordination"]["target_value"] == 60 and city["b_coordination"]["status"] == "not_met"
    assert (city["c_online_intake"]["numerator"], city["c_online_intake"]["wards_meeting"]) == (2, 2)
    assert (city["d_schools"]["numerator"], city["d_schools"]["denominator"]) == (2, 4)
    # Three active ward officers and collaborators in WARD and OTHER_WARD plus the admin's none: 1 of 3.
    assert (city["e_trained"]["numerator"], city["e_trained"]["denominator"]) == (1, 3)


def test_a_ward_officers_statistics_count_each_consenting_case_once(clients, add_cases):
    add_cases(3, gbv_type="rape", age_group="12-17", intake_channel="online_request", disability=True)
    add_cases(2, sex="male", incident_date=date(YEAR, 1, 2), report_date=date(YEAR, 2, 20), migrant_worker=True)
    add_cases(1, incident_date=None, report_date=date(YEAR, 7, 1), served=1)
    add_cases(4, consent_for_statistics=False, gbv_type="rape")
    add_cases(2, reported_elsewhere="reporting_organisation", gbv_type="rape")
    stats = clients["officer"].get(STATISTICS).json
    assert stats["exact"] is True and stats["total"] == 6
    assert stats["by"]["gbv_type"]["rape"] == 3 and stats["by"]["gbv_type"]["physical_assault"] == 3
    assert stats["by"]["age_group"] == {"0-11": 0, "12-17": 3, "18-24": 0, "25-59": 3, "60+": 0}
    assert stats["by"]["sex"] == {"female": 4, "male": 2, "other": 0}
    assert stats["by"]["intake_channel"]["online_request"] == 3
    assert stats["by"]["priority_group"] == {"disability": 3, "ethnic_minority": 0, "migrant_worker": 2}
    assert stats["by"]["reporting_delay"] == {"0-3": 3, "4-30": 0, "31-365": 2, "over_365": 0, "unknown": 1}
    months = {m["month"]: m for m in stats["by_month"]}
    assert months[3]["total"] == 3 and months[3]["by_type"]["rape"] == 3 and months[2]["total"] == 2
    assert months[7]["by_type"]["physical_assault"] == 1
    assert stats["referrals"]["total"] == 1 and stats["referrals"]["by_outcome"]["success"] == 1


def test_a_case_served_twice_is_one_survivor_served(app, clients, add_cases):
    (case_id,) = add_cases(1, served=1)
    add_cases(4)
    with app.app_context(), database.connection_context():
        from server.cases.models import Referral
        first = Referral.get(Referral.case == case_id)
        Referral.create(id=__import__("uuid").uuid4(), case=case_id, organization=first.organization_id,
                        service_type="legal_aid", status="done", outcome="success", created_by=first.created_by_id)
    item = by_code(clients["officer"].get(INDICATORS).json)["a_survivors_served"]
    assert (item["numerator"], item["denominator"]) == (1, 5)
    assert clients["officer"].get(STATISTICS).json["referrals"]["by_outcome"]["success"] == 2


def test_the_city_sees_small_counts_as_less_than_5_and_cannot_subtract_its_way_to_them(clients, add_cases):
    add_cases(3, gbv_type="rape")
    add_cases(20, ward=OTHER_WARD, gbv_type="rape")
    add_cases(9, ward=OTHER_WARD)
    admin = clients["admin"]
    ward = admin.get(f"{STATISTICS}&ward={WARD}").json
    assert ward["exact"] is False and ward["total"] == "<5" and ward["by"]["gbv_type"]["rape"] == "<5"
    assert ward["by_month"][2]["total"] == "<5" and ward["by_month"][2]["by_type"] is None
    other = admin.get(f"{STATISTICS}&ward={OTHER_WARD}").json
    city = admin.get(STATISTICS).json
    # City rape total minus the other ward's must not give 3 back: one of them is hidden.
    assert not (isinstance(city["by"]["gbv_type"]["rape"], int) and isinstance(other["by"]["gbv_type"]["rape"], int))
    assert not (isinstance(city["total"], int) and isinstance(other["total"], int))
    # The ward's own officer sees the exact count.
    assert clients["officer"].get(STATISTICS).json["by"]["gbv_type"]["rape"] == 3


def test_the_city_admin_never_gets_a_word_of_a_case(clients, add_cases, ward_records):
    add_cases(12, served=3)
    answers = [clients["admin"].get(url).data.decode() for url in (
        INDICATORS, f"{INDICATORS}&ward={WARD}", STATISTICS, f"{STATISTICS}&ward={WARD}", OVERVIEW)]
    for text in answers:
        assert CANARY_NAME not in text and CANARY_NARRATIVE not in text


def test_the_overview_lists_all_103_wards_with_their_status(clients, add_cases, ward_records):
    add_cases(7, served=7)
    answer = clients["admin"].get(OVERVIEW).json
    assert answer["wards_total"] == 103 and len(answer["wards"]) == 103
    assert answer["deadline"] == f"{YEAR}-12-01" and answer["submitted"] == 0
    ward = next(w for w in answer["wards"] if w["ward"]["code"] == WARD)
    assert ward["submission"] is None and ward["has_draft"] is False
    assert ward["statuses"]["a_survivors_served"] == "met" and ward["statuses"]["b_coordination"] == "met"
    assert isinstance(ward["cases"], int) or ward["cases"] in ("<5", "x")


@pytest.mark.parametrize("role", ["collaborator", "provider", "shelter_host"])
def test_other_roles_get_no_figures(make_user, log_in, role):
    client = log_in(make_user(role))
    for url in (INDICATORS, STATISTICS, OVERVIEW, f"/api/v1/reports/annual/{YEAR}"):
        assert client.get(url).status_code == 403


def test_a_ward_officer_cannot_read_another_wards_figures(clients):
    officer = clients["officer"]
    for url in (f"{INDICATORS}&ward={OTHER_WARD}", f"{STATISTICS}&ward={OTHER_WARD}",
                f"/api/v1/reports/annual/{YEAR}?ward={OTHER_WARD}"):
        answer = officer.get(url)
        assert answer.status_code == 403 and answer.json["error"]["code"] == "forbidden"
    assert officer.get(OVERVIEW).status_code == 403


def test_without_a_session_there_are_no_figures(client):
    assert client.get(INDICATORS).status_code == 401


@pytest.mark.parametrize("query", ["year=2025", "year=abc", "year=99999999999", "", f"year={YEAR}&ward=3113",
                                   f"year={YEAR}&ward=%00"])
def test_bad_queries_are_clear_422s(clients, query):
    answer = clients["admin"].get(f"/api/v1/reports/indicators?{query}")
    assert answer.status_code == 422 and answer.json["error"]["fields"]


def test_an_unknown_ward_is_404_for_the_city_admin(clients):
    assert clients["admin"].get(f"{INDICATORS}&ward=99999").status_code == 404


def test_every_read_of_figures_is_audited_without_a_figure(app, clients, add_cases):
    add_cases(2)
    clients["admin"].get(f"{STATISTICS}&ward={WARD}")
    clients["officer"].get(INDICATORS)
    with app.app_context(), database.connection_context():
        events = list(AuditEvent.select().where(AuditEvent.action.startswith("report.")).order_by(AuditEvent.id))
    assert [(e.action, e.ward_code) for e in events] == [("report.statistics_read", WARD),
                                                         ("report.indicators_read", WARD)]
    assert json.loads(events[0].details) == {"year": YEAR}


def test_the_case_form_says_whether_another_organisation_reported_it_and_statistics_listen(clients, staff, log_in):
    from tests.cases.conftest import build_case_body

    collaborator = log_in(staff["collaborator"])
    counted_elsewhere = build_case_body(incident={"reported_elsewhere": "reporting_organisation",
                                                  "report_date": f"{YEAR}-03-04"})
    created = collaborator.post("/api/v1/cases", json=counted_elsewhere)
    assert created.status_code == 201 and created.json["incident"]["reported_elsewhere"] == "reporting_organisation"
    without_the_question = build_case_body(incident={"report_date": f"{YEAR}-03-04"})
    without_the_question["incident"].pop("reported_elsewhere", None)  # a phone with last month's app
    assert collaborator.post("/api/v1/cases", json=without_the_question).json["incident"]["reported_elsewhere"] \
        == "unknown"
    assert clients["officer"].get(STATISTICS).json["total"] == 1
    wrong = build_case_body(incident={"reported_elsewhere": "maybe"})
    answer = collaborator.post("/api/v1/cases", json=wrong)
    assert answer.status_code == 422 and "reported_elsewhere" in answer.json["error"]["fields"]["incident"]
