"""The campaign calendar: upcoming events for everyone, the calendar and its sends for the city admin."""
from flask import Blueprint, jsonify
from flask_login import current_user

from server.access import roles_required
from server.campaigns import operations
from server.campaigns.models import Campaign
from server.campaigns.reminders import default_offsets, planned_sends, recent_sends
from server.campaigns.schemas import (
    CampaignChangesIn, CampaignIn, CampaignListOut, CampaignOut, SendsOut, UpcomingListOut,
)
from server.campaigns.upcoming import public_upcoming, upcoming_events
from server.clock import city_today
from server.contract import accepts, describes, kept_answer_response, returns
from server.errors import VersionConflictError, error_response

bp = Blueprint("campaigns", __name__)


@bp.errorhandler(VersionConflictError)
def _version_conflict(error):
    """The 409 of a stale version carries the stored campaign, so the admin's screen can show both."""
    return error_response(409, error.code, extra={"current": CampaignOut().dump(error.current)})


@bp.get("/campaigns/upcoming")
@describes(UpcomingListOut)
def upcoming():
    """Campaign events from today on, for anyone (staff also see the ones for their role)."""
    today = city_today()
    if current_user.is_authenticated:  # their own list, never cached (server/web.py makes it no-store)
        return jsonify(UpcomingListOut().dump({"items": upcoming_events(today, current_user)}))
    answer = public_upcoming(today)
    return kept_answer_response(answer.body, answer.etag, max_age=300)  # it changes a few times a year


@bp.get("/campaigns")
@roles_required("city_admin")
@returns(CampaignListOut)
def list_campaigns():
    """The whole calendar, archived campaigns too."""
    return {"items": Campaign.select().order_by(Campaign.active.desc(), Campaign.starts_on, Campaign.id)}


@bp.post("/campaigns")
@roles_required("city_admin")
@accepts(CampaignIn)
@returns(CampaignOut, 201)
def create_campaign(data):
    """Add a campaign to the calendar."""
    return operations.create_campaign(current_user, data, default_offsets())


@bp.patch("/campaigns/<int:campaign_id>")
@roles_required("city_admin")
@accepts(CampaignChangesIn)
@returns(CampaignOut)
def update_campaign(data, campaign_id):
    """Change a campaign (archive it with active=false); 409 when someone else saved first."""
    return operations.update_campaign(current_user, campaign_id, data)


@bp.get("/campaigns/sends")
@roles_required("city_admin")
@returns(SendsOut)
def sends():
    """Reminders still to be sent, and the latest ones sent with their delivery figures."""
    return {"upcoming": planned_sends(), "recent": recent_sends()}
