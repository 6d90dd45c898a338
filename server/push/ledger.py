"""The delivery ledger's state changes: claiming a reminder, claiming pages of deliveries, recording what
the push services answered. Each is one short transaction; none spans a network call.

A reminder is claimed with a lease (a conditional UPDATE only one process can win); a process that dies
mid-send lets the lease run out and the next one carries on where it stopped. Each delivery row is inserted
before its message is sent, unique per (reminder, subscription), and tagged with the claiming run's token:
a second sender can never claim the same phone for the same reminder. Outcomes are recorded as the answers
come back (server.push.fanout), so a row still "claimed" after a crash is one whose message never left, or
one of the few in flight (at most PUSH_CONCURRENCY). Such rows are sent again by the next run, with the same
Topic header and notification tag, so the push service or the phone replaces the first copy if it did get
through (RFC 8030 §5.4).

On SQLite every transaction here is BEGIN IMMEDIATE (server.db), and no query is left half-read while
writing: a read still open keeps its snapshot, and writing from it after another connection's commit fails
at once with "database is locked".
"""
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from peewee import Value, chunked, fn

from server.db import database
from server.push.audience import recipients
from server.push.models import Delivery, Reminder, Subscription
from server.push.sender import backoff_seconds

LEASE = timedelta(minutes=5)


def claim_reminder(reminder_id, token, now):
    """True when this run now holds the reminder (nobody else does, or their lease ran out)."""
    claimed = (Reminder.update(state="sending", claimed_by=token, lease_until=now + LEASE)
               .where(Reminder.id == reminder_id,
                      Reminder.state.in_(["waiting", "sending"]),
                      Reminder.claimed_by.is_null() | (Reminder.lease_until < now))
               .execute())
    return claimed == 1


def renew_lease(reminder_id, token, now):
    Reminder.update(lease_until=now + LEASE).where(Reminder.id == reminder_id, Reminder.claimed_by == token).execute()


def take_over_unfinished(reminder_id, token, now):
    """Rows a dead run claimed but never recorded, and retries whose time has come, become this run's."""
    with database.atomic():
        (Delivery.update(state="claimed", claim_token=token, claimed_at=now)
         .where(Delivery.reminder == reminder_id,
                ((Delivery.state == "claimed") & (Delivery.claim_token != token))
                | ((Delivery.state == "retry") & (Delivery.next_attempt_at <= now)))
         .execute())


@dataclass(frozen=True)
class Claimed:
    """A delivery this run is to make: the ledger row and what sending needs of its subscription."""

    delivery_id: int
    attempts: int
    subscription_id: object
    endpoint: str
    p256dh: str
    auth: str
    language: str
    discreet: bool


def claim_page(reminder, token, now, size, in_flight=()):
    """Up to ``size`` deliveries for this run to make: its own claimed rows first (but those of ``in_flight``,
    the delivery ids of the page being sent now), then new rows for subscribers who have none yet. Empty when
    nothing is left."""
    while True:
        claimed, page = _claim_page_once(reminder, token, now, size, in_flight)
        if page or not claimed:
            return page


def _claim_page_once(reminder, token, now, size, in_flight):
    with database.atomic():
        mine = _claimed_by(reminder.id, token, size, in_flight)
        if len(mine) < size:
            already = Delivery.select(Delivery.subscription_id).where(Delivery.reminder == reminder.id)
            new = (recipients(reminder)
                   .select(Value(reminder.id), Subscription.id, Value(token), Value(now), Value("claimed"), Value(0))
                   .where(Subscription.id.not_in(already))
                   .order_by(Subscription.id).limit(size - len(mine)))
            # One INSERT ... SELECT, no row through Python; a pair another sender inserted first stays theirs.
            (Delivery.insert_from(new, [Delivery.reminder, Delivery.subscription_id, Delivery.claim_token,
                                        Delivery.claimed_at, Delivery.state, Delivery.attempts])
             .on_conflict_ignore().execute())
            mine = _claimed_by(reminder.id, token, size, in_flight)
        wanted = [subscription_id for _, subscription_id, _ in mine]
        found = {sid: (json.loads(target), language, discreet) for sid, target, language, discreet in
                 Subscription.select(Subscription.id, Subscription.target, Subscription.language,
                                     Subscription.discreet).where(Subscription.id.in_(wanted)).tuples()}
        missing = [delivery_id for delivery_id, sid, _ in mine if sid not in found]
        if missing:  # unsubscribed since it was claimed
            Delivery.update(state="gone").where(Delivery.id.in_(missing)).execute()
    page = [Claimed(delivery_id, attempts, sid, found[sid][0]["endpoint"], found[sid][0]["p256dh"],
                    found[sid][0]["auth"], found[sid][1], found[sid][2])
            for delivery_id, sid, attempts in mine if sid in found]
    return bool(mine), page


