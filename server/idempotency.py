"""Inserting a record whose id the client chose, exactly once.

A phone sends a case, a note, a referral, a bed count, a help request or a report with an id it made itself,
and may send it again: after a lost answer, or while the first request is still running. The same id from
its owner (the person, and the parent record, or the ward and year that it was sent for) answers the stored
record; anyone else's id is refused (409 ``id_taken``), so a replay never hands over another person's record.

Ground floor: any domain may use this module, and it uses none. Each caller names its table and the columns
that say whose a record is, so the tables stay as they are.
"""
from peewee import IntegrityError

from server.db import database
from server.errors import ApiError


def stored_by_id(model, record_id, owner=(), load=()):
    """The record already stored under ``record_id``, or None.

    ``owner`` is a list of ``(column, value)`` pairs the stored record must match (another owner's id is a
    409 ``id_taken``); with none, anyone who sends the id gets the record back. ``load`` names the columns to
    read, when an answer needs only a few of them (the whole record otherwise)."""
    owner_columns = [column for column, _value in owner]
    query = model.select(*owner_columns, *load) if load else model.select()
    # One query, and only the columns the answer needs: it runs for every record a phone sends (bench/sync.py).
    found = query.where(model._meta.primary_key == record_id).first()
    if found is None:
        return None
    # __data__ holds a foreign key's raw id, as the owner values give it; the attribute would load the row.
    if any(found.__data__.get(column.name) != value for column, value in owner):
        raise ApiError(409, "id_taken")
    return found


def insert_or_stored(model, record_id, insert, owner=(), load=(), attempts=1, exhausted=None):
    """``insert()`` in a savepoint, or the record a concurrent request inserted first under the same id:
    returns ``(record, created)``. For a caller that looked with ``stored_by_id`` already.

    An IntegrityError with nothing stored under the id came from another unique column (a reference drawn
    twice, a version number a colleague took at the same moment): ``insert()`` is tried again, up to
    ``attempts`` times in all, then ``exhausted`` is raised (409 ``id_taken`` unless given)."""
    for _attempt in range(attempts):
        try:
            with database.atomic():
                return insert(), True
        except IntegrityError:
            # A concurrent request inserted this id first (PostgreSQL shows it to us once it has committed).
            stored = stored_by_id(model, record_id, owner, load)
            if stored is not None:
                return stored, False
    raise (exhausted or ApiError(409, "id_taken")) from None


def insert_once(model, record_id, insert, owner=(), load=(), attempts=1, exhausted=None):
    """``insert()`` unless this id was sent before; returns ``(record, created)``."""
    stored = stored_by_id(model, record_id, owner, load)
    if stored is not None:
        return stored, False
    return insert_or_stored(model, record_id, insert, owner, load, attempts, exhausted)
