from marshmallow import Schema, fields, pre_load, validate

from server.sync.operations import HANDLERS
from server.text import check_text


class SyncOperationIn(Schema):
    key = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(sorted(HANDLERS)))
    payload = fields.Dict(required=True)


class SyncIn(Schema):
    operations = fields.List(fields.Nested(SyncOperationIn), required=True)

    @pre_load
    def _envelope_text(self, data, **_kwargs):
        # The text rule (server.text) for the batch's own keys and values; each payload is checked when its
        # operation is applied, so that half an emoji in one note refuses that note alone and the phone's
        # outbox is not stuck resending the whole batch.
        operations = data.get("operations") if isinstance(data, dict) else None
        if isinstance(operations, list):
            hollow = [{k: v for k, v in item.items() if k != "payload"} if isinstance(item, dict) else item
                      for item in operations]
            check_text({**data, "operations": hollow})
        else:
            check_text(data)
        return data


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
