"""Fixtures for sending: a fake push service on loopback, subscribers of it, reminders to send them, scheduler
processes."""
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from server.clock import now_utc
from server.db import database
from server.push import audience
from server.push.fanout import sender_from_config
from server.push.models import Reminder
from server.push.operations import plan_reminder, subscribe
from server.push.vapid import public_key_b64url
from tests.cases.conftest import make_case  # noqa: F401 (fixtures of other domains, shared here)
from tests.push.fake_push_service import FakePushService
from tests.shelters.conftest import host_of, make_shelter  # noqa: F401 (fixtures of other domains, shared here)


@pytest.fixture
def push_service(app):
    with app.app_context():
        key = public_key_b64url()
    with FakePushService(vapid_public_key=key) as service:
        yield service


def subscription_body(subscriber, **choices):
    """What the PWA would POST for this browser (the endpoint is http on loopback: the API would refuse
    it, so tests store it through the operation, past the schema's https rule)."""
    return {"endpoint": subscriber.endpoint, "keys": subscriber.keys(), "topics": ["campaigns"],
            "language": "vi", "ward_code": None, "discreet": True, "old_endpoint": None, **choices}


@pytest.fixture
def subscribe_browser(app, push_service):
    """``subscribe_browser(answers=(...), user=None, **choices)`` -> a Subscriber whose subscription is stored."""

    def make(answers=(), user=None, **choices):
        subscriber = push_service.subscriber(answers)
        with app.app_context(), database.connection_context():
            subscribe(subscription_body(subscriber, **choices), user)
        return subscriber

    return make


@pytest.fixture
def make_reminder(app):
    """``make_reminder(residents=True, ...)`` -> the id of a campaign-like reminder due now."""
    keys = iter(range(1, 10_000))

    def make(residents=True, roles=(), users=(), wards=(), topic="campaigns", title_vi="Ngày 25/11",
             body_vi="Còn 7 ngày", expires_in=timedelta(days=3), **columns):
        key = f"test:{next(keys)}"
        now = now_utc()
        with app.app_context(), database.connection_context():
            plan_reminder(key, source="campaign", source_id="0", topic=topic, title_vi=title_vi,
                          title_en="25 November", body_vi=body_vi, body_en="In 7 days", url="/#/campaigns",
                          audience=audience.encode(residents=residents, roles=roles, users=users, wards=wards),
                          due_at=now, expires_at=now + expires_in, **columns)
            return Reminder.get(Reminder.key == key).id

    return make


@pytest.fixture
def send(app):
    """``send(reminder_id)`` delivers it as the scheduler would; returns the outcome counts."""
    from server.push.fanout import deliver

    def run(reminder_id, **options):
        with app.app_context(), database.connection_context():
            return deliver(reminder_id, sender_from_config(app), **options)

    return run


@pytest.fixture
def start_scheduler(app, database_url):
    """``start_scheduler(moment, **settings)`` -> a ``flask scheduler --once`` process on this test's database,
    its clock at ``moment`` (tests/push/scheduler_at.py), stdout and stderr in one pipe. ``settings`` are
    BINHAN_ settings without the prefix (PUSH_CONCURRENCY=4)."""
    base = {
        **os.environ, "BINHAN_DATABASE_URL": database_url, "BINHAN_SECRET_KEY": app.config["SECRET_KEY"],
        "BINHAN_FIELD_KEYS": app.config["FIELD_KEYS"], "BINHAN_VAPID_PRIVATE_KEY": app.config["VAPID_PRIVATE_KEY"],
    }
    started = []

    def start(moment, **settings):
        environment = {**base, **{f"BINHAN_{name}": str(value) for name, value in settings.items()}}
        command = [sys.executable, "-m", "tests.push.scheduler_at", moment.isoformat(),
                   "--app", "server", "scheduler", "--once"]
        process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def finished(process, timeout=120):
    """The process's output once it has ended; it must have ended well."""
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output.decode()
    return output.decode()
