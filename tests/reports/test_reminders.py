"""The "annual report due" reminder: ward officers of wards that have not submitted hear of it two weeks
and three days before 01/12 and on the day it becomes late; a ward that has submitted hears nothing."""
import uuid
from datetime import datetime

from server.db import database
from server.push.models import Reminder
from tests.conftest import OTHER_WARD
from tests.push.test_work_reminders import run_jobs
from tests.reports.conftest import YEAR


def _city(day, month, hour):
    """``hour`` o'clock on day/month of YEAR in Cần Thơ, as UTC."""
    return datetime(YEAR, month, day, hour - 7)  # Cần Thơ is UTC+7; every hour used here is 7 or later


def test_only_wards_that_have_not_submitted_are_reminded_at_each_stage(app, clients, staff, push_service,
                                                                       subscribe_browser):
    submitted_phone = subscribe_browser(user=staff["officer"], topics=["work"], discreet=False)
    waiting_phone = subscribe_browser(user=staff["other_officer"], topics=["work"], discreet=False)
    clients["officer"].post(f"/api/v1/reports/annual/{YEAR}/submissions", json={"id": str(uuid.uuid4())})

    run_jobs(app, _city(16, 11, 10))  # more than two weeks before: nothing
    run_jobs(app, _city(17, 11, 7))  # the day has come, the hour not yet
    assert push_service.received == []

    run_jobs(app, _city(17, 11, 9))
    run_jobs(app, _city(17, 11, 10))  # planned once per stage
    run_jobs(app, _city(28, 11, 9))
    run_jobs(app, _city(1, 12, 9))
    run_jobs(app, _city(2, 12, 9))  # after the day it became late: no more
    titles = [m.payload["title"] for m in push_service.received_by(waiting_phone)]
    assert titles == ["Còn hai tuần để nộp báo cáo năm", "Còn ba ngày để nộp báo cáo năm", "Báo cáo năm đã quá hạn"]
    assert all(m.payload["url"] == "/#/reports" for m in push_service.received_by(waiting_phone))
    assert push_service.received_by(submitted_phone) == []
    with app.app_context(), database.connection_context():
        keys = [r.key for r in Reminder.select().where(Reminder.source == "annual_report")]
    assert sorted(keys) == [f"report-due:{YEAR}:{OTHER_WARD}:{stage}"
                            for stage in ("overdue", "three-days", "two-weeks")]
