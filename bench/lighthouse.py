"""Lighthouse (mobile) on the public home, served as in production: gunicorn, the demo data, no cache.

Budget (DESIGN §9): Lighthouse mobile performance ≥ 95 on public pages, and ≤ 100 KiB of JavaScript
(compressed) for them. Lighthouse's default mobile settings: a mid-range phone's screen, 4× CPU slowdown
and a slow 4G line (simulated). Lighthouse is the npm package lighthouse@12.2.3, run with npx (fetched from
the npm registry on first use; it drives this machine's Chromium, never a downloaded browser).

    .venv/bin/python bench/lighthouse.py [--path /] [--runs 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from public_reads import free_port, start_server  # noqa: E402 (the same production-like server)

LIGHTHOUSE = "lighthouse@12.2.3"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def audit(url, workdir, run):
    report = Path(workdir) / f"report-{run}.json"
    subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--only-categories=performance", "--output=json",
         f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True, timeout=300)
    data = json.loads(report.read_text())
    audits = data["audits"]
    scripts = [item for item in audits["network-requests"]["details"]["items"] if item.get("resourceType") == "Script"]
    return {
        "score": round(data["categories"]["performance"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "js_kib": sum(item.get("transferSize", 0) for item in scripts) / 1024,
        "requests": len(audits["network-requests"]["details"]["items"]),
        "third_party": sorted({item["url"].split("/")[2] for item in audits["network-requests"]["details"]["items"]
                               if not item["url"].startswith(url.split("/", 3)[0] + "//" + url.split("/")[2])
                               and item["url"].startswith("http")}),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = start_server(port, workdir)
        try:
            url = f"http://127.0.0.1:{port}{args.path}"
            results = [audit(url, workdir, run) for run in range(args.runs)]
        finally:
            server.terminate()
            server.wait()
    print(f"Lighthouse {LIGHTHOUSE}, mobile (simulated slow 4G, 4x CPU slowdown), {args.path}, {args.runs} runs")
    print(f"{'run':<5} {'score':>5} {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6} {'JS KiB':>7} {'requests':>8}")
    for number, r in enumerate(results, 1):
        print(f"{number:<5} {r['score']:>5} {r['fcp']:>7.0f} {r['lcp']:>7.0f} {r['tbt']:>7.0f} {r['cls']:>6.3f} "
              f"{r['js_kib']:>7.1f} {r['requests']:>8}")
    median = statistics.median(r["score"] for r in results)
    hosts = sorted({host for r in results for host in r["third_party"]})
    print(f"budget: performance >= 95 -> median {median:.0f} ({'ok' if median >= 95 else 'below'}); "
          f"other hosts contacted: {hosts or 'none'}")


if __name__ == "__main__":
    main()
