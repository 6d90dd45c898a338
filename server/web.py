"""Serves the PWA (``pwa/``), its service worker at the root scope, and the security headers of every response.

The service worker's precache list is built here from the files themselves, each with a content hash, and
prepended to ``pwa/sw.js``: change any file and the worker's bytes change, so browsers install the new
version, fetch the new files and drop the old cache. No build step is needed for that.
"""
import hashlib
import json
from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_from_directory
from flask_login import current_user
from werkzeug.routing import PathConverter

bp = Blueprint("web", __name__)


class ShellPathConverter(PathConverter):
    """A path under pwa/, never under /api/: an unknown or wrong-method API URL must answer as the API
    does (404 or 405 in the envelope), not fall into the PWA's file lookup."""

    regex = r"(?!api/)[^/].*?"


# Registered before the routes below are added (blueprint setup runs in the order of recording).
bp.record_once(lambda state: state.app.url_map.converters.setdefault("shell_path", ShellPathConverter))

# No inline script or style anywhere, no other host: a script injected into a page cannot run, and the
# PWA cannot be made to send anything to a third party. frame-ancestors stops click-jacking of the forms.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # A survivor's visit must not show up in the Referer sent to any site the page links to.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # for browsers older than frame-ancestors
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

SERVICE_WORKER = "sw.js"
# Files in pwa/ that are not part of the shell the worker precaches.
NOT_PRECACHED = {SERVICE_WORKER, "README.md"}


def pwa_dir():
    return Path(current_app.config["PWA_DIR"])


def shell_files():
    """(url, sha256) for every file of the app shell, sorted, index.html served as "/"."""
    root = pwa_dir()
    entries = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative in NOT_PRECACHED or any(p.startswith(".") for p in path.parts):
            continue
        url = "/" if relative == "index.html" else "/" + relative
        entries.append((url, hashlib.sha256(path.read_bytes()).hexdigest()))
    return entries


def service_worker_source():
    entries = shell_files()
    worker = (pwa_dir() / SERVICE_WORKER).read_text(encoding="utf-8")
    version = hashlib.sha256((json.dumps(entries) + worker).encode()).hexdigest()[:16]
    header = (
        f"const PRECACHE_VERSION = {json.dumps(version)};\n"
        f"const PRECACHE_URLS = {json.dumps([url for url, _ in entries])};\n"
    )
    return header + worker


@bp.get("/")
def index():
    """The app shell."""
    return _no_cache(send_from_directory(pwa_dir(), "index.html"))


@bp.get("/sw.js")
def service_worker():
    """The service worker with its generated precache list."""
    response = Response(service_worker_source(), mimetype="text/javascript")
    return _no_cache(response)


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest (its own media type, which some browsers insist on)."""
    response = send_from_directory(pwa_dir(), "manifest.webmanifest", mimetype="application/manifest+json")
    return _no_cache(response)


@bp.get("/<shell_path:filename>")
def pwa_file(filename):
    """Any other file of the PWA (scripts, styles, catalogues, icons)."""
    return _no_cache(send_from_directory(pwa_dir(), filename))


def _no_cache(response):
    # The service worker serves the shell offline; the HTTP cache must revalidate so that an update is seen.
    response.headers["Cache-Control"] = "no-cache"
    return response


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/api/"):
        # Staff data is never stored anywhere, not even in the browser's cache of a shared phone. Only
        # reference data that its view marked public, asked for without a session, may be kept.
        if current_user.is_authenticated or not response.cache_control.public:
            response.headers["Cache-Control"] = "no-store"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app):
    app.after_request(_security_headers)
