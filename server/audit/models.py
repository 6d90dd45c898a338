"""The audit trail: who did what to which record, when. Append-only by construction (no code updates or
deletes a row) so that a city inspector can trust it; it never holds a survivor's name or a password."""
from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, TextField

from server.accounts.models import User
from server.db import BaseModel, utcnow


class AuditEvent(BaseModel):
    id = AutoField()
    at = DateTimeField(default=utcnow, index=True)
    # Null for what no logged-in person did: a scheduled job, a CLI command, a failed login.
    actor = ForeignKeyField(User, null=True, backref="audit_events", on_delete="RESTRICT")
    action = CharField(max_length=64, index=True)
    target_type = CharField(max_length=32, null=True)
    target_id = CharField(max_length=64, null=True)
    ward_code = CharField(max_length=5, null=True, index=True)
    # Short, non-identifying facts as JSON text ("role": "collaborator"), never personal data.
    details = TextField(default="{}")
