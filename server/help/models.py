"""A resident's request for help, made online without an account: the online intake of target (c).

It lands in the intake of the ward the resident chose, or, when they did not know their ward, of the triage
ward (BINHAN_HELP_TRIAGE_WARD), whose officers pass it on. Everything the resident wrote is encrypted at rest
like case data, and every read and write of it is audited.
"""
import uuid

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, UUIDField

from server.accounts.models import User
from server.cases.models import Case
from server.clock import now_utc
from server.db import BaseModel
from server.encryption.fields import EncryptedTextField
from server.wards.models import Ward

CONTACT_METHODS = ("phone", "sms", "zalo", "none")  # none: "do not contact me, I will call"
STATUSES = ("new", "contacted", "closed")
OUTCOMES = ("case_opened", "referred", "resolved", "no_contact", "duplicate")


class HelpRequest(BaseModel):
    id = UUIDField(primary_key=True, default=uuid.uuid4)  # made by the phone: a resend is the same request
    reference = CharField(max_length=12, unique=True)  # what the resident is shown, e.g. "BA-7K3P9Q"
    ward = ForeignKeyField(Ward, backref="help_requests", on_delete="RESTRICT", index=True)
    ward_known = BooleanField(default=True)  # False: "I don't know", routed to the triage ward
    place_hint = EncryptedTextField(null=True)  # where, in the resident's words, when the ward was unknown
    name = EncryptedTextField(null=True)  # optional: anonymous requests are welcome
    situation = EncryptedTextField(null=True)  # what is happening, optional
    contact_method = CharField(max_length=10)
    contact_phone = EncryptedTextField(null=True)
    safe_times = EncryptedTextField(null=True)  # when and how it is safe to contact
    language = CharField(max_length=2, default="vi")
    status = CharField(max_length=10, default="new", index=True)
    outcome = CharField(max_length=20, null=True)
    case = ForeignKeyField(Case, null=True, backref="help_requests", on_delete="SET NULL")
    handled_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    version = IntegerField(default=1)
    received_at = DateTimeField(default=now_utc, index=True)
    updated_at = DateTimeField(default=now_utc)
