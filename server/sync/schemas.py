"""What the sync endpoint accepts and answers: the batch, and each operation's payload.

A payload is the REST input of the same change, plus the id a REST request carries in its URL (the case of
an update, of a note or a referral, the shelter of a bed count): required here, so a payload without it is
refused like any missing field.
"""
import copy

from marshmallow import Schema, fields, pre_load, validate

from server.cases.schemas import CaseCreateIn, CaseUpdateIn, FollowUpIn, ReferralIn
from server.shelters.schemas import AvailabilityIn
from server.text import check_text


def _required(field):
    """A copy of a REST schema's field (its type and bounds), required in a payload."""
    field = copy.deepcopy(field)
    field.required = True
    return field


class CaseUpdatePayload(CaseUpdateIn):
    id = _required(CaseUpdateIn._declared_fields["id"])


class FollowUpPayload(FollowUpIn):
    case_id = _required(FollowUpIn._declared_fields["case_id"])


class ReferralPayload(ReferralIn):
    case_id = _required(ReferralIn._declared_fields["case_id"])


class AvailabilityPayload(AvailabilityIn):
    shelter_id = _required(AvailabilityIn._declared_fields["shelter_id"])


# operation type -> its payload's schema. One instance of each, reused: marshmallow schemas keep no state
# between loads, and building the nested ones anew for every operation of a batch was a fifth of the sync's
# time.
PAYLOADS = {
    "case.create": CaseCreateIn(),
    "case.update": CaseUpdatePayload(),
    "followup.create": FollowUpPayload(),
    "referral.create": ReferralPayload(),
    "shelter.availability": AvailabilityPayload(),
}


class SyncOperationIn(Schema):
    key = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(sorted(PAYLOADS)))
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
