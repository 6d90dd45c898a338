"""What a phone downloads for the app shell, gzip-compressed, against the budget of DESIGN §9.

Budget: at most 100 KiB of JavaScript, compressed, for the public pages. Two counts:
- the public pages: app.js with every module it imports statically (what the home loads, preloaded), the
  modules of the public routes (loaded when they open) with their own imports, and the worker as served;
- the whole shell: every .js file of pwa/, staff screens included, which the service worker precaches in
  the background after a first visit; and, for the record, the other shell files.
Each file is compressed on its own, as the server sends it.

    .venv/bin/python bench/pwa_size.py
"""
import gzip
import re
from pathlib import Path

from server import create_app

BUDGET_JS_KIB = 100


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


def public_modules(root):
    """app.js's static graph, plus the graph of each lazily loaded view of a route marked access 'public'."""
    from server.web import static_modules

    app_js = (root / "js/app.js").read_text(encoding="utf-8")
    # lazy('help/info') -> js/help/info.js
    routes = re.findall(r"view: lazy\('([a-z/-]+)'\),\s*access: 'public'", app_js)
    modules = static_modules(root)
    for view in routes:
        modules |= static_modules(root, f"js/{view}.js")
    return modules, sorted(set(routes))


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
    modules, routes = public_modules(root)
    public = (sum(compressed((root / module).read_bytes()) for module in modules) + compressed(worker)) / 1024
    everything = rows["JavaScript (incl. served sw.js)"][1] / 1024
    print(f"public pages: {len(modules)} modules (app.js's static graph and the public routes' views: "
          f"{', '.join(sorted(routes))}) + sw.js = {public:.1f} KiB compressed")
    print(f"JavaScript budget (public pages): {public:.1f} of {BUDGET_JS_KIB} KiB ({public / BUDGET_JS_KIB:.0%}) -> "
          f"{'ok' if public <= BUDGET_JS_KIB else 'OVER'}; the whole shell, precached after a first visit: "
          f"{everything:.1f} KiB")


if __name__ == "__main__":
    main()
