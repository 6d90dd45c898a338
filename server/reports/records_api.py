"""The records behind the annual report that the app cannot derive, kept by ward officers (their own ward)
and city admins (every ward): coordination mechanisms, schools and businesses, trainings, communication."""
from flask import Blueprint
from flask_login import current_user

from server.access import roles_required
from server.contract import accepts, no_content, returns
from server.reports import records
from server.reports.records_schemas import (
    CommunicationChangeIn, CommunicationIn, CommunicationListOut, CommunicationOut, InstitutionChangeIn,
    InstitutionIn, InstitutionListOut, InstitutionOut, InstitutionQuery, MechanismIn, MechanismListOut,
    MechanismOut, RecordsWardQuery, RecordsYearQuery, TraineeListOut, TrainingChangeIn, TrainingIn,
    TrainingListOut, TrainingOut,
)
from server.reports.scope import REPORT_ROLES

bp = Blueprint("report_records", __name__)


@bp.get("/reports/mechanisms")
@roles_required(*REPORT_ROLES)
@accepts(RecordsWardQuery, location="query")
@returns(MechanismListOut)
def list_mechanisms(data):
    """The wards' inter-agency coordination mechanisms, by ward code (an officer: their own ward's)."""
    return {"items": records.list_mechanisms(current_user, data["ward"])}


@bp.put("/reports/mechanisms/<ward_code>")
@roles_required(*REPORT_ROLES)
@accepts(MechanismIn)
@returns(MechanismOut)
def save_mechanism(ward_code, data):
    """Record the document that set up the ward's coordination mechanism, or replace it."""
    return records.save_mechanism(current_user, ward_code, data)


@bp.delete("/reports/mechanisms/<ward_code>")
@roles_required(*REPORT_ROLES)
@no_content
def delete_mechanism(ward_code):
    """Remove the ward's coordination mechanism (recorded by mistake)."""
    records.delete_mechanism(current_user, ward_code)


@bp.get("/reports/institutions")
@roles_required(*REPORT_ROLES)
@accepts(InstitutionQuery, location="query")
@returns(InstitutionListOut)
def list_institutions(data):
    """Schools and businesses, by name, and whether each has its GBV procedure or anti-harassment rules."""
    return {"items": records.list_institutions(current_user, data["ward"], data["kind"])}


@bp.post("/reports/institutions")
@roles_required(*REPORT_ROLES)
@accepts(InstitutionIn)
@returns(InstitutionOut, 201)
def create_institution(data):
    """Add a school or business to a ward's list; the same kind and name again in the ward is 409."""
    return records.create_institution(current_user, data)


@bp.patch("/reports/institutions/<int:institution_id>")
@roles_required(*REPORT_ROLES)
@accepts(InstitutionChangeIn)
@returns(InstitutionOut)
def update_institution(institution_id, data):
    """Rename a school or business, or record that it adopted (or dropped) its policy."""
    return records.update_institution(current_user, institution_id, data)


@bp.delete("/reports/institutions/<int:institution_id>")
@roles_required(*REPORT_ROLES)
@no_content
def delete_institution(institution_id):
    """Remove a school or business from the ward's list."""
    records.delete_institution(current_user, institution_id)


@bp.get("/reports/trainees")
@roles_required(*REPORT_ROLES)
@accepts(RecordsWardQuery, location="query")
@returns(TraineeListOut)
def list_trainees(data):
    """The active collaborators and ward officers who can be named as having attended a training."""
    return {"items": records.list_trainees(current_user, data["ward"])}


@bp.get("/reports/trainings")
@roles_required(*REPORT_ROLES)
@accepts(RecordsYearQuery, location="query")
@returns(TrainingListOut)
def list_trainings(data):
    """The trainings held in a year, newest first (a ward's list includes the city-wide ones)."""
    return {"items": records.list_trainings(current_user, data["ward"], data["year"])}


@bp.post("/reports/trainings")
@roles_required(*REPORT_ROLES)
@accepts(TrainingIn)
@returns(TrainingOut, 201)
def create_training(data):
    """Record a training: participants counted by role, and the accounts that attended."""
    return records.create_training(current_user, data)


@bp.patch("/reports/trainings/<int:training_id>")
@roles_required(*REPORT_ROLES)
@accepts(TrainingChangeIn)
@returns(TrainingOut)
def update_training(training_id, data):
    """Change a training; attendee_ids, when given, replaces the list of who attended."""
    return records.update_training(current_user, training_id, data)


@bp.delete("/reports/trainings/<int:training_id>")
@roles_required(*REPORT_ROLES)
@no_content
def delete_training(training_id):
    """Remove a training and its attendance."""
    records.delete_training(current_user, training_id)


@bp.get("/reports/communications")
@roles_required(*REPORT_ROLES)
@accepts(RecordsYearQuery, location="query")
@returns(CommunicationListOut)
def list_communications(data):
    """The communication activities held in a year, newest first (a ward's list includes city-wide ones)."""
    return {"items": records.list_communications(current_user, data["ward"], data["year"])}


@bp.post("/reports/communications")
@roles_required(*REPORT_ROLES)
@accepts(CommunicationIn)
@returns(CommunicationOut, 201)
def create_communication(data):
    """Record a communication activity, part of a campaign or not."""
    return records.create_communication(current_user, data)


@bp.patch("/reports/communications/<int:activity_id>")
@roles_required(*REPORT_ROLES)
@accepts(CommunicationChangeIn)
@returns(CommunicationOut)
def update_communication(activity_id, data):
    """Change a communication activity."""
    return records.update_communication(current_user, activity_id, data)


@bp.delete("/reports/communications/<int:activity_id>")
@roles_required(*REPORT_ROLES)
@no_content
def delete_communication(activity_id):
    """Remove a communication activity."""
    records.delete_communication(current_user, activity_id)
