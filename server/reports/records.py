"""Recording what the annual report needs and the app cannot derive: each ward's coordination mechanism, its
schools and businesses, trainings (with the accounts that attended) and communication activities.

One transaction each, each leaving an audit event that says what kind of change was made (field names,
kinds, counts), never the free text written. A ward officer works in their own ward: another ward named in
a query, a URL or a body is 403; a record of another ward is 404, so nothing tells them it exists. A
city-wide record (no ward) appears in every ward's lists, and only a city admin changes it.
"""
import json
import re
from collections import Counter, defaultdict
from datetime import date

from peewee import JOIN, IntegrityError

from server.accounts.models import User
from server.audit.operations import record
from server.campaigns.models import Campaign
from server.clock import now_utc
from server.db import database
from server.errors import ApiError
from server.reports.figures import TRAINED_ROLES
from server.reports.models import (
    TRAINING_ROLES, CommunicationActivity, CoordinationMechanism, Institution, TrainingAttendance, TrainingSession,
)
from server.reports.scope import ward_in_scope
from server.wards.models import Ward
from server.wards.names import fold

MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database; a bigger one names nothing (and would be a 400)
WARD_CODE = re.compile(r"[0-9]{5}")
ATTENDEE_OF_WARD = "Each attendee must be an active collaborator or ward officer of the training's ward."
ATTENDEE_OF_CITY = "Each attendee must be an active collaborator or ward officer."


def _invalid(field, message):
    return ApiError(422, "validation_failed", {field: [message]})


def _writing_ward(actor, data):
    """The ward a new record belongs to: the officer's own (another ward, or city-wide, is 403); the ward a
    city admin names, or None when they name null (city-wide, where the schema allows it)."""
    if actor.role == "ward_officer":
        if data.get("ward_code", actor.ward_id) != actor.ward_id:
            raise ApiError(403, "forbidden")
        return actor.ward_id
    if "ward_code" not in data:
        # Only an officer has a ward to assume: a city admin's record without one would land nowhere.
        raise _invalid("ward_code", "Missing data for required field.")
    code = data["ward_code"]
    if code is not None and not Ward.select().where(Ward.code == code).exists():
        raise _invalid("ward_code", "No ward has this code.")
    return code


def _own_or_404(model, actor, record_id):
    """A record the actor may change, by id. An officer's view includes city-wide records, so one of those
    is 403 (they can see it, it is not theirs); another ward's is 404."""
    found = model.get_or_none(model.id == record_id) if 1 <= record_id <= MAX_ID else None
    if found is None or (actor.role == "ward_officer" and found.ward_id not in (actor.ward_id, None)):
        raise ApiError(404, "not_found")
    if actor.role == "ward_officer" and found.ward_id is None:
        raise ApiError(403, "forbidden")
    return found


