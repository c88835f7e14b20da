"""The one JSON error shape, raised from the domain and rendered in one place.

Every error the API returns reads
``{"error": {"status": 422, "code": "validation_error", "message": "…", "details": {...}}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from apiflask import APIFlask, Schema
from apiflask.exceptions import HTTPError
from apiflask.fields import Dict, Integer, Nested, String
from flask import Response, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}


class DomainError(Exception):
    """A business rule said no. Subclasses pick the status; services raise, routes don't catch."""

    status = 409
    code = "conflict"

    def __init__(
        self,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.headers = headers or {}


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class ValidationFailed(DomainError):
    status, code = 422, "validation_error"


def error_body(
    status: int, message: str, details: dict[str, Any] | None = None, code: str | None = None
) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "code": code or CODES.get(status, "error"),
            "message": message,
            "details": details or {},
        }
    }


def _response(
    status: int,
    message: str,
    details: dict[str, Any] | None = None,
    code: str | None = None,
    headers: Any = None,
) -> Response:
    response = jsonify(error_body(status, message, details, code))
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    if headers:
        for name, value in dict(headers).items():
            if name.lower() != "content-type":
                response.headers[name] = value
    return response


def register_error_handlers(app: APIFlask) -> None:
    @app.error_processor
    def api_error(error: HTTPError) -> Response:
        # APIFlask's own errors: input validation (422), abort(), malformed JSON (400).
        details = error.detail if isinstance(error.detail, dict) else {}
        message = error.message or "Request failed."
        if error.status_code == 422:
            message = "The request is invalid; see details."
        return _response(error.status_code, message, details, headers=error.headers)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Response:
        return _response(error.status, error.message, error.details, error.code, error.headers)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        headers = error.get_headers() if status in (405, 429) else None
        data = getattr(error, "data", None)
        if status == 400 and isinstance(data, dict) and isinstance(data.get("messages"), dict):
            # webargs could not parse the body (e.g. malformed JSON).
            return _response(400, "The request body could not be parsed.", data["messages"])
        return _response(status, error.description or "Request failed.", headers=headers)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("unhandled error", exc_info=error)
        return _response(500, InternalServerError.description or "Internal server error.")


class ErrorDetail(Schema):
    status = Integer(required=True, metadata={"example": 422})
    code = String(required=True, metadata={"example": "validation_error"})
    message = String(required=True)
    details = Dict(metadata={"description": "Field problems or other specifics; may be empty."})


class ErrorOut(Schema):
    """The one error shape, documented for every error response in the OpenAPI document."""

    error = Nested(ErrorDetail, required=True)
