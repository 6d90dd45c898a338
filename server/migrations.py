"""Schema versions: a table that records the version, and ordered steps that move a database forward.

A new database is created from the current models in one go and stamped with the latest version (as
Alembic's "create_all, then stamp head"); a database that already has a version gets every later step, in
order, each in its own transaction. So a step is written against the schema as it was at that version, with
``playhouse.migrate``, and never has to reproduce what the models already create on a fresh install.
"""
from dataclasses import dataclass
from collections.abc import Callable

from peewee import CharField, DateTimeField, IntegerField

from server.clock import now_utc
from server.db import BaseModel, database


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    name = CharField()
    applied_at = DateTimeField(default=now_utc)


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    apply: Callable[[object], None]


def _initial(_db):
    """Version 1 is the first schema; databases older than it do not exist."""


def _cases(db):
    # safe=True: the tables are created from the models as they are today; a later step that alters them
    # must check what exists, since a database upgraded through here already has today's columns.
    from server.cases.models import Case, FollowUp, Referral
    from server.sync.models import AppliedOperation

    db.create_tables([Case, FollowUp, Referral, AppliedOperation], safe=True)


def _shelters(db):
    # As _cases: today's models, safe=True; later steps that alter these tables check what exists.
    from server.shelters.models import AvailabilityObservation, BedRequest, Shelter

    db.create_tables([Shelter, AvailabilityObservation, BedRequest], safe=True)


def _campaigns_and_push(db):
    # As _cases: today's models, safe=True; later steps that alter these tables check what exists.
    from server.campaigns.models import Campaign, CampaignOccurrence
    from server.push.models import Delivery, Reminder, Subscription
    from server.ratelimit.models import RateLimitHit

    db.create_tables([Campaign, CampaignOccurrence, Subscription, Reminder, Delivery, RateLimitHit], safe=True)


def _find_help(db):
    # As _cases: today's models, safe=True; later steps that alter these tables check what exists.
    from server.directory.models import Hotline, PublicService
    from server.help.models import HelpRequest

    db.create_tables([Hotline, PublicService, HelpRequest], safe=True)


def _reports(db):
    # Cases gain "reported elsewhere" (statistics do not count twice a case another organisation reports);
    # a database created at version 6 from the models of its day lacks the column.
    from playhouse.migrate import SchemaMigrator, migrate

    from server.cases.models import Case
    from server.reports.models import (
        AnnualReport, CommunicationActivity, CoordinationMechanism, Institution, ReportDraft, TrainingAttendance,
        TrainingSession,
    )

    columns = {column.name for column in db.get_columns(Case._meta.table_name)}
    if "reported_elsewhere" not in columns:
        migrate(SchemaMigrator.from_database(db).add_column(
            Case._meta.table_name, "reported_elsewhere", Case.reported_elsewhere))
    db.create_tables([CoordinationMechanism, Institution, TrainingSession, TrainingAttendance,
                      CommunicationActivity, ReportDraft, AnnualReport], safe=True)


def _append_only_audit(db):
    from server.audit.models import install_append_only_guard

    install_append_only_guard(db)


# Append new steps at the end with the next version number; never edit or reorder a released step.
STEPS = [
    Step(1, "initial schema: wards, organisations, users, sessions, login attempts, audit", _initial),
    Step(2, "cases, follow-ups, referrals, applied outbox operations", _cases),
    Step(3, "the audit trail refuses updates and deletes", _append_only_audit),
    Step(4, "shelters, availability observations, bed requests", _shelters),
    Step(5, "campaigns, push subscriptions, reminders, the delivery ledger, rate limits", _campaigns_and_push),
    Step(6, "help lines, public services, residents' help requests", _find_help),
    Step(7, "plan indicators and annual reports; cases say whether another organisation reported them", _reports),
]


def current_models():
    """Every table of the application, in an order that satisfies foreign keys."""
    # Imported here, not at module level: domain models import server.db, and the wiring stays one-way.
    from server.accounts.models import LoginAttempt, Organization, Session, User
    from server.audit.models import AuditEvent
    from server.campaigns.models import Campaign, CampaignOccurrence
    from server.directory.models import Hotline, PublicService
    from server.help.models import HelpRequest
    from server.push.models import Delivery, Reminder, Subscription
    from server.ratelimit.models import RateLimitHit
    from server.reports.models import (
        AnnualReport, CommunicationActivity, CoordinationMechanism, Institution, ReportDraft, TrainingAttendance,
        TrainingSession,
    )
    from server.cases.models import Case, FollowUp, Referral
    from server.shelters.models import AvailabilityObservation, BedRequest, Shelter
    from server.sync.models import AppliedOperation
    from server.wards.models import Ward

    return [Ward, Organization, User, Session, LoginAttempt, AuditEvent, Case, FollowUp, Referral,
            AppliedOperation, Shelter, AvailabilityObservation, BedRequest, Campaign, CampaignOccurrence,
            Subscription, Reminder, Delivery, RateLimitHit, Hotline, PublicService, HelpRequest,
            CoordinationMechanism, Institution, TrainingSession, TrainingAttendance, CommunicationActivity,
            ReportDraft, AnnualReport]


def current_version():
    if not database.table_exists(SchemaVersion._meta.table_name):
        return None
    latest = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return latest.version if latest else None


def upgrade(steps=None):
    """Bring the database to the latest version; returns the names of what was done. Safe to run twice."""
    steps = STEPS if steps is None else steps
    done = []
    with database.connection_context():
        version = current_version()
        if version is None:
            with database.atomic():
                database.create_tables([SchemaVersion, *current_models()])
                _append_only_audit(database)  # what create_tables cannot express
                latest = steps[-1]
                SchemaVersion.create(version=latest.version, name=latest.name)
            return [f"created schema version {latest.version}"]
        for step in steps:
            if step.version <= version:
                continue
            with database.atomic():
                step.apply(database)
                SchemaVersion.create(version=step.version, name=step.name)
            done.append(f"applied {step.version}: {step.name}")
    return done
