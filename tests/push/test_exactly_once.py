"""Exactly once with real scheduler processes: beside web requests that write, two schedulers at once, and a
scheduler killed in the middle of a fan-out then started again. The fake push service decrypts every message,
so "received" means a phone would have shown it."""
import os
import signal
import threading
from collections import Counter
from datetime import timedelta

from server.db import database
from server.push import ledger
from server.push.models import Delivery, Reminder, Subscription

from tests.push.conftest import finished

GONE = [(410, {})] * 3  # the browser dropped this subscription: every try says so
BUSY_ONCE = [(500, {})]  # a push service error once, then accepted


def settled(app):
    with app.app_context(), database.connection_context():
        return (Counter(d.state for d in Delivery.select()), Counter(r.state for r in Reminder.select()),
                Subscription.select().count())


def test_one_scheduler_delivers_two_reminders_once_while_web_requests_write(
        app, clock, push_service, subscribe_browser, make_reminder, make_user, make_case, log_in, start_scheduler):
    # A campaign reminder and a work reminder due together (the common pair), and a ward officer reading a
    # case over and over meanwhile: each read writes an audit row.
    officer = make_user(role="ward_officer")
    residents = [subscribe_browser() for _ in range(30)]
    staff = [subscribe_browser(user=officer, topics=["work"]) for _ in range(15)]
    make_reminder()
    make_reminder(residents=False, topic="work", users=[officer.id])
    case = make_case(make_user(role="collaborator"))
    officer_client = log_in(officer)
    push_service.delay_seconds = 0.01

    scheduler = start_scheduler(clock.now_utc(), PUSH_CONCURRENCY=4, PUSH_PAGE_SIZE=10,
                                PUSH_ENCRYPTION_PROCESSES=0)
    reads = []

    def read_while_it_sends():
        while scheduler.poll() is None:
            reads.append(officer_client.get(f"/api/v1/cases/{case['id']}").status_code)

    reader = threading.Thread(target=read_while_it_sends)
    reader.start()
    output = finished(scheduler)
    reader.join()

    assert set(reads) == {200} and len(reads) > 1
    assert sorted(r.token for r in push_service.received) == sorted(b.token for b in residents + staff), output
    assert settled(app) == (Counter(sent=45), Counter(done=2), 45)


def test_two_schedulers_at_once_deliver_each_message_once(
        app, clock, push_service, subscribe_browser, make_reminder, start_scheduler):
    browsers = [subscribe_browser() for _ in range(45)]
    make_reminder()
    make_reminder(title_vi="Ngày 8/3")
    push_service.delay_seconds = 0.005

    schedulers = [start_scheduler(clock.now_utc(), PUSH_CONCURRENCY=4, PUSH_PAGE_SIZE=5,
                                  PUSH_ENCRYPTION_PROCESSES=0) for _ in range(2)]
    for scheduler in schedulers:
        finished(scheduler)

    assert Counter(r.token for r in push_service.received) == Counter({b.token: 2 for b in browsers})
    assert settled(app) == (Counter(sent=90), Counter(done=2), 45)


def test_a_scheduler_killed_mid_send_resends_only_what_was_in_flight(
        app, clock, push_service, subscribe_browser, make_reminder, start_scheduler):
    gone = [subscribe_browser(answers=GONE) for _ in range(3)]
    busy = [subscribe_browser(answers=BUSY_ONCE) for _ in range(3)]
    others = [subscribe_browser() for _ in range(39)]
    make_reminder()
    push_service.delay_seconds = 0.01
    concurrency = 4
    settings = {"PUSH_CONCURRENCY": concurrency, "PUSH_ENCRYPTION_PROCESSES": 0}

    scheduler = start_scheduler(clock.now_utc(), **settings)
    # SIGKILL as the 25th message arrives: no chance to write anything more.
    push_service.on_request = lambda count: count == 25 and os.kill(scheduler.pid, signal.SIGKILL)
    scheduler.communicate(timeout=120)
    assert scheduler.returncode == -signal.SIGKILL
    push_service.on_request = None
    before_crash = Counter(r.token for r in push_service.received)

    # The next run, once the dead run's lease is over (and the push service's 500s are due again).
    # The next run, once the dead run's lease is over; then one more when its own retries are due (a 500
    # answered to the next run waits a minute).
    later = clock.now_utc() + ledger.LEASE + timedelta(minutes=1)
    finished(start_scheduler(later, **settings))
    finished(start_scheduler(later + timedelta(minutes=5), **settings))

    received = Counter(r.token for r in push_service.received)
    assert set(received) == {b.token for b in busy + others}  # nobody lost
    resent = sum(received.values()) - len(received)
    assert resent <= concurrency, (before_crash, received)
    for token in (token for token, times in received.items() if times > 1):
        copies = [r for r in push_service.received if r.token == token]
        assert len({r.headers["topic"] for r in copies}) == 1  # the phone replaces the first copy
        assert len({r.payload["tag"] for r in copies}) == 1
    deliveries, reminders, subscriptions = settled(app)
    assert deliveries == Counter(sent=42, gone=3) and reminders == Counter(done=1)
    assert all(len(push_service.answers[b.token]) < len(GONE) for b in gone)  # each was tried, answered 410...
    assert subscriptions == 42  # ... and its subscription deleted
