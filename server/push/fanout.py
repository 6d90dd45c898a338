"""Delivering a reminder to everyone it is for, in pages: claim a page in the database, send it with the
network and no transaction open, record the answers, renew the lease, next page (server.push.ledger says
how that adds up to exactly once)."""
import asyncio
import hashlib
import uuid
from collections import Counter

from flask import current_app

from server.clock import now_utc
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
    counts = asyncio.run(_pages(reminder, sender, token, page_size or config["PUSH_PAGE_SIZE"],
                                max_attempts or config["PUSH_MAX_ATTEMPTS"]))
    ledger.finish(reminder_id, token, now_utc())
    return counts


async def _pages(reminder, sender, token, page_size, max_attempts):
    """Page after page, the next one claimed and on its way while the answers to the last still come in, so
    the push services are never idle while the database works. The database calls are plain (blocking):
    they are short, and nothing else shares this event loop."""
    payloads = {}
    counts = Counter()
    sending = None  # (page, task) of the page in flight
    async with sender.channel() as channel:
        while True:
            in_flight = {claimed.delivery_id for claimed in sending[0]} if sending else ()
            page = ledger.claim_page(reminder, token, now_utc(), page_size, in_flight)
            now = now_utc()
            task = asyncio.ensure_future(channel.send([_message(reminder, c, payloads, now) for c in page])) \
                if page else None
            if sending:
                sent_page, sent_task = sending
                outcomes = await sent_task
                ledger.record(outcomes, {c.delivery_id: c.attempts for c in sent_page},
                              {c.delivery_id: endpoint_hash(c.endpoint) for c in sent_page}, now_utc(),
                              reminder.expires_at, max_attempts)
                ledger.renew_lease(reminder.id, token, now_utc())
                counts.update(outcome.kind for outcome in outcomes)
            if not page:
                return counts
            sending = (page, task)


def deliver_due(sender):
    """Every reminder whose time has come and that is not finished; the scheduler runs this each minute."""
    now = now_utc()
    ledger.expire_overdue(now)
    due = (Reminder.select(Reminder.id)
           .where(Reminder.state.in_(["waiting", "sending"]), Reminder.due_at <= now, Reminder.expires_at > now,
                  Reminder.claimed_by.is_null() | (Reminder.lease_until < now))
           .order_by(Reminder.due_at).tuples())
    return {reminder_id: deliver(reminder_id, sender) for (reminder_id,) in due}
