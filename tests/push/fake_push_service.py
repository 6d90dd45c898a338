"""A push service on loopback that does what a browser's push service does with our messages, and checks them.

It verifies the VAPID token (RFC 8292: ES256 signature under the key in ``k``, audience = this service's
origin, a near expiry, a contact in ``sub``), and decrypts the body with the subscriber's private key,
following RFC 8291 (aes128gcm) step by step. The decryption is written here from the RFC, not with the
http_ece library pywebpush encrypts with, so that a mistake on the sending side cannot cancel itself out.
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.clock import unix_time


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hkdf_extract(salt, ikm):
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def _hkdf_expand(prk, info, length):
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()[:length]  # one block is enough here


def _point(public_key):
    return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


@dataclass
class Subscriber:
    """A browser: its key pair and auth secret, and what ``PushSubscription.toJSON()`` would give."""

    token: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)
    auth_secret: bytes = field(repr=False)

    def keys(self):
        return {"p256dh": b64url(_point(self.private_key.public_key())), "auth": b64url(self.auth_secret)}

    def decrypt(self, body):
        """RFC 8291 §3.4 and RFC 8188 §2: the one record a push message is."""
        salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
        sender_point = body[21:21 + id_length]
        ciphertext = body[21 + id_length:]
        assert id_length == 65 and record_size >= len(ciphertext)
        sender_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_point)
        shared = self.private_key.exchange(ec.ECDH(), sender_key)
        key_info = b"WebPush: info\x00" + _point(self.private_key.public_key()) + sender_point
        ikm = _hkdf_expand(_hkdf_extract(self.auth_secret, shared), key_info, 32)
        prk = _hkdf_extract(salt, ikm)
        cek = _hkdf_expand(prk, b"Content-Encoding: aes128gcm\x00", 16)
        nonce = _hkdf_expand(prk, b"Content-Encoding: nonce\x00", 12)
        padded = AESGCM(cek).decrypt(nonce, ciphertext, None)
        plaintext = padded.rstrip(b"\x00")
        assert plaintext.endswith(b"\x02"), "the last record ends with the delimiter 0x02"
        return plaintext[:-1]


@dataclass
class Received:
    token: str
    payload: dict
    raw_length: int
    headers: dict
    vapid_claims: dict


class FakePushService:
    def __init__(self, vapid_public_key=None, delay_seconds=0.0):
        self.vapid_public_key = vapid_public_key  # base64url; when given, every token must be signed by it
        self.delay_seconds = delay_seconds
        self.received = []
        self.rejected = []  # (token, reason) for requests that failed a check
        self.answers = {}  # token -> list of (status, headers) to answer before the default 201
        self.subscribers = {}
        self.requests = 0  # every POST, whatever it was answered
        self.on_request = None  # called with the count so far as each POST arrives, before it is answered
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def subscriber(self, answers=()):
        """A new browser subscribed here; ``answers`` are the statuses (with headers) it gets first."""
        token = secrets.token_urlsafe(24)
        subscriber = Subscriber(token, f"{self.origin}/push/{token}",
                                ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        self.subscribers[token] = subscriber
        self.answers[token] = list(answers)
        return subscriber

    def received_by(self, subscriber):
        return [r for r in self.received if r.token == subscriber.token]

    def _check_vapid(self, authorization):
        scheme, _, params = authorization.partition(" ")
        assert scheme == "vapid", f"scheme {scheme!r}"
        parts = dict(item.split("=", 1) for item in params.split(","))
        if self.vapid_public_key is not None:
            assert parts["k"] == self.vapid_public_key, "signed by another key"
        header_b64, claims_b64, signature_b64 = parts["t"].split(".")
        assert json.loads(unb64url(header_b64)) == {"typ": "JWT", "alg": "ES256"}
        signature = unb64url(signature_b64)
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
        try:
            public_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise AssertionError("bad VAPID signature") from None
        claims = json.loads(unb64url(claims_b64))
        assert claims["aud"] == self.origin, f"audience {claims['aud']!r}"
        assert unix_time() < claims["exp"] <= unix_time() + 24 * 3600, "expiry not within 24 hours"
        assert claims["sub"].startswith(("mailto:", "https:")), "no contact"
        return claims

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 (http.server's name)
                token = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with service._lock:
                    service.requests += 1
                    count = service.requests
                if service.on_request:
                    service.on_request(count)
                if service.delay_seconds:
                    time.sleep(service.delay_seconds)
                with service._lock:
                    planned = service.answers.get(token)
                    status, headers = planned.pop(0) if planned else (201, {})
                subscriber = service.subscribers.get(token)
                if subscriber is None:
                    status, headers = 404, {}
                if status == 201:
                    try:
                        claims = service._check_vapid(self.headers["Authorization"])
                        assert self.headers["Content-Encoding"] == "aes128gcm"
                        assert int(self.headers["TTL"]) > 0
                        payload = json.loads(subscriber.decrypt(body))
                    except (AssertionError, KeyError, ValueError) as error:
                        with service._lock:
                            service.rejected.append((token, str(error)))
                        status, headers = 400, {}
                    else:
                        with service._lock:
                            service.received.append(Received(
                                token, payload, len(body), {k.lower(): v for k, v in self.headers.items()}, claims))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler
