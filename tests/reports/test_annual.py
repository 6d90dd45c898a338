"""The annual report: a draft the ward writes, submissions frozen as versions, late after 01/12, and what
the city sees of them."""
import uuid
from datetime import datetime


from server.audit.models import AuditEvent
from server.db import database
from tests.clock import at
from tests.conftest import OTHER_WARD, WARD, race
from tests.reports.conftest import CANARY_NAME, YEAR

ANNUAL = f"/api/v1/reports/annual/{YEAR}"


def submit(client, notes="Báo cáo năm của phường", report_id=None):
    return client.post(f"{ANNUAL}/submissions", json={"id": str(report_id or uuid.uuid4()), "notes": notes})


def test_notes_are_kept_as_a_draft_and_a_stale_save_is_refused(clients):
    officer = clients["officer"]
    assert officer.get(ANNUAL).json["draft"] is None
    first = officer.put(f"{ANNUAL}/draft", json={"notes": "Đã tập huấn 2 đợt", "base_version": 0})
    assert first.status_code == 200 and first.json["version"] == 1
    second = officer.put(f"{ANNUAL}/draft", json={"notes": "Đã tập huấn 3 đợt", "base_version": 1})
    assert second.json["version"] == 2
    stale = officer.put(f"{ANNUAL}/draft", json={"notes": "ghi đè", "base_version": 1})
    assert stale.status_code == 409 and stale.json["error"]["code"] == "version_conflict"
    assert officer.get(ANNUAL).json["draft"]["notes"] == "Đã tập huấn 3 đợt"


def test_a_submission_is_frozen_and_a_new_version_keeps_the_old_one(clients, add_cases):
    officer = clients["officer"]
    add_cases(6, served=6)
    officer.put(f"{ANNUAL}/draft", json={"notes": "bản nháp", "base_version": 0})
    first = submit(officer, notes="Lần 1")
    assert first.status_code == 201 and first.json["version"] == 1 and first.json["late"] is False
    assert officer.get(ANNUAL).json["draft"] is None  # the draft became the submission

    add_cases(4)  # cases recorded after the submission do not change it
    second = submit(officer, notes="Lần 2: bổ sung")
    assert second.json["version"] == 2
    report = officer.get(ANNUAL).json
    assert [s["version"] for s in report["submissions"]] == [2, 1]
    frozen = officer.get(f"{ANNUAL}/submissions/1").json
    assert frozen["notes"] == "Lần 1" and frozen["statistics"]["total"] == 6
    assert officer.get(f"{ANNUAL}/submissions/2").json["statistics"]["total"] == 10
    assert officer.get(f"{ANNUAL}/submissions/3").status_code == 404


