"""Server-side sessions and login attempts: the two tables that make logins revocable and throttled."""
from peewee import AutoField, BooleanField, CharField, DateTimeField, ForeignKeyField

from server.accounts.models import User
from server.clock import now_utc
from server.db import BaseModel


class Session(BaseModel):
    """One logged-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of
    the database does not let anyone log in as the people in it."""

    id = AutoField()
    token_hash = CharField(max_length=64, unique=True)
    user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    csrf_token = CharField(max_length=64)
    created_at = DateTimeField(default=now_utc)
    last_seen_at = DateTimeField(default=now_utc)


class LoginAttempt(BaseModel):
    """A login try, counted per account and per client. Keys are HMACs of the username and the client
    address under the secret key: the table can count without holding anyone's IP address."""

    id = AutoField()
    account_key = CharField(max_length=64, index=True)
    client_key = CharField(max_length=64, index=True)
    at = DateTimeField(default=now_utc, index=True)
    succeeded = BooleanField(default=False)
