from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, UUIDField

from server.accounts.models import User
from server.clock import now_utc
from server.db import BaseModel


class AppliedOperation(BaseModel):
    """An outbox operation already applied, by its idempotency key: a replay answers from here.

    Holds only the status, the record id and its version, never the record: a stored answer must not
    become a second copy of a survivor's data."""

    key = UUIDField(primary_key=True)
    user = ForeignKeyField(User, backref="applied_operations", on_delete="CASCADE")
    type = CharField(max_length=24)
    status = IntegerField()
    record_id = CharField(max_length=36, null=True)
    record_version = IntegerField(null=True)
    applied_at = DateTimeField(default=now_utc)
