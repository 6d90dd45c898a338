"""Requests counted per client, for public endpoints that anyone can call (subscribing to reminders now, the
online help request next)."""
from peewee import AutoField, CharField, DateTimeField

from server.clock import now_utc
from server.db import BaseModel


class RateLimitHit(BaseModel):
    """One counted request. The client is an HMAC of its address under the secret key, so the table can
    count without holding anyone's IP address; rows older than the window are dropped as new ones come."""

    id = AutoField()
    bucket = CharField(max_length=40)
    client_key = CharField(max_length=64)
    at = DateTimeField(default=now_utc)

    class Meta:
        indexes = ((("bucket", "client_key", "at"), False),)