def _held_in(query, model, year, ward_code):
    """The year's records in a ward's list: its own and the city-wide ones (``ward_code`` None: all)."""
    query = query.where(model.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    return query if ward_code is None else query.where((model.ward == ward_code) | model.ward.is_null())


# Coordination mechanisms: one per ward, named by the ward in the URL.

def _mechanism_ward(actor, ward_code):
    """The ward named in the URL, in the caller's scope (server.reports.scope). A city admin's malformed code
    is 404 before any query: PostgreSQL refuses some characters a URL can carry (NUL) with an error."""
    if actor.role != "ward_officer" and not WARD_CODE.fullmatch(ward_code):
        raise ApiError(404, "not_found")
    return ward_in_scope(actor, ward_code)


def list_mechanisms(actor, ward_code):
    ward = ward_in_scope(actor, ward_code)
    query = CoordinationMechanism.select(CoordinationMechanism, Ward).join(Ward)
    if ward is not None:
        query = query.where(CoordinationMechanism.ward == ward)
    return list(query.order_by(Ward.code))


def save_mechanism(actor, ward_code, data):
    """Record the ward's mechanism, or replace what was recorded (a new regulation supersedes the old)."""
    ward = _mechanism_ward(actor, ward_code)
    columns = {CoordinationMechanism.document_number: data["document_number"],
               CoordinationMechanism.document_date: data["document_date"], CoordinationMechanism.note: data["note"],
               CoordinationMechanism.updated_by: actor.id, CoordinationMechanism.updated_at: now_utc()}
    with database.atomic():
        created = not CoordinationMechanism.select().where(CoordinationMechanism.ward == ward).exists()
        # An upsert: two officers saving at once both succeed, the later one's document wins.
        (CoordinationMechanism.insert({CoordinationMechanism.ward: ward, **columns})
         .on_conflict(conflict_target=[CoordinationMechanism.ward], update=columns).execute())
        saved = CoordinationMechanism.get_by_id(ward)
        record("mechanism.saved", actor, saved, ward_code=ward, created=created)
    return saved


def delete_mechanism(actor, ward_code):
    ward = _mechanism_ward(actor, ward_code)
    with database.atomic():
        found = CoordinationMechanism.get_or_none(CoordinationMechanism.ward == ward)
        if found is None:
            raise ApiError(404, "not_found")
        found.delete_instance()
        record("mechanism.deleted", actor, found, ward_code=ward)


# Schools and businesses.

def _duplicate_institution():
    return ApiError(409, "institution_exists",
                    {"name": ["This ward already has an institution of this kind with this name."]})


def list_institutions(actor, ward_code, kind):
    ward = ward_in_scope(actor, ward_code)
    query = Institution.select(Institution, Ward).join(Ward)
    if ward is not None:
        query = query.where(Institution.ward == ward)
    if kind is not None:
        query = query.where(Institution.kind == kind)
    # Sorted here, not by the database: SQLite and PostgreSQL collate Vietnamese differently, and people
    # look "Trường Đại học" up under D whatever its accents.
    return sorted(query, key=lambda i: (fold(i.name), i.name, i.ward_id, i.id))


def create_institution(actor, data):
    ward = _writing_ward(actor, data)
    try:
        with database.atomic():
            institution = Institution.create(ward=ward, kind=data["kind"], name=data["name"],
                                             has_policy=data["has_policy"], policy_date=data["policy_date"],
                                             updated_by=actor)
            record("institution.created", actor, institution, ward_code=ward, kind=data["kind"],
                   has_policy=data["has_policy"])
    except IntegrityError:
        # The unique (ward, kind, name) index decides, also between two officers typing the same school.
        raise _duplicate_institution() from None
    return Institution.get_by_id(institution.id)


def update_institution(actor, institution_id, data):
    try:
        with database.atomic():
            found = _own_or_404(Institution, actor, institution_id)
            has_policy = data.get("has_policy", found.has_policy)
            if not has_policy and data.get("policy_date") is not None:
                raise _invalid("policy_date", "A date is given only when there is a policy.")
            columns = {key: data[key] for key in ("name", "has_policy", "policy_date") if key in data}
            if not has_policy:
                columns["policy_date"] = None  # the procedure withdrawn: its date no longer holds
            Institution.update(**columns, updated_by=actor, updated_at=now_utc()).where(
                Institution.id == found.id).execute()
            record("institution.updated", actor, found, ward_code=found.ward_id, kind=found.kind,
                   changed=sorted(data), has_policy=has_policy)
    except IntegrityError:
        raise _duplicate_institution() from None
    return Institution.get_by_id(found.id)


def delete_institution(actor, institution_id):
    with database.atomic():
        found = _own_or_404(Institution, actor, institution_id)
        found.delete_instance()
        record("institution.deleted", actor, found, ward_code=found.ward_id, kind=found.kind)


# Trainings, and who may be named as having attended.

def list_trainees(actor, ward_code):
    ward = ward_in_scope(actor, ward_code)
    query = User.select().where(User.role.in_(TRAINED_ROLES), User.active == True)  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    if ward is not None:
        query = query.where(User.ward == ward)
    return sorted(query, key=lambda user: (fold(user.display_name), user.id))


def _with_attendees(sessions, ward_code=None):
    """The sessions, each with ``attendees`` (accounts, by name). In a ward's view, only the ward's own
    people: a city-wide training also names those of 102 other wards, which are not the ward's business."""
    query = (TrainingAttendance.select(TrainingAttendance.session, User).join(User)
             .where(TrainingAttendance.session.in_([session.id for session in sessions])))
    if ward_code is not None:
        query = query.where(User.ward == ward_code)
    attended = defaultdict(list)
    for attendance in query:
        attended[attendance.session_id].append(attendance.user)
    for session in sessions:
        session.attendees = sorted(attended[session.id], key=lambda user: (fold(user.display_name), user.id))
    return sessions


def list_trainings(actor, ward_code, year):
    ward = ward_in_scope(actor, ward_code)
    query = _held_in(TrainingSession.select(TrainingSession, Ward).join(Ward, JOIN.LEFT_OUTER), TrainingSession,
                     year, ward)
    return _with_attendees(list(query.order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())), ward)


def _attendee_roles(ids, ward_code, already=()):
    """{account id: role} for the ids named, each an active collaborator or ward officer of the training's
    ward (of any ward for a city-wide one); 422 on attendee_ids otherwise. An account already on the list
    stays valid when disabled or moved since: the training still happened."""
    if not ids:
        return {}
    eligible = User.role.in_(TRAINED_ROLES) & (User.active == True)  # noqa: E712 (peewee builds SQL from ==, not Python's is)
    if ward_code is not None:
        eligible &= User.ward == ward_code
    roles = dict(User.select(User.id, User.role).where(User.id.in_(ids), eligible | User.id.in_(list(already)))
                 .tuples())
    if len(roles) != len(set(ids)):
        raise _invalid("attendee_ids", ATTENDEE_OF_WARD if ward_code else ATTENDEE_OF_CITY)
    return roles


