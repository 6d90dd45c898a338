"""What a phone downloads for the app shell, gzip-compressed, against the budget of DESIGN §9.

Budget: at most 100 KiB of JavaScript, compressed, for the public pages. Counted here: every .js file of
pwa/ (the whole shell, staff screens included, since the service worker precaches all of it) plus the
worker as served, with its generated precache list; and, for the record, the other shell files.

    .venv/bin/python bench/pwa_size.py
"""
import gzip
from pathlib import Path

from server import create_app

BUDGET_JS_KIB = 100


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


def main():
    app = create_app({"DATABASE_URL": "sqlite:///:memory:"})
    root = Path(app.config["PWA_DIR"])
    with app.test_request_context():
        from server.web import service_worker_source

        worker = service_worker_source().encode()
    rows = {"JavaScript (incl. served sw.js)": [0, 0], "JSON (catalogues, manifest)": [0, 0],
            "CSS": [0, 0], "HTML": [0, 0], "icons (PNG)": [0, 0]}
    kinds = {".js": "JavaScript (incl. served sw.js)", ".json": "JSON (catalogues, manifest)",
             ".webmanifest": "JSON (catalogues, manifest)", ".css": "CSS", ".html": "HTML", ".png": "icons (PNG)"}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name == "sw.js":
            continue
        data = path.read_bytes()
        row = rows[kinds[path.suffix]]
        row[0] += len(data)
        row[1] += compressed(data)
    rows["JavaScript (incl. served sw.js)"][0] += len(worker)
    rows["JavaScript (incl. served sw.js)"][1] += compressed(worker)
    print(f"{'what':<34} {'raw KiB':>8} {'gzip KiB':>9}")
    for name, (raw, packed) in rows.items():
        print(f"{name:<34} {raw / 1024:>8.1f} {packed / 1024:>9.1f}")
    js = rows["JavaScript (incl. served sw.js)"][1] / 1024
    print(f"JavaScript budget: {js:.1f} of {BUDGET_JS_KIB} KiB compressed ({js / BUDGET_JS_KIB:.0%}) -> "
          f"{'ok' if js <= BUDGET_JS_KIB else 'OVER'}")


if __name__ == "__main__":
    main()
