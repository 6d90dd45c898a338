"""People who log in, the organisations some of them work for, their sessions and their login attempts."""
from flask_login import UserMixin
from peewee import AutoField, BooleanField, CharField, DateTimeField, ForeignKeyField

from server.clock import now_utc
from server.db import BaseModel
from server.wards.models import Ward

ROLES = ("collaborator", "ward_officer", "provider", "shelter_host", "city_admin")

# What each role is attached to: (needs a ward, needs an organisation). Ward roles see one ward's work;
# providers and shelter hosts act for their organisation; the city admin belongs to neither.
ROLE_ATTACHMENTS = {
    "collaborator": (True, False),
    "ward_officer": (True, False),
    "provider": (False, True),
    "shelter_host": (False, True),
    "city_admin": (False, False),
}

# Service organisations by the kind of help they give (DESIGN §1); shelters are run by shelter hosts.
ORGANIZATION_KINDS = ("health", "legal_aid", "police", "social_work", "shelter")


class Organization(BaseModel):
    id = AutoField()
    name = CharField(max_length=200, unique=True)
    kind = CharField(max_length=20, index=True)
    # The ward it serves, when it serves one (a commune health station); null for city-wide services.
    ward = ForeignKeyField(Ward, null=True, backref="organizations", on_delete="RESTRICT")
    created_at = DateTimeField(default=now_utc)


class User(UserMixin, BaseModel):
    id = AutoField()
    # Lowercase ASCII, checked by the input schema, so that "Lan" and "lan" cannot be two accounts.
    username = CharField(max_length=64, unique=True)
    display_name = CharField(max_length=100)
    role = CharField(max_length=20, index=True)
    ward = ForeignKeyField(Ward, null=True, backref="users", on_delete="RESTRICT")
    organization = ForeignKeyField(Organization, null=True, backref="users", on_delete="RESTRICT")
    password_hash = CharField(max_length=255)
    active = BooleanField(default=True)
    # Set when an administrator gave a temporary password: the person chooses their own before working.
    must_change_password = BooleanField(default=False)
    # Demo accounts share a published password; production refuses to start while any exists.
    is_demo = BooleanField(default=False, index=True)
    created_at = DateTimeField(default=now_utc)
    password_changed_at = DateTimeField(default=now_utc)

    @property
    def is_active(self):
        return self.active


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
