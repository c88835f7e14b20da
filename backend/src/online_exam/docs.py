"""Local Swagger UI assets, so /api/docs works without internet."""

from __future__ import annotations

import json
import re
from typing import Any

from apiflask import APIFlask
from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from .errors import ErrorOut
from .input_guard import MAX_JSON_DEPTH

bp = Blueprint("docs_assets", __name__)

ASSETS = "/api/docs/assets"


@bp.get(f"{ASSETS}/<path:filename>")
def asset(filename: str) -> Response:
    return send_from_directory(swagger_ui_path, filename, max_age=86400)


def configure_docs(app: APIFlask) -> None:
    app.config.update(
        SWAGGER_UI_CSS=f"{ASSETS}/swagger-ui.css",
        SWAGGER_UI_BUNDLE_JS=f"{ASSETS}/swagger-ui-bundle.js",
        SWAGGER_UI_STANDALONE_PRESET_JS=f"{ASSETS}/swagger-ui-standalone-preset.js",
        DOCS_FAVICON=f"{ASSETS}/favicon-32x32.png",
        # Every documented error response uses our one error shape.
        HTTP_ERROR_SCHEMA=ErrorOut,
        VALIDATION_ERROR_SCHEMA=ErrorOut,
    )
    app.register_blueprint(bp)
    # APIFlask keeps one spec processor: run both steps in it.
    app.spec_processor(
        lambda spec: document_body_errors(document_zip_bodies(merge_duplicate_schemas(spec)))
    )


# Any operation that reads a request body may answer these before its own input validation:
# unparsable or too deeply nested JSON (400), a body over MAX_CONTENT_LENGTH (413), a body that
# is not JSON (415).
BODY_ERRORS = {
    "400": f"Bad Request: the body is not valid JSON, or nests deeper than {MAX_JSON_DEPTH} levels",
    "413": "Payload Too Large",
    "415": "Unsupported Media Type: the body must be JSON",
}


def document_zip_bodies(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
    """Operations marked `x-zip-body` (the QTI package imports) read a raw zip body, which
    APIFlask's schemas cannot describe: document it here."""
    if isinstance(spec, str):
        return spec
    for methods in spec.get("paths", {}).values():
        for operation in methods.values():
            if isinstance(operation, dict) and operation.pop("x-zip-body", False):
                operation["requestBody"] = {
                    "required": True,
                    "content": {
                        "application/zip": {"schema": {"type": "string", "format": "binary"}}
                    },
                }
    return spec


def document_body_errors(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
    """Document 400/413/415 (in the one error shape) on every operation with a request body."""
    if isinstance(spec, str):
        return spec
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}
    if "HTTPError" not in spec.get("components", {}).get("schemas", {}):
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for methods in spec.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in BODY_ERRORS.items():
                responses.setdefault(status, {"description": description, "content": error})
    return spec


def merge_duplicate_schemas(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
    """Fold APIFlask's accidental copies ("UserOut1" identical to "UserOut") into one schema.

    APIFlask 3.1 registers a schema a second time under a numbered name when it was first seen
    nested in another schema; the copies would become duplicate types in generated clients.
    """
    if isinstance(spec, str):  # APIFlask hands over a string only for YAML output
        return spec
    schemas = spec.get("components", {}).get("schemas", {})
    renames: dict[str, str] = {}
    for name in list(schemas):
        match = re.fullmatch(r"(.+?)(\d+)", name)
        if match and schemas.get(match.group(1)) == schemas[name]:
            renames[f"#/components/schemas/{name}"] = f"#/components/schemas/{match.group(1)}"
            del schemas[name]
    if not renames:
        return spec
    text = json.dumps(spec)
    for old, new in renames.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    result: dict[Any, Any] = json.loads(text)
    return result


def file_responses(*content_types: str) -> dict[int, Any]:
    """OpenAPI responses of a download: the file in one of `content_types`, or an error.
    A JSON file is documented as an object (its body is parsed as JSON), the rest as text."""
    return {
        200: {
            "description": "The file, as an attachment.",
            "content": {kind: {"schema": _file_schema(kind)} for kind in content_types},
        },
        401: "Authentication error",
        403: "Forbidden",
        404: "Not found",
        422: "Validation error",
    }


def _file_schema(kind: str) -> dict[str, str]:
    if kind == "application/json":
        return {"type": "object"}
    if kind == "application/zip":
        return {"type": "string", "format": "binary"}
    return {"type": "string"}
