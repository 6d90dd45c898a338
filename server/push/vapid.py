"""The server's VAPID key pair (RFC 8292): push services accept our messages only when signed with it.

The private key is a secret like the field keys: from BINHAN_VAPID_PRIVATE_KEY, else a PEM file in the
instance folder, created on first run. Changing it orphans every subscription (browsers bound them to the
public key), so it is created once and never rotated by the app.
"""
import base64
import os
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from py_vapid import Vapid02

# Development only: production refuses to start without a real contact (server.config.check_production).
DEVELOPMENT_CONTACT = "mailto:binhan-dev@localhost"


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def key_file(app):
    return app.config["VAPID_PRIVATE_KEY_FILE"] or os.path.join(app.instance_path, "vapid-private.pem")


def _create_key_file(path):
    """Write a new key, readable by the owner only, unless another process got there first (os.link refuses
    an existing name, so two first runs at once end with one key both of them read)."""
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".vapid-")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


def load_vapid(app):
    pem = app.config["VAPID_PRIVATE_KEY"]
    if not pem:
        path = key_file(app)
        if not os.path.exists(path):
            _create_key_file(path)
        with open(path, encoding="ascii") as handle:
            pem = handle.read()
    return Vapid02.from_pem(pem.encode())


def current_vapid():
    return current_app.extensions["binhan.vapid"]


def public_key_b64url(vapid=None):
    """The 65-byte uncompressed point, base64url without padding: what a browser's applicationServerKey takes."""
    vapid = vapid or current_vapid()
    raw = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return _b64url(raw)


def contact(app=None):
    app = app or current_app
    return app.config["VAPID_CONTACT"] or DEVELOPMENT_CONTACT


def init_app(app):
    app.extensions["binhan.vapid"] = load_vapid(app)