def _claimed_by(reminder_id, token, size, in_flight):
    query = (Delivery.select(Delivery.id, Delivery.subscription_id, Delivery.attempts)
             .where(Delivery.reminder == reminder_id, Delivery.state == "claimed", Delivery.claim_token == token))
    if in_flight:
        query = query.where(Delivery.id.not_in(list(in_flight)))
    return list(query.order_by(Delivery.id).limit(size).tuples())


def record(outcomes, attempts_by_delivery, endpoint_hashes, now, expires_at, max_attempts):
    """Write what the push services answered: sent, gone (and the subscription deleted), retry later, failed."""
    settled = defaultdict(list)  # (state, status) -> delivery ids: one UPDATE each, not one per message
    with database.atomic():
        for outcome in outcomes:
            if outcome.kind != "retry":
                settled[(outcome.kind, outcome.status)].append(outcome.delivery_id)
                continue
            attempts = attempts_by_delivery[outcome.delivery_id] + 1
            next_attempt = now + timedelta(seconds=max(outcome.retry_after or 0, backoff_seconds(attempts)))
            if attempts >= max_attempts or next_attempt >= expires_at:
                settled[("failed", outcome.status)].append(outcome.delivery_id)
                continue
            (Delivery.update(state="retry", status_code=outcome.status, attempts=attempts, next_attempt_at=next_attempt)
             .where(Delivery.id == outcome.delivery_id).execute())
        for (state, status), ids in settled.items():
            for chunk in chunked(ids, 500):  # SQLite allows a limited number of parameters per statement
                (Delivery.update(state=state, status_code=status, attempts=Delivery.attempts + 1)
                 .where(Delivery.id.in_(chunk)).execute())
        for outcome in outcomes:
            if outcome.kind == "gone":
                # Only the subscription this message went to: if the browser subscribed again with a new
                # endpoint meanwhile, that row's hash differs and it stays.
                (Subscription.delete()
                 .where(Subscription.id == outcome.subscription_id,
                        Subscription.endpoint_hash == endpoint_hashes[outcome.delivery_id])
                 .execute())


def finish(reminder_id, token, now):
    """Done when nothing is left to send; otherwise the lease is let go so a later run picks up retries."""
    with database.atomic():
        left = (Delivery.select(fn.COUNT(Delivery.id))
                .where(Delivery.reminder == reminder_id, Delivery.state.in_(["claimed", "retry"])).scalar())
        columns = {"claimed_by": None, "lease_until": None}
        if not left:
            columns.update(state="done", finished_at=now)
        Reminder.update(**columns).where(Reminder.id == reminder_id, Reminder.claimed_by == token).execute()
    return not left


def expire_overdue(now):
    """Reminders nobody started before they expired are marked missed, and their unsent rows failed."""
    with database.atomic():
        overdue = [r for (r,) in Reminder.select(Reminder.id)
                   .where(Reminder.state.in_(["waiting", "sending"]), Reminder.expires_at <= now,
                          Reminder.claimed_by.is_null() | (Reminder.lease_until < now))
                   .tuples()]
        if not overdue:
            return
        (Delivery.update(state="failed")
         .where(Delivery.reminder.in_(overdue), Delivery.state.in_(["claimed", "retry"])).execute())
        (Reminder.update(state="missed", finished_at=now, claimed_by=None, lease_until=None)
         .where(Reminder.id.in_(overdue), Reminder.state == "waiting").execute())
        (Reminder.update(state="done", finished_at=now, claimed_by=None, lease_until=None)
         .where(Reminder.id.in_(overdue), Reminder.state == "sending").execute())
