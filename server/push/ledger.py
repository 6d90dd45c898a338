"""The delivery ledger's state changes: claiming a reminder, claiming pages of deliveries, recording what
the push services answered. Each is one short transaction; none spans a network call.

A reminder is claimed with a lease (a conditional UPDATE only one process can win); a process that dies
mid-send lets the lease run out and the next one carries on where it stopped. Each delivery row is inserted
before its message is sent, unique per (reminder, subscription), and tagged with the claiming run's token:
a second sender can never claim the same phone for the same reminder. A row claimed by a run that died
(lease expired) is sent again by the next run, with the same Topic header and notification tag, so the push
service or the phone replaces the first copy if it did get through (RFC 8030 §5.4).
"""
from collections import defaultdict
from datetime import timedelta

from peewee import chunked, fn

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


def claim_page(reminder, token, now, size):
    """Up to ``size`` (delivery, subscription) pairs for this run to send: its own claimed rows first, then
    new rows for subscribers who have none yet. Empty when nothing is left."""
    while True:
        claimed, pairs = _claim_page_once(reminder, token, now, size)
        if pairs or not claimed:
            return pairs


def _claim_page_once(reminder, token, now, size):
    with database.atomic():
        mine = _claimed_by(reminder.id, token, size)
        if len(mine) < size:
            already = Delivery.select(Delivery.subscription_id).where(Delivery.reminder == reminder.id)
            new = (recipients(reminder).select(Subscription.id)
                   .where(Subscription.id.not_in(already))
                   .order_by(Subscription.id).limit(size - len(mine)).tuples())
            rows = [{"reminder": reminder.id, "subscription_id": sid, "claim_token": token, "claimed_at": now}
                    for (sid,) in new]
            if rows:
                # A row another sender inserted first stays theirs: the unique pair ignores ours.
                Delivery.insert_many(rows).on_conflict_ignore().execute()
            mine = _claimed_by(reminder.id, token, size)
        by_id = {s.id: s for s in Subscription.select().where(Subscription.id.in_([d.subscription_id for d in mine]))}
        missing = [d.id for d in mine if d.subscription_id not in by_id]
        if missing:  # unsubscribed since it was claimed
            Delivery.update(state="gone").where(Delivery.id.in_(missing)).execute()
    return bool(mine), [(d, by_id[d.subscription_id]) for d in mine if d.subscription_id in by_id]


def _claimed_by(reminder_id, token, size):
    return list(Delivery.select()
                .where(Delivery.reminder == reminder_id, Delivery.state == "claimed", Delivery.claim_token == token)
                .order_by(Delivery.id).limit(size))


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
