"""A fixed limit of requests per client per window, counted in the database.

In the database, not in process memory, because gunicorn runs several workers and each must see every
request (the login throttle in server.accounts.throttle does the same for passwords). A request is counted
before it is answered, so a burst of parallel requests is counted in full.
"""
import math
from datetime import timedelta
from functools import wraps

from flask import current_app

from server.client_key import client_key
from server.clock import now_utc
from server.db import database
from server.errors import ApiError
from server.ratelimit.models import RateLimitHit


def limit(bucket, per_window, window):
    """Count this request in ``bucket``; 429 with Retry-After when the client has had ``per_window``."""
    now = now_utc()
    start = now - window
    client = client_key(bucket)
    with database.atomic():
        RateLimitHit.delete().where(RateLimitHit.bucket == bucket, RateLimitHit.at < start).execute()
        RateLimitHit.create(bucket=bucket, client_key=client, at=now)
        hits = (RateLimitHit.select(RateLimitHit.at)
                .where(RateLimitHit.bucket == bucket, RateLimitHit.client_key == client, RateLimitHit.at >= start)
                .order_by(RateLimitHit.at))
        count = hits.count()
        if count <= per_window:
            return
        oldest = hits.first().at
    # The client may come back when its oldest counted request leaves the window.
    wait = max(1, math.ceil((oldest + window - now) / timedelta(seconds=1)))
    raise ApiError(429, "rate_limited", headers={"Retry-After": str(wait)})


def rate_limited(bucket, setting, window=timedelta(hours=1)):
    """A view decorator: ``limit(bucket, config[setting], window)`` before the request body is even read."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            limit(bucket, current_app.config[setting], window)
            return view(*args, **kwargs)

        return wrapper

    return decorator
