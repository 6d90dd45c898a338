"""Inserting a record whose id the phone chose, exactly once.

A phone sends a case, a note, a referral or a bed request with an id it made itself, and may send it again:
after a lost answer, or while the first request is still running. The same id from the same person, for
the same parent record, answers the stored record; anyone else's id is refused (409 ``id_taken``), so a
replay never hands over another person's record.
"""
from peewee import IntegrityError

from server.db import database
from server.errors import ApiError


def stored_by_id(model, owner_column, record_id, actor, parent_column=None, parent_id=None):
    """The record already sent under this id, or None."""
    columns = [owner_column] + ([parent_column] if parent_column is not None else [])
    # Only the columns the check needs: it runs for every record a phone sends (bench/sync.py).
    found = model.select(*columns).where(model._meta.primary_key == record_id).tuples().first()
    if found is None:
        return None
    if found[0] != actor.id or (parent_column is not None and found[1] != parent_id):
        raise ApiError(409, "id_taken")
    return model.get_by_id(record_id)


def insert_once(model, owner_column, record_id, actor, insert, parent_column=None, parent_id=None):
    """``insert()`` unless this id was sent before; returns ``(record, created)``."""
    stored = stored_by_id(model, owner_column, record_id, actor, parent_column, parent_id)
    if stored is not None:
        return stored, False
    try:
        with database.atomic():
            return insert(), True
    except IntegrityError:
        # A concurrent request inserted this id first (PostgreSQL shows it to us once it has committed).
        stored = stored_by_id(model, owner_column, record_id, actor, parent_column, parent_id)
        if stored is None:
            raise ApiError(409, "id_taken") from None
        return stored, False
