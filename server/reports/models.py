"""What the annual report needs that the app's own work cannot tell, and the annual reports themselves.

The app derives most indicators from cases, referrals, shelters and help requests. It cannot know that a
ward signed an inter-agency coordination regulation, which schools have a GBV procedure, who sat in a
training, or that a loudspeaker campaign reached a market: ward officers (their ward) and city admins
(every ward) record those here. Nothing here names a survivor.
"""
import json
import uuid

from peewee import (
    AutoField, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField,
    UUIDField,
)

from server.accounts.models import User
from server.campaigns.models import Campaign
from server.clock import now_utc
from server.db import BaseModel
from server.wards.models import Ward

INSTITUTION_KINDS = ("school", "business")
TRAINING_ROLES = ("collaborator", "ward_officer", "provider", "other")
ACTIVITY_FORMS = ("meeting", "loudspeaker", "leaflet", "social_media", "event", "home_visit", "other")
ACTIVITY_AUDIENCES = ("residents", "women", "youth", "students", "workers", "community_leaders", "other")


class CoordinationMechanism(BaseModel):
    """Target (b): the ward's inter-agency coordination mechanism, as the document that set it up."""

    ward = ForeignKeyField(Ward, primary_key=True, backref="coordination_mechanism", on_delete="RESTRICT")
    document_number = CharField(max_length=60)
    document_date = DateField()
    note = CharField(max_length=500, default="")
    updated_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=now_utc)


class Institution(BaseModel):
    """Target (d): a school (with a GBV procedure or not) or a business (with anti-harassment rules or not)."""

    id = AutoField()
    ward = ForeignKeyField(Ward, backref="institutions", on_delete="RESTRICT", index=True)
    kind = CharField(max_length=10)
    name = CharField(max_length=200)
    has_policy = BooleanField(default=False)  # the school's procedure, the business's rules
    policy_date = DateField(null=True)
    updated_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=now_utc)

    class Meta:
        indexes = ((("ward", "kind", "name"), True),)


class TrainingSession(BaseModel):
    """Target (đ): a training, with its participants counted by role and, where they have accounts, named."""

    id = AutoField()
    ward = ForeignKeyField(Ward, null=True, backref="trainings", on_delete="RESTRICT", index=True)  # null: city-wide
    held_on = DateField(index=True)
    topic = CharField(max_length=200)
    hours = IntegerField()
    participants = TextField(default="{}")  # JSON {role: count} over TRAINING_ROLES, accounts or not
    recorded_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=now_utc)

    @property
    def participant_counts(self):
        return json.loads(self.participants or "{}")


class TrainingAttendance(BaseModel):
    """An account that sat in a training: what counts a person as trained for indicator (đ)."""

    session = ForeignKeyField(TrainingSession, backref="attendances", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="trainings_attended", on_delete="RESTRICT", index=True)

    class Meta:
        primary_key = False
        indexes = ((("session", "user"), True),)


class CommunicationActivity(BaseModel):
    id = AutoField()
    ward = ForeignKeyField(Ward, null=True, backref="communication_activities", on_delete="RESTRICT", index=True)
    campaign = ForeignKeyField(Campaign, null=True, on_delete="SET NULL")
    held_on = DateField(index=True)
    form = CharField(max_length=20)
    audience = CharField(max_length=20)
    participants = IntegerField(default=0)
    note = CharField(max_length=500, default="")
    recorded_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=now_utc)


class ReportDraft(BaseModel):
    """The ward's report for a year while it is being written: the notes, one row per ward and year."""

    ward = ForeignKeyField(Ward, on_delete="RESTRICT")
    year = IntegerField()
    notes = TextField(default="")
    version = IntegerField(default=1)  # optimistic concurrency: two officers never overwrite each other
    updated_by = ForeignKeyField(User, on_delete="RESTRICT")
    updated_at = DateTimeField(default=now_utc)

    class Meta:
        indexes = ((("ward", "year"), True),)


class AnnualReport(BaseModel):
    """A submitted report: version 1, 2, ... of a ward's year, frozen with the figures and records as they
    stood (``snapshot``) and never changed afterwards. A correction is a new version; the old one is kept."""

    id = UUIDField(primary_key=True, default=uuid.uuid4)  # made by the phone: a double tap submits once
    ward = ForeignKeyField(Ward, backref="annual_reports", on_delete="RESTRICT")
    year = IntegerField()
    version = IntegerField()
    notes = TextField(default="")
    snapshot = TextField()  # JSON: the ward's raw figures and records at submission
    late = BooleanField(default=False)  # submitted on or after 01/12 of its year, in Cần Thơ's time
    submitted_by = ForeignKeyField(User, on_delete="RESTRICT")
    submitted_at = DateTimeField(default=now_utc)

    class Meta:
        indexes = ((("ward", "year", "version"), True),)

    @property
    def figures(self):
        return json.loads(self.snapshot)
