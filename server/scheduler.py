"""The one place a scheduler is started: ``flask --app server scheduler``, a process of its own.

Never from ``create_app`` or a web worker: gunicorn runs several workers, and each would send every
reminder. Jobs are plain functions of their domains; exactly once does not depend on there being one
scheduler (the reminder keys and the delivery ledger see to that, server.push.ledger): a second scheduler
started by mistake sends nothing twice, and a restart in the middle of a send sends again only the messages
that were in flight (at most PUSH_CONCURRENCY, each replacing its first copy on the phone).
"""
import logging

from apscheduler.schedulers.blocking import BlockingScheduler

from server.campaigns.operations import ensure_all_occurrences
from server.campaigns.reminders import plan_campaign_reminders
from server.cases.reminders import plan_waiting_referral_reminders
from server.clock import CITY_TIME, city_now
from server.db import database
from server.outage import OutageLog, is_database_outage
from server.push.fanout import deliver_due, sender_from_config
from server.reports.reminders import plan_report_due_reminders
from server.shelters.reminders import plan_stale_shelter_reminders

log = logging.getLogger(__name__)

JOB_DEFAULTS = {
    "misfire_grace_time": 3600,  # a job an hour late (the machine slept) still runs, once (coalesce)
    "coalesce": True,
    "max_instances": 1,  # a long fan-out is never overtaken by the next minute's run of the same job
}


class Jobs:
    """The scheduler's jobs, each run in an application context with its own database connection."""

    def __init__(self, app, carry_on_through_outages=True):
        self.app = app
        # The long-running scheduler waits out a database outage (one line when it starts, one when it
        # ends: the next minute's run tries again); ``--once`` stops at it, for cron or a person to see.
        self.carry_on_through_outages = carry_on_through_outages
        self.outages = OutageLog(log)
        with app.app_context():
            self.sender = sender_from_config(app)

    def _run(self, job):
        try:
            with self.app.app_context(), database.connection_context():
                result = job()
        except Exception as error:
            if not (self.carry_on_through_outages and is_database_outage(error)):
                raise
            self.outages.failed(error)
            return None
        self.outages.succeeded()
        return result

    def keep_calendar(self):
        self._run(ensure_all_occurrences)

    def send_reminders(self):
        """Plan the campaign reminders whose hour has come, then deliver everything due (work reminders too)."""
        def job():
            plan_campaign_reminders()
            for reminder_id, counts in deliver_due(self.sender).items():
                if counts:
                    log.info("reminder %s: %s", reminder_id, dict(counts))
        self._run(job)

    def plan_work_reminders(self):
        def job():
            plan_stale_shelter_reminders()
            plan_waiting_referral_reminders()
            plan_report_due_reminders()
        self._run(job)

    def run_all_once(self):
        self.keep_calendar()
        self.plan_work_reminders()
        self.send_reminders()


def build_scheduler(app):
    jobs = Jobs(app)
    scheduler = BlockingScheduler(timezone=CITY_TIME, job_defaults=JOB_DEFAULTS)
    now = city_now()
    scheduler.add_job(jobs.keep_calendar, "cron", hour=0, minute=5, id="keep-calendar", next_run_time=now)
    scheduler.add_job(jobs.plan_work_reminders, "interval", minutes=15, id="plan-work-reminders", next_run_time=now)
    scheduler.add_job(jobs.send_reminders, "interval", minutes=1, id="send-reminders", next_run_time=now)
    return scheduler
