"""Web Push: the server's public key, and subscribing a browser to reminders (residents need no account)."""
from flask import Blueprint
from flask_login import current_user

from server.contract import accepts, also_answers, no_content, returns
from server.push import operations
from server.push.schemas import SubscriptionIn, SubscriptionOut, UnsubscribeIn, VapidKeyOut
from server.push.vapid import public_key_b64url
from server.ratelimit.limiter import rate_limited

bp = Blueprint("push", __name__)


@bp.get("/vapid-public-key")
@returns(VapidKeyOut, public_cache_seconds=24 * 3600)
def vapid_public_key():
    """The key a browser subscribes with (its applicationServerKey)."""
    return {"public_key": public_key_b64url()}


@bp.post("/subscriptions")
@rate_limited("push-subscriptions", "PUSH_SUBSCRIBE_LIMIT_PER_HOUR")
@accepts(SubscriptionIn)
@returns(SubscriptionOut, 201)
@also_answers(200, SubscriptionOut, "a browser already subscribed: its subscription, changed")
def subscribe(data):
    """Subscribe this browser to reminders (or change what it receives); staff signed in may add work."""
    user = current_user if current_user.is_authenticated else None
    subscription, created = operations.subscribe(data, user)
    return subscription, 201 if created else 200


@bp.delete("/subscriptions")
@rate_limited("push-subscriptions", "PUSH_SUBSCRIBE_LIMIT_PER_HOUR")
@accepts(UnsubscribeIn)
@no_content
def unsubscribe(data):
    """Stop every reminder to this browser, in one tap."""
    operations.unsubscribe(data["endpoint"])
