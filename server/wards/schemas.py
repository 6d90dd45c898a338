from marshmallow import Schema, fields, validate

from server.contract import WholeMatch

# Five ASCII digits. Checked before any query: PostgreSQL refuses a NUL character in a parameter outright,
# which would otherwise turn a typing accident into a 500.
WARD_CODE_RULES = [validate.Length(equal=5), WholeMatch(r"^[0-9]{5}$")]


class WardOut(Schema):
    code = fields.String()
    name = fields.String()
    type = fields.String()


class WardDetailOut(WardOut):
    former_units = fields.String()


class WardListOut(Schema):
    items = fields.List(fields.Nested(WardOut))


class WardQuery(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=100))
