"""Serving the PWA: the shell, the service worker with its generated precache list, the manifest, and the
security headers on every answer. Most tests use a small PWA folder of their own, so they do not depend on
(or break with) the real pwa/; one checks the real folder's files are precached.
"""
import json
from pathlib import Path

import openapi_spec_validator
import pytest

from server import create_app

from tests.conftest import app_settings

REAL_PWA = Path(__file__).resolve().parent.parent / "pwa"

SMALL_PWA = {
    "index.html": "<!doctype html><title>Bình An</title><script type=module src=/js/app.js></script>",
    "sw.js": "self.addEventListener('install', () => self.skipWaiting());\n",
    "manifest.webmanifest": '{"name": "Bình An", "start_url": "/"}',
    "js/app.js": "export const ready = true;\n",
    "css/app.css": "body { margin: 0; }\n",
    "i18n/vi.json": '{"hello": "Xin chào"}',
    "README.md": "Notes for developers, not part of the shell.",
    ".editorconfig": "root = true\n",
}
SMALL_PWA_SHELL = {"/", "/manifest.webmanifest", "/js/app.js", "/css/app.css", "/i18n/vi.json"}
SECRET_BESIDE_PWA = "secret beside the pwa folder"


@pytest.fixture
def pwa_dir(tmp_path):
    root = tmp_path / "pwa"
    for name, text in SMALL_PWA.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET_BESIDE_PWA, encoding="utf-8")
    return root


@pytest.fixture
def make_app(database_url):
    def make(**settings):
        return create_app({**app_settings(database_url), **settings})

    return make


@pytest.fixture
def web(make_app, pwa_dir):
    return make_app(PWA_DIR=str(pwa_dir)).test_client()


def fetch(client, path, **kwargs):
    """The whole answer, with the file it streamed closed (an unclosed one is a ResourceWarning)."""
    with client.get(path, **kwargs) as response:
        response.get_data()
    return response


def precache(client):
    first, second, *rest = fetch(client, "/sw.js").get_data(as_text=True).split("\n", 2)
    prefix_version, prefix_urls = "const PRECACHE_VERSION = ", "const PRECACHE_URLS = "
    assert first.startswith(prefix_version) and first.endswith(";")
    assert second.startswith(prefix_urls) and second.endswith(";")
    version = json.loads(first.removeprefix(prefix_version).removesuffix(";"))
    urls = json.loads(second.removeprefix(prefix_urls).removesuffix(";"))
    return version, urls, rest[0]


def test_the_shell_is_served_at_the_root_and_revalidated(web):
    response = fetch(web, "/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.get_data(as_text=True) == SMALL_PWA["index.html"]


def test_the_service_worker_starts_with_the_precache_list_of_the_real_files(web):
    response = fetch(web, "/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    version, urls, worker = precache(web)
    assert len(version) == 16
    assert set(urls) == SMALL_PWA_SHELL
    assert len(urls) == len(set(urls))
    assert worker == SMALL_PWA["sw.js"]  # the worker follows its two generated lines unchanged


def test_the_service_worker_does_not_precache_itself_or_developer_files(web):
    _, urls, _ = precache(web)
    assert "/sw.js" not in urls
    assert "/README.md" not in urls
    assert "/index.html" not in urls  # it is "/"
    assert not any("/." in url for url in urls)


def test_the_precache_version_is_stable_while_nothing_changes(web):
    assert precache(web)[0] == precache(web)[0]


@pytest.mark.parametrize("change", ["edit a script", "add a file", "remove a file", "edit the worker"])
def test_changing_any_shell_file_changes_the_precache_version(make_app, pwa_dir, change):
    client = make_app(PWA_DIR=str(pwa_dir)).test_client()
    before, urls_before, _ = precache(client)
    if change == "edit a script":
        (pwa_dir / "js/app.js").write_text("export const ready = false;\n", encoding="utf-8")
    elif change == "add a file":
        (pwa_dir / "js/new-view.js").write_text("export {};\n", encoding="utf-8")
    elif change == "remove a file":
        (pwa_dir / "i18n/vi.json").unlink()
    else:
        (pwa_dir / "sw.js").write_text("// a fix in the worker\n", encoding="utf-8")
    after, urls_after, _ = precache(client)
    assert after != before
    if change == "add a file":
        assert set(urls_after) == set(urls_before) | {"/js/new-view.js"}
    if change == "remove a file":
        assert set(urls_after) == set(urls_before) - {"/i18n/vi.json"}


def test_the_real_pwa_files_are_all_precached(client):
    expected = {
        "/" if path.name == "index.html" and path.parent == REAL_PWA else "/" + path.relative_to(REAL_PWA).as_posix()
        for path in REAL_PWA.rglob("*")
        if path.is_file() and path.name not in ("sw.js", "README.md")
        and not any(part.startswith(".") for part in path.relative_to(REAL_PWA).parts)
    }
    _, urls, _ = precache(client)
    assert {"/", "/manifest.webmanifest", "/js/app.js"} <= set(urls)
    assert set(urls) == expected
    assert "/sw.js" not in urls


def test_the_manifest_has_its_own_media_type(web):
    response = fetch(web, "/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert json.loads(response.get_data(as_text=True))["name"] == "Bình An"


def test_other_pwa_files_are_served(web):
    response = fetch(web, "/js/app.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.get_data(as_text=True) == SMALL_PWA["js/app.js"]


def test_an_unknown_file_is_a_404_envelope(web):
    response = fetch(web, "/js/missing.js")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", [
    "/..%2fsecret.txt",
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/js/..%2f..%2fsecret.txt",
    "/js/../../secret.txt",
    "/..%5csecret.txt",
])
def test_paths_cannot_climb_out_of_the_pwa_folder(web, path):
    response = fetch(web, path)
    assert response.status_code in (400, 404)
    assert SECRET_BESIDE_PWA not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/..%2fpyproject.toml", "/../server/config.py", "/%2e%2e/server/config.py",
                                  "/..%2fserver%2fconfig.py"])
