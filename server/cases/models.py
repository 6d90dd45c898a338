"""Cases, their follow-up notes and referrals. Fields that identify a survivor are encrypted at rest;
everything statistics need (age group, type, contexts, dates) stays in plain columns for counting."""
import json

from peewee import (
    BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField,
    UUIDField,
)

from server.accounts.models import Organization, User
from server.cases.risk import risk_level
from server.cases.vocabulary import CHILD_AGE_GROUPS
from server.clock import now_utc
from server.db import BaseModel
from server.encryption.fields import EncryptedTextField
from server.wards.models import Ward


class Case(BaseModel):
    id = UUIDField(primary_key=True)  # made on the phone, so that an offline case has its identity at once
    ward = ForeignKeyField(Ward, backref="cases", on_delete="RESTRICT", index=True)
    created_by = ForeignKeyField(User, backref="cases_created", on_delete="RESTRICT")
    assigned_to = ForeignKeyField(User, null=True, backref="cases_assigned", on_delete="RESTRICT")
    intake_channel = CharField(max_length=20)
    status = CharField(max_length=10, default="new", index=True)
    closure_reason = CharField(max_length=20, null=True)
    # Optimistic concurrency: every update names the version it started from (DESIGN §6).
    version = IntegerField(default=1)

    survivor_name = EncryptedTextField(null=True)
    survivor_phone = EncryptedTextField(null=True)
    survivor_address = EncryptedTextField(null=True)
    age_group = CharField(max_length=6)
    sex = CharField(max_length=6)
    disability = BooleanField(default=False)
    ethnic_minority = BooleanField(default=False)
    migrant_worker = BooleanField(default=False)

    gbv_type = CharField(max_length=24, index=True)
    contexts = CharField(max_length=200, default="")  # comma-separated vocabulary.CONTEXTS codes
    incident_date = DateField(null=True)
    report_date = DateField()
    perpetrator_relationship = CharField(max_length=24)
    narrative = EncryptedTextField(null=True)

    consent_to_share = BooleanField(default=False)
    consent_for_statistics = BooleanField(default=False)
    reported_elsewhere = CharField(max_length=24, default="unknown")  # vocabulary.REPORTED_ELSEWHERE

    risk_answers = TextField(default="{}")  # JSON {question: bool}: no personal data
    risk_level = CharField(max_length=6, default="low")
    safety_plan = EncryptedTextField(null=True)

    created_at = DateTimeField(default=now_utc)
    updated_at = DateTimeField(default=now_utc)
    closed_at = DateTimeField(null=True)

    @property
    def code(self):
        """A pseudonymous code to speak of the case by, computable offline from the id alone."""
        return "BA-" + self.id.hex[:8].upper()

    @property
    def is_child(self):
        return self.age_group in CHILD_AGE_GROUPS

    @property
    def reporting_delay_days(self):
        if self.incident_date is None or self.report_date is None:
            return None
        return (self.report_date - self.incident_date).days

    @property
    def context_list(self):
        return [c for c in self.contexts.split(",") if c]

    @property
    def risk_answers_dict(self):
        return json.loads(self.risk_answers or "{}")

    def set_risk(self, answers):
        self.risk_answers = json.dumps({q: bool(v) for q, v in answers.items()}, sort_keys=True)
        self.risk_level = risk_level(answers)


class FollowUp(BaseModel):
    """A note on a case. Append-only: nothing edits or deletes one, so the record of care stays whole."""

    id = UUIDField(primary_key=True)
    case = ForeignKeyField(Case, backref="follow_ups", on_delete="RESTRICT", index=True)
    author = ForeignKeyField(User, backref="follow_ups", on_delete="RESTRICT")
    note = EncryptedTextField()
    occurred_at = DateTimeField()  # when it was written on the phone, maybe hours before it reached us
    created_at = DateTimeField(default=now_utc)


class Referral(BaseModel):
    id = UUIDField(primary_key=True)
    case = ForeignKeyField(Case, backref="referrals", on_delete="RESTRICT", index=True)
    organization = ForeignKeyField(Organization, backref="referrals", on_delete="RESTRICT", index=True)
    service_type = CharField(max_length=20)
    status = CharField(max_length=12, default="in_progress", index=True)
    rejection_reason = CharField(max_length=20, null=True)
    outcome = CharField(max_length=20, null=True)
    note = EncryptedTextField(null=True)  # what the service needs to know, written by the referrer
    response_note = EncryptedTextField(null=True)  # the service given, written by the provider
    created_by = ForeignKeyField(User, backref="referrals_made", on_delete="RESTRICT")
    version = IntegerField(default=1)
    created_at = DateTimeField(default=now_utc)
    updated_at = DateTimeField(default=now_utc)
