from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.accounts.models import ORGANIZATION_KINDS, ROLE_ATTACHMENTS, ROLES
from server.contract import WholeMatch
from server.text import plain_name
from server.wards.schemas import WARD_CODE_RULES, WardOut

USERNAME_RULE = WholeMatch(
    r"^[a-z0-9._-]{3,64}$", error="Use lowercase letters, digits, dots, hyphens and underscores."
)


def not_blank(value):
    # A function, not a second Regexp: apispec can describe one pattern per field and warns about two.
    if not value.strip():
        raise ValidationError("Must not be blank.")


class OrganizationBriefOut(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class OrganizationOut(OrganizationBriefOut):
    ward = fields.Nested(WardOut, allow_none=True)


class OrganizationListOut(Schema):
    items = fields.List(fields.Nested(OrganizationOut))


class OrganizationIn(Schema):
    name = fields.String(required=True,
                         validate=[validate.Length(min=2, max=200), plain_name, not_blank])
    kind = fields.String(required=True, validate=validate.OneOf(ORGANIZATION_KINDS))
    ward_code = fields.String(load_default=None, allow_none=True, validate=WARD_CODE_RULES)


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    ward = fields.Nested(WardOut, allow_none=True)
    organization = fields.Nested(OrganizationBriefOut, allow_none=True)
    active = fields.Boolean()
    must_change_password = fields.Boolean()


class UserEnvelope(Schema):
    user = fields.Nested(UserOut)


class UserListOut(Schema):
    items = fields.List(fields.Nested(UserOut))


class UserQuery(Schema):
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    ward_code = fields.String(load_default=None, validate=WARD_CODE_RULES)


class NewUserIn(Schema):
    username = fields.String(required=True, validate=USERNAME_RULE)
    display_name = fields.String(required=True,
                                 validate=[validate.Length(min=1, max=100), plain_name, not_blank])
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    ward_code = fields.String(load_default=None, allow_none=True, validate=WARD_CODE_RULES)
    organization_id = fields.Integer(load_default=None, allow_none=True, strict=True,
                                     validate=validate.Range(min=1, max=2**31 - 1))

    @validates_schema
    def _attachments_fit_role(self, data, **_kwargs):
        needs = ROLE_ATTACHMENTS.get(data.get("role"))
        if needs is None:
            return
        needs_ward, needs_organization = needs
        errors = {}
        if needs_ward and not data.get("ward_code"):
            errors["ward_code"] = ["This role needs a ward."]
        if not needs_ward and data.get("ward_code"):
            errors["ward_code"] = ["This role has no ward."]
        if needs_organization and data.get("organization_id") is None:
            errors["organization_id"] = ["This role needs an organisation."]
        if not needs_organization and data.get("organization_id") is not None:
            errors["organization_id"] = ["This role has no organisation."]
        if errors:
            raise ValidationError(errors)


class NewUserOut(Schema):
    user = fields.Nested(UserOut)
    # Shown once, to the administrator who created or reset the account; never stored in clear.
    temporary_password = fields.String()


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
