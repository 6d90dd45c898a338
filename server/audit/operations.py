"""Writing the audit trail. Called inside the caller's transaction, so an action and its trace commit or
roll back together: there is never a change without its record, nor a record of a change that failed."""
import json

from server.audit.models import AuditEvent


def record(action, actor=None, target=None, ward_code=None, **details):
    """Append one event. ``actor`` is a user or None, ``target`` a model instance; ``details`` must hold no
    personal data."""
    return AuditEvent.create(
        action=action,
        actor_id=actor.id if actor is not None else None,
        target_type=type(target).__name__ if target is not None else None,
        target_id=str(target.get_id()) if target is not None else None,
        ward_code=ward_code,
        details=json.dumps(details, ensure_ascii=False, sort_keys=True),
    )
