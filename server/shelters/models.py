"""Shelters, what their hosts report of free beds, and requests for a bed.

The live count sits on the shelter row (``free_beds`` with the time it was observed on the phone) and is
only ever changed by conditional updates: a new observation replaces it only if it was observed later,
an accepted request takes beds only if they are there. Every observation is also kept, as history.
"""
from peewee import (
    AutoField, BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, UUIDField,
)

from server.accounts.models import Organization, User
from server.cases.models import Referral
from server.clock import now_utc
from server.db import BaseModel
from server.encryption.fields import EncryptedTextField
from server.wards.models import Ward


class Shelter(BaseModel):
    id = AutoField()
    # The registry file's name (shelters/<slug>.toml): how a file and its row find each other.
    slug = CharField(max_length=80, unique=True)
    name = CharField(max_length=200)
    ward = ForeignKeyField(Ward, backref="shelters", on_delete="RESTRICT", index=True)
    kind = CharField(max_length=10)
    standardised = BooleanField(default=False)  # meets the city's standard (counts toward the 2030 target)
    capacity = IntegerField()
    accepts = CharField(max_length=200, default="")  # comma-separated vocabulary codes, as below
    accessibility = CharField(max_length=200, default="")
    languages = CharField(max_length=50, default="vi")
    public_line = CharField(max_length=30)  # the number a resident may call; never a host's own phone
    organization = ForeignKeyField(Organization, backref="shelters", on_delete="RESTRICT")
    fictional = BooleanField(default=False)
    active = BooleanField(default=True)
    # Confidential: only the city admin, the shelter's hosts, and a requester whose request was accepted.
    address = EncryptedTextField(null=True)
    host_phone = EncryptedTextField(null=True)
    free_beds = IntegerField(null=True)  # null until a host first reports
    observed_at = DateTimeField(null=True)
    updated_at = DateTimeField(default=now_utc)

    def codes(self, column):
        return [code for code in getattr(self, column).split(",") if code]


class AvailabilityObservation(BaseModel):
    """One count a host reported, keyed by the phone's idempotency key; the history behind ``free_beds``."""

    id = UUIDField(primary_key=True)
    shelter = ForeignKeyField(Shelter, backref="observations", on_delete="CASCADE", index=True)
    free_beds = IntegerField()
    observed_at = DateTimeField()
    recorded_by = ForeignKeyField(User, backref="observations", on_delete="RESTRICT")
    received_at = DateTimeField(default=now_utc)
    became_current = BooleanField()


class BedRequest(BaseModel):
    id = UUIDField(primary_key=True)  # made by the client
    shelter = ForeignKeyField(Shelter, backref="bed_requests", on_delete="RESTRICT", index=True)
    referral = ForeignKeyField(Referral, backref="bed_requests", on_delete="RESTRICT", index=True)
    beds = IntegerField(default=1)
    note = EncryptedTextField(null=True)
    status = CharField(max_length=10, default="pending", index=True)
    decline_reason = CharField(max_length=24, null=True)
    response_note = EncryptedTextField(null=True)
    requested_by = ForeignKeyField(User, backref="bed_requests", on_delete="RESTRICT")
    created_at = DateTimeField(default=now_utc)
    responded_at = DateTimeField(null=True)
