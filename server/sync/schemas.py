from marshmallow import Schema, fields, validate

from server.sync.operations import HANDLERS


class SyncOperationIn(Schema):
    key = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(sorted(HANDLERS)))
    payload = fields.Dict(required=True)


class SyncIn(Schema):
    operations = fields.List(fields.Nested(SyncOperationIn), required=True)


class SyncResultOut(Schema):
    key = fields.UUID()
    status = fields.Integer()
    id = fields.String()
    version = fields.Integer()
    error = fields.Dict()
    # Already in its answer shape (CaseOut), as the 409 of PATCH /cases/<id> carries it.
    current = fields.Raw(metadata={"description": "the server's copy of the case (CaseOut) on version_conflict"})


class SyncOut(Schema):
    results = fields.List(fields.Nested(SyncResultOut))
