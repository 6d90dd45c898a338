"""The audit trail: who did what to which record, when. Append-only by construction (no code updates or
deletes a row) so that a city inspector can trust it; it never holds a survivor's name or a password."""
from peewee import SQL, AutoField, CharField, DateTimeField, IntegerField, TextField

from server.clock import now_utc
from server.db import BaseModel, is_sqlite


class AuditEvent(BaseModel):
    id = AutoField()
    at = DateTimeField(default=now_utc, index=True)
    # The account that acted (accounts' User); null for what no logged-in person did: a scheduled job, a CLI
    # command, a failed login. A plain column with its foreign key written out in Meta, not a
    # ForeignKeyField(User): every domain writes the trail, so the trail imports none of them.
    actor_id = IntegerField(null=True, index=True)
    action = CharField(max_length=64, index=True)
    target_type = CharField(max_length=32, null=True)
    target_id = CharField(max_length=64, null=True)
    ward_code = CharField(max_length=5, null=True, index=True)
    # Short, non-identifying facts as JSON text ("role": "collaborator"), never personal data.
    details = TextField(default="{}")

    class Meta:
        # The SQL peewee writes for ForeignKeyField(User, on_delete="RESTRICT"), so the schema is the same as
        # when it was one: an account that acted can never be deleted from under its trail. peewee's table
        # order does not see this key; "user" comes first anyway (annual_report, which sorts before
        # audit_event, points to users), and PostgreSQL's test run would fail at once if it did not.
        constraints = [SQL('FOREIGN KEY ("actor_id") REFERENCES "user" ("id") ON DELETE RESTRICT')]


def install_append_only_guard(db):
    """Make the database itself refuse to change or delete an audit event, whatever code asks: a trail
    that the application could rewrite would prove nothing to an inspector."""
    table = AuditEvent._meta.table_name
    if is_sqlite():
        for event in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    db.execute_sql(
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql"
    )
    db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
    db.execute_sql(
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )
