"""What the shelter lists show, and the public list's answer.

The public list is the hottest read of the system (a resident at 11 p.m., many phones revalidating) and
the cheapest to keep (server/public_answers.py): it changes only when a shelter row changes or when a count
grows stale. So its state is one aggregate query (count and latest ``updated_at`` of the shelter table), and
its expiry the earliest moment a listed count goes stale, when the statuses change by themselves. Every
change to a shelter row sets ``updated_at`` (operations.py, registry.py, demo.py). The staff list shows the
same columns (``listed_shelters``), never kept.
"""
from datetime import timedelta

from flask import current_app
from peewee import fn

from server import public_answers
from server.clock import now_utc
from server.shelters.models import Shelter
from server.shelters.output import public_view
from server.shelters.schemas import PublicShelterListOut
from server.wards.models import Ward

# What the public and staff lists show, with the ward joined: never the encrypted columns (decrypting an
# address nobody will see costs time and widens what a bug could leak), never one query per shelter.
LISTED_COLUMNS = (
    Shelter.id, Shelter.name, Shelter.ward, Shelter.organization, Shelter.kind, Shelter.standardised,
    Shelter.capacity, Shelter.accepts, Shelter.accessibility, Shelter.languages, Shelter.public_line,
    Shelter.free_beds, Shelter.observed_at, Shelter.updated_at,
)
PUBLIC_LIST = PublicShelterListOut()


def listed_shelters(ward=None, accepts=None):
    query = (Shelter.select(*LISTED_COLUMNS, Ward.code, Ward.name, Ward.type).join(Ward)
             .where(Shelter.active == True))  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    if ward:
        query = query.where(Shelter.ward == ward)
    shelters = query.order_by(Shelter.ward, Shelter.name)
    if accepts:
        # An exact code of the comma-separated list, not LIKE: "women" must not match "older_women". The
        # list is a city's shelters (dozens), so filtering here costs nothing.
        return [s for s in shelters if accepts in s.codes("accepts")]
    return list(shelters)


def _table_state():
    return Shelter.select(fn.COUNT(Shelter.id), fn.MAX(Shelter.updated_at)).tuples().first()


def public_answer(ward=None, accepts=None):
    """The public list's serialized answer and ETag, rebuilt only when the data or a status changed."""
    now = now_utc()
    state = _table_state()
    answer = public_answers.kept("public_shelters", (ward, accepts), state, now)
    if answer is None:
        shelters = listed_shelters(ward, accepts)
        stale_after = timedelta(hours=current_app.config["SHELTER_STALE_HOURS"])
        turning = [s.observed_at + stale_after for s in shelters
                   if s.observed_at is not None and s.observed_at + stale_after > now]
        # "As of" the latest change, not the clock: an unchanged list keeps its ETag and costs a phone nothing.
        as_of = max((s.updated_at for s in shelters), default=None)
        dumped = PUBLIC_LIST.dump({"items": [public_view(s, now) for s in shelters], "as_of": as_of})
        answer = public_answers.keep("public_shelters", (ward, accepts), state, dumped,
                                     expires_at=min(turning, default=public_answers.NEVER))
    return answer
