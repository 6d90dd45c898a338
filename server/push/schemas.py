"""What the push API accepts and answers."""
import base64
import binascii

from cryptography.hazmat.primitives.asymmetric import ec
from marshmallow import Schema, ValidationError, fields, validate

from server.push.models import TOPICS
from server.wards.schemas import WARD_CODE_RULES

# Browsers' endpoints are a few hundred characters; this bounds what we encrypt and store.
MAX_ENDPOINT_LENGTH = 1000


def _https_url(value):
    if not value.startswith("https://") or len(value) <= len("https://"):
        raise ValidationError("The address must start with https://.")


def _b64url_bytes(value):
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise ValidationError("Not a valid push subscription key.") from None


def _p256dh(value):
    """The browser's public key: a point on P-256, uncompressed (65 bytes). Checked as a point, not just by
    length, because pywebpush would otherwise fail on it later, in the middle of a fan-out."""
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _b64url_bytes(value))
    except ValueError:
        raise ValidationError("Not a valid push subscription key.") from None
    if len(_b64url_bytes(value)) != 65:
        raise ValidationError("Not a valid push subscription key.")


def _auth(value):
    if len(_b64url_bytes(value)) != 16:
        raise ValidationError("Not a valid push subscription key.")


def unique_items(values):
    if len(set(values)) != len(values):
        raise ValidationError("Each value must be unique.")


ENDPOINT = fields.String(required=True, validate=[validate.Length(max=MAX_ENDPOINT_LENGTH), _https_url])


class KeysIn(Schema):
    p256dh = fields.String(required=True, validate=[validate.Length(max=200), _p256dh])
    auth = fields.String(required=True, validate=[validate.Length(max=100), _auth])


class SubscriptionIn(Schema):
    """``PushSubscription.toJSON()`` plus the subscriber's choices. ``old_endpoint`` comes from the service
    worker's pushsubscriptionchange: the subscription it names is moved to the new endpoint, settings kept."""

    endpoint = ENDPOINT
    keys = fields.Nested(KeysIn, required=True)
    # Browsers add this to toJSON(); we keep no use for it.
    expirationTime = fields.Raw(load_default=None, allow_none=True)  # noqa: N815 (the browser's own name)
    topics = fields.List(fields.String(validate=validate.OneOf(TOPICS)), load_default=lambda: ["campaigns"],
                         validate=[validate.Length(min=1, error="Choose at least one topic."), unique_items])
    language = fields.String(load_default="vi", validate=validate.OneOf(["vi", "en"]))
    ward_code = fields.String(load_default=None, allow_none=True, validate=WARD_CODE_RULES)
    discreet = fields.Boolean(load_default=True)
    old_endpoint = fields.String(load_default=None, allow_none=True,
                                 validate=[validate.Length(max=MAX_ENDPOINT_LENGTH), _https_url])


class UnsubscribeIn(Schema):
    endpoint = ENDPOINT


class SubscriptionOut(Schema):
    id = fields.UUID()
    topics = fields.Method("_topics")
    language = fields.String()
    ward_code = fields.String(attribute="ward_id", allow_none=True)
    discreet = fields.Boolean()

    def _topics(self, subscription):
        return subscription.topics()


class VapidKeyOut(Schema):
    public_key = fields.String()
