"""Local Swagger UI assets, so /api/docs works without internet."""

from __future__ import annotations

from apiflask import APIFlask
from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from .errors import ErrorOut

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
