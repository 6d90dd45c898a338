"""Delivering a reminder to everyone it is for, in pages: claim a page in the database, send it with the
network and no transaction open, record the answers in small batches as they come back (renewing the
lease), next page (server.push.ledger says how that adds up to exactly once)."""
import asyncio
import hashlib
import uuid
from collections import Counter

from flask import current_app

from server.clock import now_utc
from server.db import database
from server.push import ledger
from server.push.models import Reminder
from server.push.payloads import payload
from server.push.sender import Message, PushSender
from server.push.vapid import contact, current_vapid

# Campaign messages may wait at the push service for a phone that is off for a day or three (the issue's
# 1-3 days); nothing we send is worth delivering after its reminder expires.
MAX_TTL_SECONDS = 3 * 24 * 3600


def endpoint_hash(endpoint):
    """How a subscription is found again without decrypting every row. A plain SHA-256 suffices: an
    endpoint holds a long random token of its push service, so the hash cannot be reversed by guessing."""
    return hashlib.sha256(endpoint.encode()).hexdigest()


def sender_from_config(app=None):
    app = app or current_app
    return PushSender(current_vapid(), contact(app), concurrency=app.config["PUSH_CONCURRENCY"],
                      timeout_seconds=app.config["PUSH_TIMEOUT_SECONDS"],
                      encryption_processes=app.config["PUSH_ENCRYPTION_PROCESSES"])


def _message(reminder, claimed, payloads, now):
    key = (claimed.language, claimed.discreet)
    if key not in payloads:
        payloads[key] = payload(reminder, *key)
    ttl = int((reminder.expires_at - now).total_seconds())
    return Message(
        delivery_id=claimed.delivery_id, subscription_id=claimed.subscription_id, endpoint=claimed.endpoint,
        p256dh=claimed.p256dh, auth=claimed.auth, payload=payloads[key],
        ttl=max(60, min(ttl, MAX_TTL_SECONDS)), urgency=reminder.urgency,
        # Same topic for every copy of this reminder: a resend replaces an undelivered first copy.
        topic=f"binhan-r{reminder.id}",
    )


def deliver(reminder_id, sender, page_size=None, max_attempts=None):
    """Send one reminder to every subscriber it is for who has not had it; returns the outcome counts, or
    None when another run holds the reminder."""
    config = current_app.config
    token = uuid.uuid4().hex
    if not ledger.claim_reminder(reminder_id, token, now_utc()):
        return None
    reminder = Reminder.get_by_id(reminder_id)
    ledger.take_over_unfinished(reminder_id, token, now_utc())
    recorder = _Recorder(reminder, token, max_attempts or config["PUSH_MAX_ATTEMPTS"],
                         batch=max(1, min(RECORD_BATCH, sender.concurrency // 4)))
    asyncio.run(_pages(reminder, sender, token, page_size or config["PUSH_PAGE_SIZE"], recorder))
    ledger.finish(reminder_id, token, now_utc())
    return recorder.counts


# Outcomes are written as the answers come back, every RECORD_BATCH answers (at most a quarter of the
# messages in flight) or RECORD_INTERVAL_SECONDS after the first unwritten one, whichever comes first, so
# that after a crash only what was in flight goes out again. A message keeps its slot while it waits to be
# written, so these two bound how much longer than the push service's answer a slot is held: larger batches
# would mean fewer transactions but idle slots (bench/push_fanout.py weighed the two).
RECORD_BATCH = 100
RECORD_INTERVAL_SECONDS = 0.05


class _Recorder:
    """``await recorder(outcome)`` returns once the outcome is in the ledger (server.push.sender holds the
    message's slot until then). Writing also renews the run's lease on the reminder."""

    def __init__(self, reminder, token, max_attempts, batch):
        self.reminder = reminder
        self.token = token
        self.max_attempts = max_attempts
        self.batch = batch
        self.counts = Counter()
        self.claimed = {}  # delivery id -> Claimed, for the rows sent and not yet written
        self.waiting = []  # outcomes not yet written
        self.written = None  # a future that resolves when ``waiting`` is written
        self.timer = None

    def expect(self, page):
        self.claimed.update((claimed.delivery_id, claimed) for claimed in page)

    async def __call__(self, outcome):
        loop = asyncio.get_running_loop()
        if self.written is None:
            self.written = loop.create_future()
            self.timer = loop.call_later(RECORD_INTERVAL_SECONDS, self.write)
        written = self.written
        self.waiting.append(outcome)
        if len(self.waiting) >= self.batch:
            self.write()
        await written
        return outcome

    def write(self):
        """One short transaction for what is waiting; plain (blocking) database calls, as in ``_pages``."""
        self.timer.cancel()
        outcomes, written = self.waiting, self.written
        self.waiting, self.written, self.timer = [], None, None
        sent = [self.claimed.pop(outcome.delivery_id) for outcome in outcomes]
        try:
            with database.atomic():  # one commit for both
                ledger.record(outcomes, {c.delivery_id: c.attempts for c in sent},
                              {c.delivery_id: endpoint_hash(c.endpoint) for c in sent}, now_utc(),
                              self.reminder.expires_at, self.max_attempts)
                ledger.renew_lease(self.reminder.id, self.token, now_utc())
        except Exception as error:  # noqa: BLE001 (every message waiting on this write fails with it)
            written.set_exception(error)
            return
        self.counts.update(outcome.kind for outcome in outcomes)
        written.set_result(None)


async def _pages(reminder, sender, token, page_size, recorder):
    """Page after page, the next one claimed and on its way while the answers to the last still come in, so
    the push services are never idle while the database works. The database calls are plain (blocking):
    they are short, and nothing else shares this event loop."""
    payloads = {}
    sending = None  # (page, task) of the page in flight
    async with sender.channel() as channel:
        while True:
            in_flight = {claimed.delivery_id for claimed in sending[0]} if sending else ()
            page = ledger.claim_page(reminder, token, now_utc(), page_size, in_flight)
            now = now_utc()
            recorder.expect(page)
            task = asyncio.ensure_future(
                channel.send([_message(reminder, c, payloads, now) for c in page], recorder)) if page else None
            if sending:
                await sending[1]
            if not page:
                return
            sending = (page, task)


def deliver_due(sender):
    """Every reminder whose time has come and that is not finished; the scheduler runs this each minute."""
    now = now_utc()
    ledger.expire_overdue(now)
    # The ids are read in full before the first is sent: on SQLite a query still being read keeps its
    # snapshot, and a write after another connection's commit then fails at once ("database is locked").
    due = [reminder_id for (reminder_id,) in
           Reminder.select(Reminder.id)
           .where(Reminder.state.in_(["waiting", "sending"]), Reminder.due_at <= now, Reminder.expires_at > now,
                  Reminder.claimed_by.is_null() | (Reminder.lease_until < now))
           .order_by(Reminder.due_at).tuples()]
    return {reminder_id: deliver(reminder_id, sender) for reminder_id in due}
