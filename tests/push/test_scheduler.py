"""The scheduler's jobs end to end: a date on the campaign calendar becomes a decrypted notification on each
subscribed phone, once, however many scheduler processes run."""
import subprocess
import sys
from datetime import datetime, timedelta


from server.campaigns.operations import create_campaign, seed_campaigns
from server.clock import city_today
from server.db import database
from server.push.models import Reminder
from server.scheduler import Jobs

from tests.clock import at
from tests.push.conftest import finished

# 08:05 in Cần Thơ on 1 March 2027: seven days before International Women's Day, just after the send hour.
SEVEN_DAYS_BEFORE_8_MARCH = datetime(2027, 3, 1, 1, 5)


def run_scheduler_once(app, moment):
    with at(moment):
        Jobs(app).run_all_once()


def test_a_campaign_date_becomes_a_decrypted_notification_on_each_phone_once(app, push_service,
                                                                            subscribe_browser, make_user):
    with app.app_context(), database.connection_context():
        seed_campaigns([7, 1, 0])
    discreet = subscribe_browser()
    open_en = subscribe_browser(language="en", discreet=False)
    work_only = subscribe_browser(topics=["work"], user=make_user(role="ward_officer"))

    run_scheduler_once(app, SEVEN_DAYS_BEFORE_8_MARCH - timedelta(minutes=10))  # 07:55: not yet
    assert push_service.received == []

    run_scheduler_once(app, SEVEN_DAYS_BEFORE_8_MARCH)
    assert [r.payload["title"] for r in push_service.received_by(discreet)] == ["Bạn có một nhắc nhở mới"]
    (message,) = push_service.received_by(open_en)
    assert message.payload["title"] == "International Women's Day, 8 March"
    assert message.payload["body"].startswith("In 7 days (08/03): ")
    assert message.payload["url"] == "/#/campaigns"
    assert push_service.received_by(work_only) == []

    run_scheduler_once(app, SEVEN_DAYS_BEFORE_8_MARCH + timedelta(minutes=30))  # the next minutes: nothing new
    run_scheduler_once(app, SEVEN_DAYS_BEFORE_8_MARCH + timedelta(days=2))  # no reminder that day
    assert len(push_service.received) == 2

    run_scheduler_once(app, SEVEN_DAYS_BEFORE_8_MARCH + timedelta(days=6))
    assert push_service.received_by(open_en)[-1].payload["body"].startswith("Tomorrow (08/03): ")
    run_scheduler_once(app, SEVEN_DAYS_BEFORE_8_MARCH + timedelta(days=7))
    assert push_service.received_by(open_en)[-1].payload["body"].startswith("Today: ")
    assert len(push_service.received_by(discreet)) == 3
    assert push_service.rejected == []


def test_a_reminder_the_scheduler_missed_by_more_than_the_late_window_is_not_sent_late(
        app, push_service, subscribe_browser):
    with app.app_context(), database.connection_context():
        seed_campaigns([7, 1, 0])
    subscribe_browser()
    # Down from before 08:00 on 1 March 2027 until the next morning: the "7 days before" reminder is dropped.
    run_scheduler_once(app, SEVEN_DAYS_BEFORE_8_MARCH + timedelta(hours=13))
    assert push_service.received == []


def test_two_scheduler_processes_started_at_once_deliver_each_reminder_exactly_once(
        app, push_service, subscribe_browser, clock, start_scheduler):
    today = city_today()
    with app.app_context(), database.connection_context():
        create_campaign(None, {"title_vi": "Hôm nay", "title_en": "Today", "message_vi": "Thử", "message_en": "Test",
                               "starts_on": today, "ends_on": today, "yearly": False, "audience_residents": True,
                               "audience_roles": [], "audience_wards": [], "active": True}, [0])
    browsers = [subscribe_browser() for _ in range(40)]
    # Today's reminder is due from midnight in Cần Thơ, and still on time for a whole day. Both plan it and
    # send it, with the encryption in a worker process as in production.
    schedulers = [start_scheduler(clock.now_utc(), CAMPAIGN_SEND_HOUR=0, REMINDER_LATE_HOURS=24, PUSH_PAGE_SIZE=5,
                                  PUSH_ENCRYPTION_PROCESSES=1) for _ in range(2)]
    for scheduler in schedulers:
        finished(scheduler)

    assert sorted(r.token for r in push_service.received) == sorted(b.token for b in browsers)
    with app.app_context(), database.connection_context():
        assert [r.state for r in Reminder.select()] == ["done"]


def test_the_web_application_never_starts_a_scheduler(database_url):
    """Web workers run create_app: if it started a scheduler, each gunicorn worker would send every reminder."""
    probe = ("import sys; from server import create_app; from tests.conftest import app_settings; "
             f"create_app(app_settings({database_url!r})); print('apscheduler' in sys.modules)")
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert answer.stdout.strip() == "False"


def test_the_scheduler_runs_in_can_tho_time_once_per_job_with_an_hour_of_grace(app):
    from server.scheduler import build_scheduler

    scheduler = build_scheduler(app)
    assert str(scheduler.timezone) == "Asia/Ho_Chi_Minh"
    assert {job.id for job in scheduler.get_jobs()} == {"keep-calendar", "plan-work-reminders", "send-reminders"}
    # What APScheduler gives every job when it starts (a job not yet started has no attributes to read).
    defaults = scheduler._job_defaults
    assert (defaults["misfire_grace_time"], defaults["coalesce"], defaults["max_instances"]) == (3600, True, 1)
