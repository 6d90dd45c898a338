from marshmallow import Schema, fields, validate

from server.accounts.schemas import UserOut


class LoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))


class SessionOut(Schema):
    """What login, me and a password change answer: the person, and the token for unsafe requests."""

    user = fields.Nested(UserOut)
    csrf_token = fields.String()


class PasswordChangeIn(Schema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=256))
