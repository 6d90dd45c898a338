"""The shelter lists, and the public one kept ready in memory.

The public list is the hottest read of the system (a resident at 11 p.m., many phones revalidating) and
the cheapest to keep: it changes only when a shelter row changes or when a count grows stale. So each
process keeps the serialized answer per filter with the state it was built from: one aggregate query
(count and latest ``updated_at`` of the shelter table) tells whether the data moved, and the earliest
moment a listed count goes stale tells when the statuses change by themselves. Anything else rebuilds.
Every change to a shelter row sets ``updated_at`` (operations.py, registry.py, demo.py).
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from peewee import fn

from server.clock import now_utc
from server.shelters.models import Shelter
from server.shelters.presenters import public_view
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
             .where(Shelter.active == True))  # noqa: E712
    if ward:
        query = query.where(Shelter.ward == ward)
    shelters = query.order_by(Shelter.ward, Shelter.name)
    if accepts:
        # An exact code of the comma-separated list, not LIKE: "women" must not match "older_women". The
        # list is a city's shelters (dozens), so filtering here costs nothing.
        return [s for s in shelters if accepts in s.codes("accepts")]
    return list(shelters)


@dataclass(frozen=True)
class PublicAnswer:
    state: tuple  # (row count, latest updated_at) of the shelter table when it was built
    expires_at: datetime  # when the first listed count goes stale and a status changes by itself
    body: bytes
    etag: str


def _table_state():
    return Shelter.select(fn.COUNT(Shelter.id), fn.MAX(Shelter.updated_at)).tuples().first()


def _build(ward, accepts, state, now):
    shelters = listed_shelters(ward, accepts)
    stale_after = timedelta(hours=current_app.config["SHELTER_STALE_HOURS"])
    turning = [s.observed_at + stale_after for s in shelters
               if s.observed_at is not None and s.observed_at + stale_after > now]
    # "As of" the latest change, not the clock: an unchanged list keeps its ETag and costs a phone nothing.
    as_of = max((s.updated_at for s in shelters), default=None)
    dumped = PUBLIC_LIST.dump({"items": [public_view(s, now) for s in shelters], "as_of": as_of})
    body = current_app.json.dumps(dumped).encode()
    return PublicAnswer(state, min(turning, default=datetime.max), body, hashlib.sha1(body).hexdigest())


def public_answer(ward=None, accepts=None):
    """The public list's serialized answer and ETag, rebuilt only when the data or a status changed."""
    answers = current_app.extensions.setdefault("binhan.public_shelters", {})
    now = now_utc()
    state = _table_state()
    answer = answers.get((ward, accepts))
    if answer is None or answer.state != state or now >= answer.expires_at:
        answer = answers[(ward, accepts)] = _build(ward, accepts, state, now)
    return answer