def _check_counts(participants, roles):
    """The counts by role include the accounts named: fewer would make the report contradict itself."""
    named = Counter(roles.values())
    errors = {role: [f"Fewer than the attendees named with this role ({count})."]
              for role, count in named.items() if participants.get(role, 0) < count}
    if errors:
        raise ApiError(422, "validation_failed", {"participants": errors})


def _counts_json(participants):
    return json.dumps({role: participants.get(role, 0) for role in TRAINING_ROLES}, sort_keys=True)


def _attend(session_id, user_ids):
    if user_ids:
        TrainingAttendance.insert_many([{"session": session_id, "user": user_id} for user_id in user_ids]).execute()


def create_training(actor, data):
    with database.atomic():
        ward = _writing_ward(actor, data)
        roles = _attendee_roles(data["attendee_ids"], ward)
        _check_counts(data["participants"], roles)
        session = TrainingSession.create(ward=ward, held_on=data["held_on"], topic=data["topic"], hours=data["hours"],
                                         participants=_counts_json(data["participants"]), recorded_by=actor)
        _attend(session.id, roles)
        record("training.created", actor, session, ward_code=ward, hours=data["hours"], attendees=len(roles),
               participants=sum(data["participants"].values()))
    return _with_attendees([TrainingSession.get_by_id(session.id)])[0]


def update_training(actor, training_id, data):
    """Change a training; ``attendee_ids``, when given, replaces the list of who attended."""
    with database.atomic():
        found = _own_or_404(TrainingSession, actor, training_id)
        current = [user_id for (user_id,) in TrainingAttendance.select(TrainingAttendance.user)
                   .where(TrainingAttendance.session == found.id).tuples()]
        roles = _attendee_roles(data.get("attendee_ids", current), found.ward_id, already=current)
        participants = data.get("participants", found.participant_counts)
        _check_counts(participants, roles)
        columns = {key: data[key] for key in ("held_on", "topic", "hours") if key in data}
        # The session row is written first: its lock makes a second editor wait, so two replacements of
        # the attendee list never interleave.
        TrainingSession.update(**columns, participants=_counts_json(participants), updated_at=now_utc()).where(
            TrainingSession.id == found.id).execute()
        if "attendee_ids" in data:
            TrainingAttendance.delete().where(TrainingAttendance.session == found.id).execute()
            _attend(found.id, roles)
        record("training.updated", actor, found, ward_code=found.ward_id, changed=sorted(data),
               attendees=len(roles))
    return _with_attendees([TrainingSession.get_by_id(found.id)])[0]


def delete_training(actor, training_id):
    with database.atomic():
        found = _own_or_404(TrainingSession, actor, training_id)
        TrainingAttendance.delete().where(TrainingAttendance.session == found.id).execute()
        found.delete_instance()
        record("training.deleted", actor, found, ward_code=found.ward_id)


# Communication activities.

def _check_campaign(data):
    campaign_id = data.get("campaign_id")
    if campaign_id is not None and not Campaign.select().where(Campaign.id == campaign_id).exists():
        raise _invalid("campaign_id", "No campaign has this id.")


def list_communications(actor, ward_code, year):
    ward = ward_in_scope(actor, ward_code)
    query = (CommunicationActivity.select(CommunicationActivity, Ward, Campaign)
             .join(Ward, JOIN.LEFT_OUTER).switch(CommunicationActivity).join(Campaign, JOIN.LEFT_OUTER))
    query = _held_in(query, CommunicationActivity, year, ward)
    return list(query.order_by(CommunicationActivity.held_on.desc(), CommunicationActivity.id.desc()))


def create_communication(actor, data):
    with database.atomic():
        ward = _writing_ward(actor, data)
        _check_campaign(data)
        activity = CommunicationActivity.create(
            ward=ward, campaign=data["campaign_id"], held_on=data["held_on"], form=data["form"],
            audience=data["audience"], participants=data["participants"], note=data["note"], recorded_by=actor)
        record("communication.created", actor, activity, ward_code=ward, form=data["form"],
               audience=data["audience"], participants=data["participants"], campaign_id=data["campaign_id"])
    return CommunicationActivity.get_by_id(activity.id)


def update_communication(actor, activity_id, data):
    with database.atomic():
        found = _own_or_404(CommunicationActivity, actor, activity_id)
        _check_campaign(data)
        columns = {("campaign" if key == "campaign_id" else key): value for key, value in data.items()}
        CommunicationActivity.update(**columns, updated_at=now_utc()).where(
            CommunicationActivity.id == found.id).execute()
        record("communication.updated", actor, found, ward_code=found.ward_id, changed=sorted(data))
    return CommunicationActivity.get_by_id(found.id)


def delete_communication(actor, activity_id):
    with database.atomic():
        found = _own_or_404(CommunicationActivity, actor, activity_id)
        found.delete_instance()
        record("communication.deleted", actor, found, ward_code=found.ward_id)
