from marshmallow import Schema, fields, validate


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
