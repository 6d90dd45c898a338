"""Sending push messages many at once: asyncio, one aiohttp session per fan-out, a semaphore.

No database here. The fan-out (server.push.fanout) claims a page in the database, hands it to ``send``, and
records the outcomes afterwards, so no transaction is ever held open across a network call.

pywebpush's async path does the RFC 8291 encryption and the POST; the VAPID header is signed here once per
push service origin and reused until shortly before it expires (signing per message would cost an ECDSA
signature each). A push service asking us to slow down (429, or 5xx with Retry-After) pauses that origin
for the rest of the page: its remaining messages are not tried but handed back for a later retry.
"""
import asyncio
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import aiohttp
from pywebpush import WebPusher, WebPushException

# A VAPID token may live 24 hours (RFC 8292 §2); ours live 12 and are replaced an hour before they end.
_VAPID_LIFETIME_SECONDS = 12 * 3600
_VAPID_RENEW_BEFORE_SECONDS = 3600
# When a push service says nothing about when to come back, the n-th retry waits this many seconds times 2**n.
_BACKOFF_BASE_SECONDS = 60


@dataclass(frozen=True)
class Message:
    delivery_id: int
    subscription_id: object
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    ttl: int
    urgency: str
    topic: str


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    subscription_id: object
    endpoint: str
    kind: str  # sent | gone | retry | failed
    status: int | None = None
    retry_after: int | None = None  # seconds, when the push service said


def _origin(endpoint):
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after_seconds(value):
    """Retry-After as seconds, from either form RFC 9110 allows (a number or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return int(value.strip())
    try:
        return max(0, int(parsedate_to_datetime(value).timestamp() - time.time()))
    except (TypeError, ValueError):
        return None


def classify(status, retry_after):
    """What an answer of the push service means for the ledger."""
    if status in (200, 201, 202):
        return "sent"
    if status in (404, 410):
        return "gone"  # the browser dropped the subscription: delete it (RFC 8030 §7.3)
    if status == 429 or status >= 500:
        return "retry"
    return "failed"  # 400, 401/403 (our VAPID), 413: sending it again would fail the same way


def backoff_seconds(attempts):
    return _BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1)


class PushSender:
    def __init__(self, vapid, contact, concurrency=200, timeout_seconds=10):
        self.vapid = vapid
        self.contact = contact
        self.concurrency = concurrency
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._vapid_headers = {}  # origin -> (headers, renew_at)

    def vapid_headers(self, origin):
        cached = self._vapid_headers.get(origin)
        now = time.time()
        if cached is None or cached[1] <= now:
            claims = {"aud": origin, "sub": self.contact, "exp": int(now) + _VAPID_LIFETIME_SECONDS}
            cached = (self.vapid.sign(claims), now + _VAPID_LIFETIME_SECONDS - _VAPID_RENEW_BEFORE_SECONDS)
            self._vapid_headers[origin] = cached
        return cached[0]

    def channel(self):
        """An open channel for one fan-out: ``async with sender.channel() as channel: await channel.send(...)``.
        One aiohttp session for all its pages, so connections to a push service are reused across pages."""
        return _Channel(self)

    async def send_one(self, session, semaphore, paused_until, message):
        origin = _origin(message.endpoint)
        async with semaphore:
            wait = paused_until.get(origin, 0) - time.monotonic()
            if wait > 0:
                return self._outcome(message, "retry", None, int(wait) + 1)
            headers = {**self.vapid_headers(origin), "Urgency": message.urgency, "Topic": message.topic}
            pusher = WebPusher(
                {"endpoint": message.endpoint, "keys": {"p256dh": message.p256dh, "auth": message.auth}},
                aiohttp_session=session,
            )
            try:
                response = await pusher.send_async(message.payload, headers=headers, ttl=message.ttl,
                                                   timeout=self.timeout)
            except (TimeoutError, aiohttp.ClientError, OSError):
                return self._outcome(message, "retry", None, None)
            except WebPushException:
                return self._outcome(message, "failed", None, None)  # keys the encryption cannot use
            status = response.status
            retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
            kind = classify(status, retry_after)
            if kind == "retry" and retry_after:
                paused_until[origin] = max(paused_until.get(origin, 0), time.monotonic() + retry_after)
            return self._outcome(message, kind, status, retry_after)

    @staticmethod
    def _outcome(message, kind, status, retry_after):
        return Outcome(message.delivery_id, message.subscription_id, message.endpoint, kind, status, retry_after)


class _Channel:
    def __init__(self, sender):
        self.sender = sender
        self.paused_until = {}  # origin -> monotonic time before which nothing more is tried there

    async def __aenter__(self):
        self.semaphore = asyncio.Semaphore(self.sender.concurrency)
        connector = aiohttp.TCPConnector(limit=self.sender.concurrency)
        self.session = aiohttp.ClientSession(connector=connector)
        return self

    async def __aexit__(self, *exc):
        await self.session.close()

    async def send(self, messages):
        """Send every message; returns one Outcome each."""
        return await asyncio.gather(*(self.sender.send_one(self.session, self.semaphore, self.paused_until, message)
                                      for message in messages))
