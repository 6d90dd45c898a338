"""Push subscriptions, the reminders sent to them, and the ledger of every delivery.

Exactly once rests on two unique keys: a reminder's ``key`` (one row per campaign reminder or work reminder,
however many schedulers plan it) and the ledger's (reminder, subscription) pair (one delivery per phone,
however many senders run). A sender claims the reminder with a lease and each page of deliveries with its
own token, in the database, before any network call.
"""
import json
import uuid

from peewee import (
    AutoField, BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField, UUIDField,
)

from server.accounts.models import User
from server.clock import now_utc
from server.db import BaseModel
from server.encryption.fields import EncryptedTextField
from server.wards.models import Ward

TOPICS = ("campaigns", "work")


class Subscription(BaseModel):
    """A browser's push subscription. The endpoint is a capability (anyone holding it can push to the
    phone) and the keys decrypt its messages: all three are encrypted at rest, together in ``target`` (JSON),
    because they are only ever used together and one decryption per message instead of three keeps the
    fan-out fast (bench/push_fanout.py). ``endpoint_hash`` (SHA-256) finds a subscription again when the
    same browser subscribes or unsubscribes."""

    id = UUIDField(primary_key=True, default=uuid.uuid4)
    endpoint_hash = CharField(max_length=64, unique=True)
    target = EncryptedTextField()  # {"endpoint": ..., "p256dh": ..., "auth": ...}
    wants_campaigns = BooleanField(default=True)
    wants_work = BooleanField(default=False)
    language = CharField(max_length=2, default="vi")
    # True (the default): the lock screen says only "Bạn có một nhắc nhở mới", never what it is about.
    discreet = BooleanField(default=True)
    ward = ForeignKeyField(Ward, null=True, on_delete="SET NULL", index=True)
    # A staff member's own subscription (work reminders); null for a resident, who has no account.
    user = ForeignKeyField(User, null=True, backref="push_subscriptions", on_delete="CASCADE", index=True)
    created_at = DateTimeField(default=now_utc)
    updated_at = DateTimeField(default=now_utc)

    def topics(self):
        return [topic for topic in TOPICS if getattr(self, f"wants_{topic}")]

    @staticmethod
    def encode_target(endpoint, p256dh, auth):
        return json.dumps({"endpoint": endpoint, "p256dh": p256dh, "auth": auth})

    @property
    def endpoint(self):
        return json.loads(self.target)["endpoint"]

    @property
    def p256dh(self):
        return json.loads(self.target)["p256dh"]

    @property
    def auth(self):
        return json.loads(self.target)["auth"]


class Reminder(BaseModel):
    """One thing to tell a set of subscribers once: a campaign reminder (an occurrence and a number of days
    before it) or a work reminder (a stale shelter count, a waiting referral). Its words are kept in both
    languages; a discreet subscriber receives the neutral sentence instead."""

    id = AutoField()
    key = CharField(max_length=120, unique=True)
    source = CharField(max_length=20)  # campaign | shelter | referral | help_request | annual_report
    source_id = CharField(max_length=40, index=True)
    topic = CharField(max_length=10)
    title_vi = CharField(max_length=200)
    title_en = CharField(max_length=200)
    body_vi = TextField()
    body_en = TextField()
    url = CharField(max_length=200)  # the app's own path the notification opens
    audience = TextField()  # JSON, see server.push.audience
    urgency = CharField(max_length=10, default="normal")
    due_at = DateTimeField(index=True)
    expires_at = DateTimeField()  # not worth delivering after this: the messages' TTL ends here
    state = CharField(max_length=10, default="waiting", index=True)  # waiting | sending | done | missed
    claimed_by = CharField(max_length=32, null=True)
    lease_until = DateTimeField(null=True)
    created_at = DateTimeField(default=now_utc)
    finished_at = DateTimeField(null=True)


class Delivery(BaseModel):
    """The ledger: one row per (reminder, subscription), written before the message is sent.

    ``subscription_id`` is not a foreign key: a subscription deleted because its push service answered 410
    keeps its line here, so the delivery figures stay true."""

    id = AutoField()
    reminder = ForeignKeyField(Reminder, backref="deliveries", on_delete="CASCADE")
    subscription_id = UUIDField()
    # claimed (by claim_token, about to be sent) | sent | retry (after next_attempt_at) | gone | failed
    state = CharField(max_length=10, default="claimed")
    claim_token = CharField(max_length=32)
    claimed_at = DateTimeField(default=now_utc)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(null=True)
    status_code = IntegerField(null=True)  # the push service's last answer; null when none came

    class Meta:
        indexes = (
            (("reminder", "subscription_id"), True),
            (("reminder", "state", "claim_token"), False),
        )
