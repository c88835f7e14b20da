"""Serves the built Angular app at / with index.html for client-side routes."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, send_from_directory
from werkzeug.routing import PathConverter

bp = Blueprint("spa", __name__)

LANDING = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Online Exam</title></head><body>
<h1>Online Exam</h1><p>The web app is not built yet. The API is running:
<a href="/api/docs">interactive API docs</a>, <a href="/api/openapi.json">OpenAPI document</a>.
</p></body></html>"""


def _dist() -> Path:
    return Path(current_app.config["SPA_DIST"])


class NotApiPath(PathConverter):
    """Any path except /api and below, so unknown API URLs stay JSON 404/405s."""

    regex = r"(?!api(?:/|$))[^/].*?"


def init_spa(app: Flask) -> None:
    app.url_map.converters["not_api"] = NotApiPath
    app.register_blueprint(bp)


@bp.get("/", defaults={"path": ""})
@bp.get("/<not_api:path>")
def serve(path: str) -> Response:
    dist = _dist()
    if not (dist / "index.html").is_file():
        return Response(LANDING, mimetype="text/html")
    if path and (dist / path).is_file():
        return send_from_directory(dist, path, max_age=31536000 if "." in path else None)
    # Client-side route (e.g. /exams/3/take): the SPA's router handles it.
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
