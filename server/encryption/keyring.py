"""The keys that encrypt survivor-identifying fields at rest, and the format of an encrypted value.

A value is stored as ``ba1:<key id>:<base64url(nonce || AES-256-GCM ciphertext)>``. The key id lets old
values stay readable while new ones use the current key (rotation), and the additional authenticated data
names the table and column, so a ciphertext copied into another column or row type fails to decrypt rather
than showing up as someone else's data.

Keys come from ``BINHAN_FIELD_KEYS`` (JSON: ``{"current": "k1", "keys": {"k1": "<base64 32 bytes>"}}``) or a
file in the instance folder, created on first run with owner-only permissions. They never go in the
repository or the database: a stolen database file alone reveals no name, phone number or story.
"""
import base64
import json
import os
import secrets
import tempfile

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

PREFIX = "ba1"
NONCE_BYTES = 12  # the size AES-GCM is specified for; random per value


class KeyringError(RuntimeError):
    pass


def _b64encode(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Keyring:
    def __init__(self, current, keys):
        if current not in keys:
            raise KeyringError(f"the current field key {current!r} is not among the keys")
        self.current = current
        self.keys = dict(keys)
        self._ciphers = {kid: AESGCM(_b64decode(key)) for kid, key in keys.items()}

    def encrypt(self, text, context):
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._ciphers[self.current].encrypt(nonce, text.encode(), context)
        return f"{PREFIX}:{self.current}:{_b64encode(nonce + sealed)}"

    def decrypt(self, stored, context):
        try:
            prefix, kid, payload = stored.split(":", 2)
        except ValueError:
            raise KeyringError("not an encrypted value") from None
        if prefix != PREFIX or kid not in self._ciphers:
            raise KeyringError(f"no key {kid!r} to read this value")
        raw = _b64decode(payload)
        return self._ciphers[kid].decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context).decode()

    @staticmethod
    def key_id_of(stored):
        return stored.split(":", 2)[1]

    def to_json(self):
        return json.dumps({"current": self.current, "keys": self.keys}, indent=2)

    def with_new_key(self):
        """A keyring whose current key is new; the old keys stay, so old values remain readable."""
        kid = "k" + secrets.token_hex(4)
        return Keyring(kid, {**self.keys, kid: _b64encode(AESGCM.generate_key(bit_length=256))})


def new_keyring():
    kid = "k" + secrets.token_hex(4)
    return Keyring(kid, {kid: _b64encode(AESGCM.generate_key(bit_length=256))})


def keys_file(app):
    return app.config["FIELD_KEYS_FILE"] or os.path.join(app.instance_path, "field-keys.json")


def write_keys_file(path, keyring):
    """Atomically, readable by the owner only: a half-written key file would lose every survivor's data."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".field-keys-")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w") as out:
            out.write(keyring.to_json())
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def load_keyring(app):
    """From the environment, else from the instance file, else a new keyring written to that file."""
    if app.config["FIELD_KEYS"]:
        data = json.loads(app.config["FIELD_KEYS"])
        return Keyring(data["current"], data["keys"])
    path = keys_file(app)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return Keyring(data["current"], data["keys"])
    keyring = new_keyring()
    write_keys_file(path, keyring)
    return keyring


def current_keyring():
    return current_app.extensions["binhan.keyring"]


def init_app(app):
    app.extensions["binhan.keyring"] = load_keyring(app)
