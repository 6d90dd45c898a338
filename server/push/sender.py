"""Sending push messages many at once: asyncio, one aiohttp session per fan-out, a semaphore; encryption
in worker processes.

No database here. The fan-out (server.push.fanout) claims a page in the database and hands it to ``send``
with a ``record`` function that writes outcomes as they come back, in short transactions of their own: no
transaction is ever held open across a network call.

pywebpush does the RFC 8291 encryption and aiohttp the POST (pywebpush's own async path would encrypt in the
event loop, where nothing else can run meanwhile). The VAPID header is signed here once per push service
origin and reused until shortly before it expires (signing per message would cost an ECDSA signature each).
A push service asking us to slow down (429, or 5xx with Retry-After) pauses that origin for the rest of the
fan-out: its remaining messages are not tried but handed back for a later retry.
"""
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from multiprocessing import get_context
from urllib.parse import urlsplit

import aiohttp
from pywebpush import WebPusher, WebPushException

from server.clock import unix_time

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
        return max(0, int(parsedate_to_datetime(value).timestamp() - unix_time()))
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


def encrypt_all(messages):
    """Each message's body encrypted for its browser (RFC 8291, aes128gcm), or None where the browser's keys
    cannot be used. A plain function of plain data, so that it can run in a worker process."""
    bodies = []
    for message in messages:
        keys = {"p256dh": message.p256dh, "auth": message.auth}
        try:
            bodies.append(WebPusher({"endpoint": message.endpoint, "keys": keys}).encode(message.payload)["body"])
        except (WebPushException, ValueError):
            bodies.append(None)
    return bodies


class PushSender:
    """Sends messages concurrently: pywebpush encrypts, aiohttp posts, one session per fan-out.

    Encryption is what a message costs most (an ECDH key pair and exchange each) and holds the GIL, so with
    ``encryption_processes`` > 0 it runs in that many worker processes while this one's event loop keeps
    the network busy (bench/push_fanout.py: on 2 cores this is what meets DESIGN §9). The workers are
    started once and live as long as the sender, that is, as long as the scheduler process.
    """

    def __init__(self, vapid, contact, concurrency=200, timeout_seconds=10, encryption_processes=0):
        self.vapid = vapid
        self.contact = contact
        self.concurrency = concurrency
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self.encryption_processes = encryption_processes
        self._pool = None
        self._vapid_headers = {}  # origin -> (headers, renew_at)

    def vapid_headers(self, origin):
        cached = self._vapid_headers.get(origin)
        now = unix_time()
        if cached is None or cached[1] <= now:
            claims = {"aud": origin, "sub": self.contact, "exp": int(now) + _VAPID_LIFETIME_SECONDS}
            cached = (self.vapid.sign(claims), now + _VAPID_LIFETIME_SECONDS - _VAPID_RENEW_BEFORE_SECONDS)
            self._vapid_headers[origin] = cached
        return cached[0]

    def channel(self):
        """An open channel for one fan-out: ``async with sender.channel() as channel: await channel.send(...)``.
        One aiohttp session for all its pages, so connections to a push service are reused across pages."""
        return _Channel(self)

    async def encrypt(self, messages):
        if not self.encryption_processes:
            return encrypt_all(messages)
        if self._pool is None:
            # spawn, not fork: the scheduler process runs threads (APScheduler's), and forking those is unsafe.
            self._pool = ProcessPoolExecutor(self.encryption_processes, mp_context=get_context("spawn"))
        return await asyncio.get_running_loop().run_in_executor(self._pool, encrypt_all, messages)

    def close(self):
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    async def post(self, session, semaphore, paused_until, message, body, record):
        """Post one message and hand its outcome to ``record`` (a coroutine function that returns once the
        outcome is written). The semaphore's slot is held until then: at any moment at most ``concurrency``
        messages have left without their outcome in the ledger, and only those can go out twice after a
        crash (server.push.ledger)."""
        if body is None:
            return await record(self._outcome(message, "failed", None, None))  # keys the encryption cannot use
        origin = _origin(message.endpoint)
        async with semaphore:
            wait = paused_until.get(origin, 0) - time.monotonic()
            if wait > 0:
                return await record(self._outcome(message, "retry", None, int(wait) + 1))
            headers = {**self.vapid_headers(origin), "TTL": str(message.ttl), "Urgency": message.urgency,
                       "Topic": message.topic, "Content-Encoding": "aes128gcm"}
            try:
                async with session.post(message.endpoint, data=body, headers=headers, timeout=self.timeout) as answer:
                    status = answer.status
                    retry_after = _retry_after_seconds(answer.headers.get("Retry-After"))
            except (TimeoutError, aiohttp.ClientError, OSError):
                return await record(self._outcome(message, "retry", None, None))
            kind = classify(status, retry_after)
            if kind == "retry" and retry_after:
                paused_until[origin] = max(paused_until.get(origin, 0), time.monotonic() + retry_after)
            return await record(self._outcome(message, kind, status, retry_after))

    @staticmethod
    def _outcome(message, kind, status, retry_after):
        return Outcome(message.delivery_id, message.subscription_id, message.endpoint, kind, status, retry_after)


# Messages encrypted per trip to a worker process: small enough that posting starts early, large enough that
# the trip costs little beside the encryption.
_ENCRYPTION_BATCH = 50


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

    async def send(self, messages, record):
        """Send every message, each outcome handed to ``record`` as its answer comes back (see ``post``);
        returns one Outcome each. Each batch is posted as soon as it is encrypted."""
        batches = [messages[start:start + _ENCRYPTION_BATCH] for start in range(0, len(messages), _ENCRYPTION_BATCH)]
        sent = await asyncio.gather(*(self._send_batch(batch, record) for batch in batches))
        return [outcome for batch in sent for outcome in batch]

    async def _send_batch(self, messages, record):
        bodies = await self.sender.encrypt(messages)
        return await asyncio.gather(*(self.sender.post(self.session, self.semaphore, self.paused_until, message,
                                                       body, record)
                                      for message, body in zip(messages, bodies, strict=True)))
