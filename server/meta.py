"""What the API says about itself: health, the OpenAPI document, and settings the PWA needs before login."""
from flask import Blueprint, current_app, jsonify
from marshmallow import Schema, fields
from peewee import DatabaseError

from server.access import PUBLIC_ENDPOINTS
from server.contract import also_answers, build_openapi, returns
from server.db import database

bp = Blueprint("meta", __name__)

API_VERSION = "0.1.0"


class HealthOut(Schema):
    status = fields.String()
    database = fields.String()
    version = fields.String()


class ClientConfigOut(Schema):
    quick_exit_url = fields.String()
    languages = fields.List(fields.String())


@bp.get("/v1/health")
@returns(HealthOut)
@also_answers(503, HealthOut, "the database does not answer")
def health():
    """Whether the service and its database answer."""
    try:
        database.execute_sql("SELECT 1")
    except DatabaseError:
        return {"status": "unavailable", "database": "unreachable", "version": API_VERSION}, 503
    return {"status": "ok", "database": "ok", "version": API_VERSION}


@bp.get("/v1/client-config")
@returns(ClientConfigOut)
def client_config():
    """Settings the PWA needs before anyone logs in (the quick-exit address)."""
    return {"quick_exit_url": current_app.config["QUICK_EXIT_URL"], "languages": ["vi", "en"]}


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API, generated from the views' schemas."""
    return jsonify(build_openapi(current_app, PUBLIC_ENDPOINTS, API_VERSION))