def test_the_same_submission_sent_twice_is_one_version(clients):
    report_id = uuid.uuid4()
    first = submit(clients["officer"], report_id=report_id)
    again = submit(clients["officer"], report_id=report_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert len(clients["officer"].get(ANNUAL).json["submissions"]) == 1


def test_two_officers_submitting_at_once_get_two_versions(app, log_in, make_user, staff):
    colleagues = [log_in(staff["officer"]), log_in(make_user("ward_officer", ward=WARD))]
    answers = race(*[lambda c=c: submit(c) for c in colleagues])
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert sorted(a.json["version"] for a in answers) == [1, 2]


def test_a_report_submitted_on_or_after_1_december_in_can_tho_is_late(log_in, staff):
    # Logged in again at each moment: a session idle for a day and a half has ended.
    with at(datetime(YEAR, 11, 30, 16, 59)):  # 23:59 on 30/11 in Cần Thơ
        assert submit(log_in(staff["officer"])).json["late"] is False
    with at(datetime(YEAR, 11, 30, 17, 0)):  # midnight: 01/12 has begun in Cần Thơ
        officer = log_in(staff["officer"])
        assert officer.get(ANNUAL).json["late_now"] is True
        assert submit(officer).json["late"] is True
    with at(datetime(YEAR, 12, 2, 3, 0)):
        overview = log_in(staff["admin"]).get(f"/api/v1/reports/overview?year={YEAR}").json
    assert overview["submitted"] == 1 and overview["late"] == 1
    ward = next(w for w in overview["wards"] if w["ward"]["code"] == WARD)
    assert ward["submission"]["version"] == 2 and ward["submission"]["late"] is True


def test_a_year_that_has_not_begun_cannot_be_submitted(clients):
    answer = clients["officer"].post(f"/api/v1/reports/annual/{YEAR + 1}/submissions",
                                     json={"id": str(uuid.uuid4()), "notes": ""})
    assert answer.status_code == 422 and "year" in answer.json["error"]["fields"]


def test_bad_bodies_are_422_and_change_nothing(clients):
    officer = clients["officer"]
    officer.put(f"{ANNUAL}/draft", json={"notes": "giữ nguyên", "base_version": 0})
    for body in ({"notes": "x"}, {"notes": 5, "base_version": 1}, {"notes": "a" * 20001, "base_version": 1},
                 {"notes": "a\x00b", "base_version": 1}):
        assert officer.put(f"{ANNUAL}/draft", json=body).status_code == 422
    assert officer.post(f"{ANNUAL}/submissions", json={"id": "not-a-uuid"}).status_code == 422
    assert officer.get(ANNUAL).json["draft"]["notes"] == "giữ nguyên"
    assert officer.get("/api/v1/reports/annual/1999").status_code == 422


def test_the_city_admin_reads_but_never_writes_a_wards_report(clients, add_cases):
    add_cases(3)
    submit(clients["officer"])
    admin = clients["admin"]
    assert admin.get(f"{ANNUAL}?ward={WARD}").json["submissions"][0]["version"] == 1
    assert admin.get(ANNUAL).status_code == 422  # which ward?
    assert admin.put(f"{ANNUAL}/draft", json={"notes": "", "base_version": 0}).status_code == 403
    assert submit(admin).status_code == 403
    frozen = admin.get(f"{ANNUAL}/submissions/1?ward={WARD}")
    assert frozen.status_code == 200 and frozen.json["statistics"]["total"] == "<5"
    assert CANARY_NAME not in frozen.data.decode()


def test_another_wards_officer_sees_nothing_of_the_report(clients):
    submit(clients["officer"])
    other = clients["other_officer"]
    assert other.get(f"{ANNUAL}?ward={WARD}").status_code == 403
    assert other.get(f"{ANNUAL}/submissions/1?ward={WARD}").status_code == 403
    assert other.get(f"{ANNUAL}/submissions/1").status_code == 404  # their own ward has none
    assert other.get(ANNUAL).json["submissions"] == []


def test_the_city_counts_a_submitted_ward_with_the_figures_it_submitted(clients, add_cases):
    add_cases(7, served=7)
    submit(clients["officer"])
    add_cases(30)  # after the submission
    overview = clients["admin"].get(f"/api/v1/reports/overview?year={YEAR}").json
    ward = next(w for w in overview["wards"] if w["ward"]["code"] == WARD)
    assert ward["cases"] == 7 and ward["statuses"]["a_survivors_served"] == "met"
    assert clients["officer"].get(f"/api/v1/reports/statistics?year={YEAR}").json["total"] == 37


def test_drafts_and_submissions_are_audited(app, clients):
    clients["officer"].put(f"{ANNUAL}/draft", json={"notes": "n", "base_version": 0})
    submit(clients["officer"])
    with app.app_context(), database.connection_context():
        actions = [e.action for e in AuditEvent.select().where(AuditEvent.ward_code == WARD)
                   .order_by(AuditEvent.id)]
    assert "report.draft_saved" in actions and "report.submitted" in actions


def test_the_other_ward_is_untouched_by_a_submission(clients):
    submit(clients["officer"])
    overview = clients["admin"].get(f"/api/v1/reports/overview?year={YEAR}").json
    other = next(w for w in overview["wards"] if w["ward"]["code"] == OTHER_WARD)
    assert other["submission"] is None
