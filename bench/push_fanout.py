"""Push fan-out: one reminder to 10,000 subscriptions through a mock push service that answers after 50 ms,
against merely encrypting the same 10,000 messages.

Budget (DESIGN §9): the fan-out's messages per second at least 35% of the encryption-only rate measured in
the same run. The fan-out path is the scheduler's: claim pages in the delivery ledger (SQLite), decrypt each
subscription's endpoint and keys, encrypt each message for its browser (RFC 8291), POST it with the VAPID
header (asyncio, one aiohttp session, PUSH_CONCURRENCY in flight, encryption in PUSH_ENCRYPTION_PROCESSES
worker processes, started before the clock as a scheduler has them), record the answers. The mock push service
runs in a process of its own on loopback; it counts distinct endpoints, so the run also checks that every
subscription got its message exactly once.

    .venv/bin/python bench/push_fanout.py [--subscriptions 10000] [--latency-ms 50] [--concurrency 200]
                                          [--encryption-processes 1]
"""
import argparse
import asyncio
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pywebpush import WebPusher

from server import create_app, migrations
from server.clock import now_utc
from server.db import database
from server.encryption.keyring import new_keyring
from server.push import audience
from server.push.fanout import deliver, endpoint_hash, sender_from_config
from server.push.models import Reminder, Subscription
from server.push.operations import plan_reminder
from server.push.payloads import payload


def serve(port, latency):
    """The mock push service: 201 after ``latency`` seconds for every POST; GET /count tells how many
    distinct endpoints were pushed to and how many pushes came in all."""
    from aiohttp import web

    seen, total = set(), [0]

    async def push(request):
        await request.read()
        await asyncio.sleep(latency)
        seen.add(request.path)
        total[0] += 1
        return web.Response(status=201)

    async def count(_request):
        return web.Response(text=f"{len(seen)} {total[0]}")

    app = web.Application()
    app.router.add_post("/push/{token}", push)
    app.router.add_get("/count", count)
    web.run_app(app, host="127.0.0.1", port=port, print=None, backlog=4096)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys(count):
    keys = []
    for _ in range(count):
        point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        keys.append((b64url(point), b64url(os.urandom(16))))
    return keys


def make_app(url, concurrency, encryption_processes):
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "b" * 40, "FIELD_KEYS": new_keyring().to_json(),
                      "VAPID_PRIVATE_KEY": pem, "PUSH_CONCURRENCY": concurrency,
                      "PUSH_ENCRYPTION_PROCESSES": encryption_processes})
    migrations.upgrade()
    return app


def store_subscriptions(app, origin, keys):
    rows = []
    for number, (p256dh, auth) in enumerate(keys):
        endpoint = f"{origin}/push/{number:06d}-{b64url(os.urandom(12))}"
        rows.append({"id": f"00000000-0000-4000-8000-{number:012d}", "endpoint_hash": endpoint_hash(endpoint),
                     "target": Subscription.encode_target(endpoint, p256dh, auth), "wants_campaigns": True,
                     "language": "vi", "discreet": True})
    with app.app_context(), database.connection_context(), database.atomic():
        for start in range(0, len(rows), 500):
            Subscription.insert_many(rows[start:start + 500]).execute()
    return rows


def plan(app):
    now = now_utc()
    with app.app_context(), database.connection_context():
        plan_reminder("bench:1", source="campaign", source_id="0", topic="campaigns", title_vi="Ngày 25/11",
                      title_en="25 November", body_vi="Còn 7 ngày (25/11): hãy lên tiếng.", body_en="In 7 days",
                      url="/#/campaigns", audience=audience.encode(residents=True), due_at=now,
                      expires_at=now + timedelta(days=3))
        return Reminder.get(Reminder.key == "bench:1")


def timed_encryption(reminder, rows):
    message = payload(reminder, "vi", True)
    targets = [json.loads(row["target"]) for row in rows]
    started = time.perf_counter()
    for target in targets:
        WebPusher({"endpoint": target["endpoint"], "keys": {"p256dh": target["p256dh"], "auth": target["auth"]}}
                  ).encode(message)
    return time.perf_counter() - started


def timed_fanout(app, reminder):
    with app.app_context(), database.connection_context():
        sender = sender_from_config(app)
        asyncio.run(sender.encrypt([]))  # the worker processes start with the scheduler, not per fan-out
        started = time.perf_counter()
        counts = deliver(reminder.id, sender)
        seconds = time.perf_counter() - started
        sender.close()
        return seconds, counts


def wait_for(origin):
    for _ in range(100):
        try:
            return urllib.request.urlopen(f"{origin}/count").read().decode()
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the mock push service did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--encryption-processes", type=int, default=1)
    parser.add_argument("--port", type=int, default=18931)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.port, args.latency_ms / 1000)
        return
    origin = f"http://127.0.0.1:{args.port}"
    service = subprocess.Popen([sys.executable, __file__, "--serve", "--port", str(args.port),
                                "--latency-ms", str(args.latency_ms)])
    try:
        wait_for(origin)
        with tempfile.TemporaryDirectory() as workdir:
            app = make_app(f"sqlite:///{workdir}/push.sqlite3", args.concurrency, args.encryption_processes)
            rows = store_subscriptions(app, origin, browser_keys(args.subscriptions))
            reminder = plan(app)
            encrypt_seconds = timed_encryption(reminder, rows)
            fanout_seconds, counts = timed_fanout(app, reminder)
        distinct, total = map(int, wait_for(origin).split())
    finally:
        service.terminate()
        service.wait()
    n = args.subscriptions
    print(f"{n} subscriptions; mock push service answering after {args.latency_ms} ms; "
          f"concurrency {args.concurrency}; {args.encryption_processes} encryption processes; SQLite ledger")
    print(f"{'path':<46} {'seconds':>8} {'msg/s':>8} {'vs encrypt':>11}")
    for label, seconds in [("encrypt only (RFC 8291, one after another)", encrypt_seconds),
                           ("fan-out (ledger + decrypt + encrypt + POST)", fanout_seconds)]:
        print(f"{label:<46} {seconds:>8.2f} {n / seconds:>8.0f} {encrypt_seconds / seconds:>11.2f}")
    print(f"outcomes: {dict(counts)}; the push service saw {distinct} distinct endpoints in {total} pushes")
    ratio = encrypt_seconds / fanout_seconds
    verdict = "ok" if ratio >= 0.35 and distinct == total == n else "below"
    print(f"budget: fan-out >= 0.35 of encryption-only -> {ratio:.2f} ({verdict}); each subscription once: "
          f"{distinct == total == n}")


if __name__ == "__main__":
    main()
