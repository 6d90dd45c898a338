"""Serves the PWA (``pwa/``), its service worker at the root scope, and the security headers of every response.

The service worker's precache list is built here from the files themselves, each with a content hash, and
prepended to ``pwa/sw.js``: change any file and the worker's bytes change, so browsers install the new
version, fetch the new files and drop the old cache. No build step is needed for that.
"""
import gzip
import hashlib
import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, Response, abort, current_app, request
from flask_login import current_user
from werkzeug.routing import PathConverter
from werkzeug.security import safe_join

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


@dataclass(frozen=True)
class ShellFile:
    body: bytes
    gzipped: bytes | None  # None when compressing would not pay (images, tiny files)
    etag: str


# Text compresses to a third or less; what a phone on 3G downloads is what matters (DESIGN §9). Kept per
# file and modification time, so each file is compressed once per process, not per request.
_COMPRESSIBLE = ("text/", "application/json", "application/manifest+json", "image/svg+xml")
_kept_files = {}


def _shell_file(path, mimetype):
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    kept = _kept_files.get(key)
    if kept is None:
        body = path.read_bytes()
        compress = mimetype.startswith(_COMPRESSIBLE) and len(body) > 512
        gzipped = gzip.compress(body, compresslevel=9, mtime=0) if compress else None
        kept = _kept_files[key] = ShellFile(body, gzipped, hashlib.sha256(body).hexdigest()[:32])
    return kept


def static_modules(root, entry="js/app.js"):
    """``entry`` and every module it imports statically, at any depth (paths under pwa/)."""
    seen, todo = set(), [entry]
    while todo:
        module = todo.pop()
        if module in seen or not (root / module).is_file():
            continue
        seen.add(module)
        source = (root / module).read_text(encoding="utf-8")
        for target in re.findall(r"^import\s[^;]*?from\s+'(\./[^']+|\.\./[^']+)';", source, re.MULTILINE):
            todo.append(_join(module, target))
    return seen


def _modulepreload_links(root):
    """<link rel=modulepreload> for every module app.js imports statically: the browser then fetches them all
    at once instead of discovering them import by import (a round trip each on 3G)."""
    return "".join(f'<link rel="modulepreload" href="/{module}">'
                   for module in sorted(static_modules(root) - {"js/app.js"}))


def _join(module, target):
    """``target`` ("./x.js", "../y.js") relative to ``module`` ("js/cases/a.js"), as a path under pwa/."""
    parts = module.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _serve(path, mimetype):
    file = _shell_file(path, mimetype)
    use_gzip = file.gzipped is not None and request.accept_encodings["gzip"] > 0
    response = Response(file.gzipped if use_gzip else file.body, mimetype=mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if file.gzipped is not None:
        response.vary.add("Accept-Encoding")
    response.set_etag(file.etag + ("-gz" if use_gzip else ""))
    # The service worker serves the shell offline; the HTTP cache must revalidate so that an update is seen.
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def _file_in_pwa(filename):
    joined = safe_join(str(pwa_dir()), filename)
    if joined is None or not Path(joined).is_file():
        abort(404)
    return Path(joined)


@bp.get("/")
def index():
    """The app shell, with its modules announced for preloading."""
    root = pwa_dir()
    html = (root / "index.html").read_text(encoding="utf-8")
    html = html.replace("</head>", _modulepreload_links(root) + "</head>", 1)
    response = Response(html, mimetype="text/html")
    response.set_etag(hashlib.sha256(html.encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.get("/sw.js")
def service_worker():
    """The service worker with its generated precache list."""
    response = Response(service_worker_source(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest (its own media type, which some browsers insist on)."""
    return _serve(_file_in_pwa("manifest.webmanifest"), "application/manifest+json")


@bp.get("/<shell_path:filename>")
def pwa_file(filename):
    """Any other file of the PWA (scripts, styles, catalogues, icons), compressed when the browser takes it."""
    path = _file_in_pwa(filename)
    return _serve(path, mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/api/"):
        # Staff data is never stored anywhere, not even in the browser's cache of a shared phone. Only
        # reference data that its view marked public, asked for without a session, may be kept. The
        # session is looked at last: when the database is down its lookup fails, and the error (not public)
        # must still leave with these headers.
        if not response.cache_control.public or current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _relative_redirect(response):
    """Werkzeug's own redirects (to add the slash of "/" when the app is mounted under a prefix, say) are
    absolute URLs built from the Host header, which the client writes: a forged Host would make our answer
    send the phone to another site. A path alone says the same on our own host."""
    location = urlsplit(response.headers.get("Location", ""))
    if location.netloc and location.netloc == request.host:
        response.headers["Location"] = urlunsplit(("", "", location.path or "/", location.query, location.fragment))
    return response


def init_app(app):
    app.after_request(_security_headers)
    app.after_request(_relative_redirect)
