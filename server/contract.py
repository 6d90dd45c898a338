"""How a view declares what it accepts and returns, and the OpenAPI document built from those declarations.

``@accepts(Schema)`` parses and validates the JSON body (or the query string) before the view runs and
passes the result as ``data``; ``@returns(Schema, status)`` dumps what the view returns. The same
declarations feed ``/api/openapi.json``, so the document cannot drift from what the code does.
This is a few dozen lines written by hand rather than flask-smorest/webargs: those bring their own error
shape and request parsing, and every error here must leave through the one envelope of ``server.errors``.
"""
import re
from functools import wraps

from datetime import UTC

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app, jsonify, request
from marshmallow import Schema, ValidationError, fields, validate

from server.errors import ApiError
from server.i18n import MESSAGES
from server.text import check_text

_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class UtcDateTime(fields.DateTime):
    """The database keeps naive UTC timestamps; answers say so ("+00:00"), or a phone would read them as
    its own local time, seven hours off in Cần Thơ."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class WholeMatch(validate.Regexp):
    """A pattern the whole value must match, meaning the same in Python and in the OpenAPI document, where
    JSON Schema's regular expressions are ECMA's and have no ``\\Z``: write ``^...$``; ``fullmatch`` keeps
    Python's ``$`` from letting a final newline through."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


# Deeper than any body of ours (a sync batch of cases is six levels): a body nested thousands of levels
# deep is an attack on the parser, which recurses (a RecursionError, a 500), and on every walk after it.
MAX_JSON_DEPTH = 32


def _deeper_than(value, limit):
    """Whether parsed JSON nests more than ``limit`` arrays or objects; a loop, not recursion, so that
    asking cannot fail on the very depth it asks about."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            stack.extend((inner, depth + 1) for inner in (item.values() if isinstance(item, dict) else item))
    return False


def read_json_object():
    """The request body as a dict, or a clear 4xx: never a 500 for what a client sent."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type")
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        # Python's parser gives up around a thousand levels, with RecursionError, which is not the
        # ValueError that silent=True swallows.
        raise ApiError(400, "json_too_deep") from None
    if body is None:
        raise ApiError(400, "invalid_json")
    if _deeper_than(body, MAX_JSON_DEPTH):
        raise ApiError(400, "json_too_deep")
    if not isinstance(body, dict):
        raise ApiError(400, "json_object_expected")
    return body


def _contract_of(function):
    if "contract" not in function.__dict__:
        function.contract = {}
    return function.contract


def accepts(schema_class, location="json", text_in_parts=False):
    """``text_in_parts=True`` only for a body whose schema checks its own text, in parts (a sync batch: each
    operation is checked when it is applied, so that one bad operation does not refuse the others)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            raw = read_json_object() if location == "json" else request.args.to_dict()
            kwargs["data"] = schema_class().load(raw if text_in_parts else check_text(raw))
            return view(*args, **kwargs)

        _contract_of(wrapper)["query" if location == "query" else "body"] = schema_class
        return wrapper

    return decorator


def returns(schema_class, status=200, public_cache_seconds=None):
    """``public_cache_seconds`` marks public reference data (the wards) that browsers may keep and then
    revalidate with its ETag: a phone on 3G asks again but downloads nothing when it has not changed."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            result = view(*args, **kwargs)
            # A view may answer another status with the same shape (health: 503 when the database is down).
            result, answered = result if isinstance(result, tuple) else (result, status)
            response = jsonify(schema_class().dump(result))
            response.status_code = answered
            if public_cache_seconds is not None:
                response.cache_control.public = True
                response.cache_control.max_age = public_cache_seconds
                response.add_etag()
                response.make_conditional(request)
            return response

        _contract_of(wrapper)["response"] = (schema_class, status)
        _contract_of(wrapper)["conditional"] = public_cache_seconds is not None
        return wrapper

    return decorator


