"""The key under which a client is counted, without its address.

Throttles and rate limits count requests per client in the database (every gunicorn worker must see every
request), but a table of IP addresses is personal data nobody needs. So a client, or an account name, is
stored as an HMAC under the secret key: the same client gives the same key, and the key gives nothing back.
Ground floor: used by the login throttle and the rate limiter, uses no domain.
"""
import hashlib
import hmac

from flask import current_app, request


def keyed(kind, value):
    """The HMAC-SHA256 of ``kind:value`` under the secret key, as hex; ``kind`` keeps namespaces apart."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def client_key(kind):
    """This request's client (its address, as the proxy settings give it) under ``kind``."""
    return keyed(kind, request.remote_addr or "unknown")
