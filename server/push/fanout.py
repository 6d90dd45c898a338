"""Delivering a reminder to everyone it is for, in pages: claim a page in the database, send it with the
network and no transaction open, record the answers, renew the lease, next page (server.push.ledger says
how that adds up to exactly once)."""
import hashlib
import uuid
from collections import Counter

from flask import current_app

from server.db import utcnow
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
                      timeout_seconds=app.config["PUSH_TIMEOUT_SECONDS"])


def _message(reminder, delivery, subscription, payloads, now):
    key = (subscription.language, subscription.discreet)
    if key not in payloads:
        payloads[key] = payload(reminder, *key)
    ttl = int((reminder.expires_at - now).total_seconds())
    return Message(
        delivery_id=delivery.id, subscription_id=subscription.id, endpoint=subscription.endpoint,
        p256dh=subscription.p256dh, auth=subscription.auth, payload=payloads[key],
        ttl=max(60, min(ttl, MAX_TTL_SECONDS)), urgency=reminder.urgency,
        # Same topic for every copy of this reminder: a resend replaces an undelivered first copy.
        topic=f"binhan-r{reminder.id}",
    )


def deliver(reminder_id, sender, page_size=None, max_attempts=None):
    """Send one reminder to every subscriber it is for who has not had it; returns the outcome counts, or
    None when another run holds the reminder."""
    config = current_app.config
    page_size = page_size or config["PUSH_PAGE_SIZE"]
    max_attempts = max_attempts or config["PUSH_MAX_ATTEMPTS"]
    token = uuid.uuid4().hex
    if not ledger.claim_reminder(reminder_id, token, utcnow()):
        return None
    reminder = Reminder.get_by_id(reminder_id)
    ledger.take_over_unfinished(reminder_id, token, utcnow())
    payloads = {}
    counts = Counter()
    while pairs := ledger.claim_page(reminder, token, utcnow(), page_size):
        now = utcnow()
        messages = [_message(reminder, delivery, subscription, payloads, now) for delivery, subscription in pairs]
        outcomes = sender.send(messages)
        attempts = {delivery.id: delivery.attempts for delivery, _ in pairs}
        hashes = {delivery.id: endpoint_hash(subscription.endpoint) for delivery, subscription in pairs}
        ledger.record(outcomes, attempts, hashes, utcnow(), reminder.expires_at, max_attempts)
        ledger.renew_lease(reminder_id, token, utcnow())
        counts.update(outcome.kind for outcome in outcomes)
    ledger.finish(reminder_id, token, utcnow())
    return counts


def deliver_due(sender):
    """Every reminder whose time has come and that is not finished; the scheduler runs this each minute."""
    now = utcnow()
    ledger.expire_overdue(now)
    due = (Reminder.select(Reminder.id)
           .where(Reminder.state.in_(["waiting", "sending"]), Reminder.due_at <= now, Reminder.expires_at > now,
                  Reminder.claimed_by.is_null() | (Reminder.lease_until < now))
           .order_by(Reminder.due_at).tuples())
    return {reminder_id: deliver(reminder_id, sender) for (reminder_id,) in due}
