"""Applying a batch of outbox operations from a phone (``POST /api/v1/sync``), exactly once each.

Every operation carries an idempotency key. The batch runs in one transaction and each operation in a
savepoint of its own: a bad operation rolls back alone and gets its own error, the others go through. An
applied operation's key is written in the same savepoint as its change, so the change and the proof that
it happened commit together: a replayed batch, or one operation retried after its answer was lost, is
answered from the ledger and applies nothing twice. Errors are not recorded: they changed nothing, and the
phone may send the operation again once the person has fixed it.
"""
from contextlib import suppress

from marshmallow import ValidationError
from peewee import IntegrityError

from server.cases import operations as cases
from server.cases.output import conflict_copy
from server.cases.scope import CASE_ROLES
from server.db import database
from server.errors import ApiError, VersionConflictError, error_body
from server.i18n import translate_field_errors
from server.idempotency import stored_by_id
from server.shelters import operations as shelters
from server.sync.models import AppliedOperation
from server.sync.schemas import PAYLOADS
from server.text import check_text


def _case_create(actor, payload, _key):
    case, created = cases.create_case(actor, PAYLOADS["case.create"].load(payload))
    return (201 if created else 200), str(case.id), case.version


def _case_update(actor, payload, _key):
    data = PAYLOADS["case.update"].load(payload)
    sections = {k: v for k, v in data.items() if k not in ("id", "base_version")}
    case = cases.update_case(actor, data["id"], data["base_version"], sections)
    return 200, str(case.id), case.version


def _follow_up_create(actor, payload, _key):
    data = PAYLOADS["followup.create"].load(payload)
    note, created = cases.add_follow_up(actor, data["case_id"], data)
    return (201 if created else 200), str(note.id), None


def _referral_create(actor, payload, _key):
    data = PAYLOADS["referral.create"].load(payload)
    referral, created = cases.create_referral(actor, data["case_id"], data)
    return (201 if created else 200), str(referral.id), referral.version


def _shelter_availability(actor, payload, key):
    # The operation's idempotency key is the observation's id: one tap, one observation, kept once.
    data = PAYLOADS["shelter.availability"].load({**payload, "key": str(key)})
    _applied, shelter = shelters.record_availability(actor, data["shelter_id"], data["key"], data["free_beds"],
                                                     data["observed_at"])
    return 200, str(shelter.id), None


# operation type -> (roles allowed, handler); the types of server.sync.schemas.PAYLOADS
HANDLERS = {
    "case.create": (CASE_ROLES, _case_create),
    "case.update": (CASE_ROLES, _case_update),
    "followup.create": (CASE_ROLES, _follow_up_create),
    "referral.create": (CASE_ROLES, _referral_create),
    "shelter.availability": (("shelter_host",), _shelter_availability),
}
SYNC_ROLES = tuple(sorted({role for roles, _handler in HANDLERS.values() for role in roles}))


# What a replay is answered with: never the record, only its id and version (see AppliedOperation).
ANSWER_COLUMNS = (AppliedOperation.status, AppliedOperation.record_id, AppliedOperation.record_version)


def _answer(key, status, record_id, version):
    result = {"key": key, "status": status, "id": record_id}
    if version is not None:
        result["version"] = version
    return result


def _replayed(actor, key):
    """The answer of a key this person applied before, or None; someone else's key is a 409 ``id_taken``
    (server.idempotency). Only the columns of the answer are read: every operation of every batch looks here
    first."""
    entry = stored_by_id(AppliedOperation, key, [(AppliedOperation.user, actor.id)], load=ANSWER_COLUMNS)
    return None if entry is None else _answer(key, entry.status, entry.record_id, entry.record_version)


def _apply_one(actor, operation):
    key, kind, payload = operation["key"], operation["type"], operation["payload"]
    try:
        replayed = _replayed(actor, key)
    except ApiError as error:
        return {"key": key, "status": error.status, "error": error.body()}
    if replayed is not None:
        return replayed
    roles, handler = HANDLERS[kind]
    try:
        with database.atomic():  # a savepoint inside the batch's transaction
            if actor.role not in roles:
                raise ApiError(403, "forbidden")
            # The text rule, here rather than for the whole body (see SyncIn): this operation alone is refused.
            status, record_id, version = handler(actor, check_text(payload), key)
            AppliedOperation.create(key=key, user=actor, type=kind, status=status, record_id=record_id,
                                    record_version=version)
    except ValidationError as error:
        fields = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        return {"key": key, "status": 422, "error": error_body("validation_failed", translate_field_errors(fields))}
    except (ApiError, IntegrityError) as error:
        # The same batch sent twice at once (a phone retrying while the first request still runs): on
        # PostgreSQL the second waits on the first one's rows, fails on them, and must then answer what
        # the first applied, not a conflict with itself.
        replayed = None
        with suppress(ApiError):  # a key someone else applied: this operation's own error is the answer
            replayed = _replayed(actor, key)
        if replayed is not None:
            return replayed
        if isinstance(error, IntegrityError):
            raise
        result = {"key": key, "status": error.status, "error": error.body()}
        if isinstance(error, VersionConflictError):
            # Only case.update changes a versioned record: the server's copy, as PATCH /cases/<id> answers it.
            result["current"] = conflict_copy(error.current)
        return result
    return _answer(key, status, record_id, version)


def apply_batch(actor, operations):
    """One result per operation, in order."""
    with database.atomic():
        return [_apply_one(actor, operation) for operation in operations]
