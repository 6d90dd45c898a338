"""Help lines and the public services of each ward: what residents read, what the city admin keeps."""
from flask import Blueprint
from flask_login import current_user

from server.access import roles_required
from server.contract import accepts, describes, kept_answer_response, returns
from server.directory import operations
from server.directory.public_lists import public_hotlines_answer, public_services_answer
from server.directory.models import Hotline, PublicService
from server.directory.schemas import (
    HotlineChangesIn, HotlineListOut, HotlineOut, PublicHotlineListOut, PublicServiceListOut, ServiceChangesIn,
    ServiceIn, ServiceListOut, ServiceOut, ServiceQuery, ServiceRegistryQuery,
)
from server.errors import ApiError, VersionConflictError, error_response
from server.wards.models import Ward

bp = Blueprint("directory", __name__)


@bp.errorhandler(VersionConflictError)
def _version_conflict(error):
    """The 409 of a stale version carries the stored line or service, in its output shape."""
    shape = HotlineOut() if isinstance(error.current, Hotline) else ServiceOut()
    return error_response(409, error.code, extra={"current": shape.dump(error.current)})


def _public(answer):
    # Revalidate every time: a 304 costs a phone nothing, and a line the admin retired must go at the next look.
    return kept_answer_response(answer.body, answer.etag, max_age=0)


@bp.get("/hotlines")
@describes(PublicHotlineListOut)
def list_hotlines():
    """The verified help lines, emergency numbers first, for anyone."""
    return _public(public_hotlines_answer())


@bp.get("/services")
@accepts(ServiceQuery, location="query")
@describes(PublicServiceListOut)
def list_services(data):
    """The open public services of one ward (ward committee, health station, police...), for anyone."""
    if Ward.get_or_none(Ward.code == data["ward"]) is None:
        raise ApiError(422, "validation_failed", {"ward": ["No ward has this code."]})
    return _public(public_services_answer(data["ward"]))


@bp.get("/hotlines/registry")
@roles_required("city_admin")
@returns(HotlineListOut)
def hotline_registry():
    """Every line, unverified and retired ones and empty places too, with its source and version."""
    return {"items": Hotline.select().order_by(Hotline.position, Hotline.id)}


@bp.patch("/hotlines/<int:hotline_id>")
@roles_required("city_admin")
@accepts(HotlineChangesIn)
@returns(HotlineOut)
def update_hotline(hotline_id, data):
    """Correct, verify (needs a number) or retire a line; 409 when someone else saved first."""
    return operations.update_hotline(current_user, hotline_id, data)


@bp.get("/services/registry")
@roles_required("city_admin")
@accepts(ServiceRegistryQuery, location="query")
@returns(ServiceListOut)
def service_registry(data):
    """Every public service, closed ones too, of one ward or of the city."""
    query = PublicService.select().order_by(PublicService.ward, PublicService.kind, PublicService.name)
    if data["ward"]:
        query = query.where(PublicService.ward == data["ward"])
    return {"items": query}


@bp.post("/services")
@roles_required("city_admin")
@accepts(ServiceIn)
@returns(ServiceOut, 201)
def create_service(data):
    """Add a ward's public service."""
    return operations.create_service(current_user, data)


@bp.patch("/services/<int:service_id>")
@roles_required("city_admin")
@accepts(ServiceChangesIn)
@returns(ServiceOut)
def update_service(service_id, data):
    """Change a public service or close it (active false); 409 when someone else saved first."""
    return operations.update_service(current_user, service_id, data)
