"""Public read throughput against /api/v1/health, on the same server under the same load, in one run.

Budget (DESIGN §9): public reads (the shelter list above all) reach at least 70% of the throughput of
/api/v1/health. The server is gunicorn with two sync workers on a fresh SQLite database holding the 103
wards and the demo data (3 shelters); the load is a pool of client threads on this machine. Rounds
alternate between endpoints so that a noisy neighbour hurts all of them alike; the table reports each
endpoint's median round, its ratio to health, and the 95th percentile latency over all its requests.

    .venv/bin/python bench/public_reads.py [--seconds-per-round 2] [--rounds 5] [--clients 8]
"""
import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (label, path, send the ETag of a first answer?) — the revalidation is what a phone does once it has
# the list: the ward list is public reference data served with an ETag.
ENDPOINTS = [
    ("/api/v1/health", "/api/v1/health", False),
    ("/api/v1/shelters", "/api/v1/shelters", False),
    ("/api/v1/shelters (revalidated, 304)", "/api/v1/shelters", True),
    ("/api/v1/shelters?ward=31135", "/api/v1/shelters?ward=31135", False),
    ("/api/v1/wards", "/api/v1/wards", False),
    ("/api/v1/wards (revalidated, 304)", "/api/v1/wards", True),
    ("/api/v1/wards?q=vinh%20thuan", "/api/v1/wards?q=vinh%20thuan", False),
    ("/api/v1/wards/31135", "/api/v1/wards/31135", False),
    ("/api/v1/hotlines", "/api/v1/hotlines", False),
    ("/api/v1/hotlines (revalidated, 304)", "/api/v1/hotlines", True),
    ("/api/v1/services?ward=31135", "/api/v1/services?ward=31135", False),
    ("/api/v1/campaigns/upcoming", "/api/v1/campaigns/upcoming", False),
    ("/api/v1/campaigns/upcoming (revalidated, 304)", "/api/v1/campaigns/upcoming", True),
    ("/api/v1/push/vapid-public-key", "/api/v1/push/vapid-public-key", False),
]
BUDGET_RATIO = 0.70


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port, workdir):
    env = {**os.environ, "BINHAN_DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
           "BINHAN_SECRET_KEY": "b" * 40, "BINHAN_FIELD_KEYS_FILE": f"{workdir}/field-keys.json",
           "BINHAN_VAPID_PRIVATE_KEY_FILE": f"{workdir}/vapid-private.pem"}
    flask = [sys.executable, "-m", "flask", "--app", "server"]
    subprocess.run([*flask, "init-db"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "server:create_app()"], env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            request(port, "/api/v1/health")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def request(port, path, etag=None):
    """One GET on a new connection (gunicorn's sync workers close after each answer); returns the ETag."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"If-None-Match": etag} if etag else {})
        response = connection.getresponse()
        response.read()
        if response.status != (304 if etag else 200):
            raise RuntimeError(f"{path} answered {response.status}")
        return response.getheader("ETag")
    finally:
        connection.close()


def one_round(port, path, revalidate, seconds, clients):
    etag = request(port, path) if revalidate else None
    deadline = time.monotonic() + seconds

    def worker(_):
        latencies = []
        while time.monotonic() < deadline:
            sent = time.perf_counter()
            request(port, path, etag)
            latencies.append(time.perf_counter() - sent)
        return latencies

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = [latency for batch in pool.map(worker, range(clients)) for latency in batch]
    return len(latencies) / (time.monotonic() - started), latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds-per-round", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = start_server(port, workdir)
        try:
            rates = {label: [] for label, _, _ in ENDPOINTS}
            latencies = {label: [] for label, _, _ in ENDPOINTS}
            for _ in range(args.rounds):
                for label, path, revalidate in ENDPOINTS:
                    rate, measured = one_round(port, path, revalidate, args.seconds_per_round, args.clients)
                    rates[label].append(rate)
                    latencies[label] += measured
        finally:
            server.terminate()
            server.wait(timeout=10)
    health_label = ENDPOINTS[0][0]
    health = statistics.median(rates[health_label])
    print(f"{'endpoint':<38} {'req/s (median)':>15} {'vs health':>10} {'>= 0.70':>8} {'p95 ms':>7}")
    for label, _, _ in ENDPOINTS:
        rate = statistics.median(rates[label])
        ratio = rate / health
        verdict = "" if label == health_label else ("ok" if ratio >= BUDGET_RATIO else "below")
        p95 = statistics.quantiles(latencies[label], n=20)[18] * 1000
        print(f"{label:<38} {rate:>15.0f} {ratio:>10.2f} {verdict:>8} {p95:>7.1f}")


if __name__ == "__main__":
    main()
