"""Where a resident can find help: the help lines, and the public services of each ward.

Both are reference data a city admin keeps. A help line reaches residents only once it is verified (a wrong
number in an emergency is worse than none); a public service holds only the contacts an office publishes.
"""
from peewee import (
    AutoField, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField,
)

from server.accounts.models import Organization, User
from server.clock import now_utc
from server.db import BaseModel
from server.wards.models import Ward

HOTLINE_STATUSES = ("verified", "unverified", "retired")
HOTLINE_SCOPES = ("national", "city")
SERVICE_KINDS = ("ward_committee", "health", "legal_aid", "police", "social_work", "womens_union")


class Hotline(BaseModel):
    id = AutoField()
    # A stable name: the number for the lines of shared/data/hotlines.csv, or a word for a place kept for a
    # line whose number is not known yet ("national-dv": the national domestic-violence line of
    # Nghị định 76/2023/NĐ-CP, empty until verified).
    key = CharField(max_length=40, unique=True)
    number = CharField(max_length=15, null=True)
    name_vi = CharField(max_length=200)
    name_en = CharField(max_length=200)
    operator = CharField(max_length=300, default="")
    hours = CharField(max_length=100, default="")  # as the source says: "24/7", "emergency line", ...
    cost = CharField(max_length=40, default="")  # "free", "free (1800)", "charged (1900)", "not confirmed"
    scope = CharField(max_length=10)
    status = CharField(max_length=12, default="unverified", index=True)
    checked_on = DateField(null=True)  # when someone last confirmed the number, the hours and the cost
    source = TextField(default="")
    position = IntegerField(default=100)  # order on the residents' screen (113 first)
    version = IntegerField(default=1)
    updated_at = DateTimeField(default=now_utc)
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")


class PublicService(BaseModel):
    """An office a resident may go to or call in a ward, with its public contacts only (Open Referral
    HSDS: organization, service, location, phone; server/directory/export.py)."""

    id = AutoField()
    ward = ForeignKeyField(Ward, backref="public_services", on_delete="RESTRICT", index=True)
    kind = CharField(max_length=20)
    name = CharField(max_length=200)
    # The staff organisation behind the office, when it has accounts here (a health station receiving referrals).
    organization = ForeignKeyField(Organization, null=True, on_delete="SET NULL")
    phone = CharField(max_length=30, null=True)
    address = CharField(max_length=300, null=True)  # the office's public address, never a person's
    hours = CharField(max_length=200, default="")
    note_vi = CharField(max_length=300, default="")
    note_en = CharField(max_length=300, default="")
    active = BooleanField(default=True)
    version = IntegerField(default=1)
    updated_at = DateTimeField(default=now_utc)
