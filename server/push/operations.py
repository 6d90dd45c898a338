"""Subscribing and unsubscribing, and putting a reminder on the list to send.

A resident's subscription is not audited: it is not case data, and a trail of who asked for reminders
would itself say something about them.
"""
from peewee import IntegrityError

from server.clock import now_utc
from server.db import database
from server.errors import ApiError
from server.push.fanout import endpoint_hash
from server.push.models import Reminder, Subscription
from server.wards.models import Ward


def _settings(data, user):
    if data["ward_code"] and not Ward.select().where(Ward.code == data["ward_code"]).exists():
        raise ApiError(422, "validation_failed", {"ward_code": ["No ward has this code."]})
    topics = set(data["topics"])
    if "work" in topics and user is None:
        raise ApiError(422, "validation_failed", {"topics": ["Work reminders are for signed-in staff."]})
    return {
        "wants_campaigns": "campaigns" in topics,
        "wants_work": "work" in topics,
        "language": data["language"],
        "discreet": data["discreet"],
        # A staff member's reminders follow their own ward; a resident chooses one, or none.
        "ward": data["ward_code"] or (user.ward_id if user is not None else None),
        "user": user.id if user is not None else None,
    }


def subscribe(data, user=None):
    """Store or update the subscription for this endpoint; returns ``(subscription, created)``.

    Holding the endpoint is the proof of ownership: a browser that subscribes again (another topic, another
    person signed in on it) replaces the settings. ``old_endpoint`` moves an existing subscription to the new
    endpoint and keeps its settings: the browser renewed it without the person doing anything."""
    new_hash = endpoint_hash(data["endpoint"])
    keys = {"endpoint_hash": new_hash,
            "target": Subscription.encode_target(data["endpoint"], data["keys"]["p256dh"], data["keys"]["auth"])}
    try:
        with database.atomic():
            renewed = None
            if data["old_endpoint"]:
                renewed = Subscription.get_or_none(Subscription.endpoint_hash == endpoint_hash(data["old_endpoint"]))
            if renewed is not None:
                (Subscription.delete()
                 .where(Subscription.endpoint_hash == new_hash, Subscription.id != renewed.id).execute())
                Subscription.update(**keys, updated_at=now_utc()).where(Subscription.id == renewed.id).execute()
                return Subscription.get_by_id(renewed.id), False
            columns = {**keys, **_settings(data, user), "updated_at": now_utc()}
            existing = Subscription.get_or_none(Subscription.endpoint_hash == new_hash)
            if existing is not None:
                Subscription.update(**columns).where(Subscription.id == existing.id).execute()
                return Subscription.get_by_id(existing.id), False
            return Subscription.create(**columns), True
    except IntegrityError:
        # The same browser's two requests raced (a double tap): the first one's row is the answer.
        existing = Subscription.get_or_none(Subscription.endpoint_hash == new_hash)
        if existing is None:
            raise
        return existing, False


def unsubscribe(endpoint):
    """Forget the subscription; unknown endpoints are fine (the person tapped twice, or it was pruned)."""
    Subscription.delete().where(Subscription.endpoint_hash == endpoint_hash(endpoint)).execute()


def plan_reminder(key, **columns):
    """Create the reminder ``key`` unless it exists: every scheduler process plans the same keys, and the
    unique key keeps one."""
    Reminder.insert(key=key, **columns).on_conflict_ignore().execute()