def kept_answer_response(body, etag, max_age):
    """A public answer a process keeps ready (serialized JSON and its ETag): cacheable by anyone, a 304 when
    the phone already has it. The shelters, help lines, services and upcoming events answer this way."""
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)


def describes(schema_class, status=200):
    """For a view that answers with ``kept_answer_response`` (the public shelter list, served from memory):
    the schema goes into the OpenAPI document as for ``returns``, with the 304 such answers may be."""

    def decorator(view):
        _contract_of(view)["response"] = (schema_class, status)
        _contract_of(view)["conditional"] = True
        return view

    return decorator


SENT_AGAIN = "The same id sent again (the phone's outbox retries): what the first request made"


def also_answers(status, schema_class, description):
    """Another status a view answers with a body of ``schema_class``, for the OpenAPI document: a create
    sent again answers 200 with the record it made the first time; health answers 503 when the database
    does not. Place it under the route decorator, anywhere among the others."""

    def decorator(view):
        _contract_of(view).setdefault("also", {})[status] = (schema_class, description)
        return view

    return decorator


def no_content(view):
    """For actions that answer 204 with no body (logout)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        view(*args, **kwargs)
        return "", 204

    _contract_of(wrapper)["response"] = (None, 204)
    return wrapper


def _operation(view, method, is_public):
    contract = getattr(view, "contract", {})
    doc = (view.__doc__ or "").strip().splitlines()
    operation = {"summary": doc[0] if doc else view.__name__, "responses": {}}
    if not is_public:
        operation["security"] = [{"session": []}]
    if "body" in contract and method in ("POST", "PUT", "PATCH"):
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": contract["body"]}},
        }
    if "query" in contract:
        operation["parameters"] = [{"in": "query", "schema": contract["query"]}]
    schema, status = contract.get("response", (None, 200))
    responses = operation["responses"]
    responses[str(status)] = _response("OK" if status < 300 else "", schema)
    for other, (other_schema, description) in contract.get("also", {}).items():
        responses[str(other)] = _response(description, other_schema)
    if contract.get("conditional"):
        responses["304"] = {"description": "Not modified: the copy whose ETag came in If-None-Match is current"}
    # Every other status is an error, and every error leaves in the one envelope of server.errors.
    responses["default"] = _response("An error (4xx, or 503 database_unavailable with Retry-After)", ErrorOut)
    return operation


def _response(description, schema):
    response = {"description": description}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return response


class ErrorDetailOut(Schema):
    code = fields.String(required=True, validate=validate.OneOf(sorted(MESSAGES)))
    message = fields.String(required=True)  # in the request's language
    # Field name -> messages, nested as the request body was; empty when the error is not about fields.
    field_errors = fields.Dict(data_key="fields", required=True)


class ErrorOut(Schema):
    error = fields.Nested(ErrorDetailOut, required=True)
    current = fields.Dict()  # beside a 409 version_conflict: the server's copy of the record


def _path_type(rule, name):
    converter = type(rule._converters.get(name)).__name__  # werkzeug keeps no public map of these
    return "integer" if converter == "IntegerConverter" else "string"


def build_openapi(app, public_endpoints, version):
    spec = APISpec(
        title="Bình An API",
        version=version,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
    )
    spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": app.config["SESSION_COOKIE_NAME"]}
    )
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/"):
            continue
        view = app.view_functions[rule.endpoint]
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        is_public = rule.endpoint in public_endpoints
        operations = {m.lower(): _operation(view, m, is_public) for m in methods}
        path_parameters = [
            {"in": "path", "name": name, "required": True, "schema": {"type": _path_type(rule, name)}}
            for name in sorted(rule.arguments)
        ]
        for operation in operations.values():
            operation["parameters"] = path_parameters + operation.get("parameters", [])
        spec.path(path=_CONVERTER.sub(r"{\1}", rule.rule), operations=operations)
    return spec.to_dict()