def test_the_real_app_serves_nothing_of_the_repository(client, path):
    response = fetch(client, path)
    assert response.status_code in (400, 404)
    body = response.get_data(as_text=True)
    assert "[project]" not in body and "SECRET_KEY" not in body


@pytest.mark.parametrize("path", ["/", "/sw.js", "/js/app.js", "/manifest.webmanifest", "/missing.js",
                                  "/api/v1/health", "/api/v1/client-config", "/api/v1/users", "/api/v1/missing"])
def test_every_answer_carries_the_security_headers(web, path):
    headers = fetch(web, path).headers
    policy = dict((directive.split(" ", 1) + [""])[:2] for directive in
                  (part.strip() for part in headers["Content-Security-Policy"].split(";")))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path, status", [("/api/v1/health", 200), ("/api/v1/client-config", 200),
                                          ("/api/v1/users", 401), ("/api/v1/missing", 404),
                                          ("/api/openapi.json", 200)])
def test_api_answers_are_never_stored_by_any_cache(web, path, status):
    response = fetch(web, path)
    assert response.status_code == status
    assert response.headers["Cache-Control"] == "no-store"


def test_health_answers_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"


def test_client_config_gives_the_configured_quick_exit_address(make_app):
    client = make_app(QUICK_EXIT_URL="https://thoitiet.example.vn/can-tho").test_client()
    response = client.get("/api/v1/client-config")
    assert response.status_code == 200
    assert response.json["quick_exit_url"] == "https://thoitiet.example.vn/can-tho"
    assert set(response.json["languages"]) == {"vi", "en"}


# The API's description.

def api_operations(app):
    """(path as OpenAPI writes it, method) for every /api/v1 rule of the URL map."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule
            for name in rule.arguments:
                for converter in ("int:", "uuid:", ""):
                    path = path.replace(f"<{converter}{name}>", f"{{{name}}}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                yield path, method.lower()


def test_the_openapi_document_describes_every_api_route(app, client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.0.")
    operations = list(api_operations(app))
    assert len(operations) > 10
    for path, method in operations:
        assert method in document["paths"].get(path, {}), (path, method)
        assert document["paths"][path][method]["summary"].strip(), (path, method)


def test_the_login_operation_describes_its_request_body(client):
    document = client.get("/api/openapi.json").json
    schema = document["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert {"username", "password"} <= set(schema["properties"])
    assert {"username", "password"} <= set(schema["required"])


def test_the_openapi_document_is_valid(client):
    openapi_spec_validator.validate(client.get("/api/openapi.json").json)


def test_text_files_are_sent_compressed_to_browsers_that_take_gzip(make_app, pwa_dir):
    import gzip

    big = "export const words = " + json.dumps(["Bình An"] * 400) + ";\n"
    (pwa_dir / "js/app.js").write_text(big, encoding="utf-8")
    client = make_app(PWA_DIR=str(pwa_dir)).test_client()

    zipped = fetch(client, "/js/app.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()).decode() == big
    assert len(zipped.get_data()) < len(big.encode()) / 5
    plain = fetch(client, "/js/app.js")
    assert "Content-Encoding" not in plain.headers and plain.get_data(as_text=True) == big
    # Each encoding has its own ETag, and each revalidates to a 304 with no body.
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    again = fetch(client, "/js/app.js", headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_the_shell_announces_the_modules_app_js_imports_for_preloading(make_app, pwa_dir):
    (pwa_dir / "index.html").write_text("<!doctype html><head><title>Bình An</title></head><body></body>",
                                        encoding="utf-8")
    (pwa_dir / "js/app.js").write_text("import { a } from './a.js';\nimport {\n  b,\n} from './views/b.js';\n"
                                       "const later = () => import('./lazy.js');\n", encoding="utf-8")
    (pwa_dir / "js/a.js").write_text("export const a = 1;\n", encoding="utf-8")
    (pwa_dir / "js/views/b.js").parent.mkdir()
    (pwa_dir / "js/views/b.js").write_text("import { a } from '../a.js';\nexport const b = a;\n", encoding="utf-8")
    (pwa_dir / "js/lazy.js").write_text("export {};\n", encoding="utf-8")
    html = fetch(make_app(PWA_DIR=str(pwa_dir)).test_client(), "/").get_data(as_text=True)
    assert '<link rel="modulepreload" href="/js/a.js"><link rel="modulepreload" href="/js/views/b.js"></head>' in html
    assert "lazy.js" not in html  # loaded when its screen opens, not before


def test_the_shipped_pin_key_takes_600_000_pbkdf2_rounds():
    """The browser tests lower the count in their own copy of the PWA (tests/browser/conftest.py); the file
    phones download must keep OWASP's count, or a stolen phone's vault falls to a PIN guessed offline."""
    vault = (REAL_PWA / "js" / "accounts" / "vault.js").read_text(encoding="utf-8")
    assert "const PBKDF2_ITERATIONS = 600_000;" in vault
