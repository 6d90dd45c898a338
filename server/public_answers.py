"""Public answers kept ready in memory: the serialized JSON of a public list and its ETag, per process.

The public lists (shelters with room, help lines, each ward's services, upcoming events) are read far more
often than they change: a resident at 11 p.m., many phones revalidating what they keep offline. So each
process keeps the answer it last built together with the *state* it was built from, a small tuple the domain
reads in one aggregate query (row count and latest ``updated_at``, say). The answer is served again while the
state is the same and, for an answer that changes by itself with time (a bed count growing stale), until
its ``expires_at``; anything else rebuilds. Nothing is shared between processes, and nothing needs to be:
the state query is what makes every worker notice every change.

Ground floor: the domains decide what the state and the answer are; this module only keeps them.
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

# For an answer that only a change of the data can make stale.
NEVER = datetime.max


@dataclass(frozen=True)
class KeptAnswer:
    state: tuple  # what the domain read of its tables when the answer was built
    expires_at: datetime  # when the answer changes by itself, with no change of the data
    body: bytes  # the serialized JSON, as sent
    etag: str


def _kept(name):
    # Per application, not per module: every test app (and every worker) keeps its own.
    return current_app.extensions.setdefault(f"binhan.{name}", {})


def kept(name, key, state, now=None):
    """The answer kept under ``name`` and ``key`` if it was built from ``state`` and, when ``now`` is given,
    has not expired; None when it must be rebuilt."""
    answer = _kept(name).get(key)
    if answer is None or answer.state != state or (now is not None and now >= answer.expires_at):
        return None
    return answer


def keep(name, key, state, dumped, expires_at=NEVER):
    """Serialize ``dumped`` (a schema's output), keep it under ``name`` and ``key`` and return it."""
    body = current_app.json.dumps(dumped).encode()
    answer = _kept(name)[key] = KeptAnswer(state, expires_at, body, hashlib.sha1(body).hexdigest())
    return answer
