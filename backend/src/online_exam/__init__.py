"""Online Exam: the Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from apiflask import Schema
from apiflask.fields import String
from flask import Response, jsonify
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix

from . import models as _models  # noqa: F401  (registers every table)
from .app import DatabaseIdConverter, OnlineExamApp
from .config import load_config
from .database import configure_sqlite
from .docs import configure_docs
from .errors import register_error_handlers
from .extensions import db, migrate
from .headers import init_headers
from .hot_lane import HotLane
from .input_guard import init_input_guard
from .json_provider import init_json
from .ratelimit import init_rate_limiter

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[2]  # backend/src/online_exam -> repository root


def _instance_path() -> str | None:
    if os.environ.get("INSTANCE_PATH"):
        return os.environ["INSTANCE_PATH"]
    if PACKAGE_DIR.parent.name == "src":  # running from a checkout: keep data in backend/instance
        return str(PACKAGE_DIR.parents[1] / "instance")
    return None  # installed package: Flask's default (<prefix>/var/online_exam-instance)


def create_app(overrides: dict[str, Any] | None = None) -> OnlineExamApp:
    app = OnlineExamApp(
        __name__,
        title="Online Exam API",
        version="1.0",
        instance_path=_instance_path(),
        static_folder=None,  # type: ignore[arg-type]  # no /static: the SPA owns the paths
        spec_path="/api/openapi.json",
        docs_path="/api/docs",
    )
    app.config.update(load_config(Path(app.instance_path), overrides))
    init_json(app)  # orjson for the responses, keeping the schemas' field order
    # The built Angular app; SPA_DIST lets a test run or a deployment serve another build.
    app.config.setdefault(
        "SPA_DIST",
        os.environ.get("SPA_DIST") or str(REPO_DIR / "frontend" / "dist" / "frontend" / "browser"),
    )
    app.info = {
        "description": "Write, publish and take exams. Errors always read "
        '`{"error": {"status", "code", "message", "details"}}`.',
        "license": {"name": "MIT"},
    }
    app.security_schemes = {
        "BearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    # Listed once each: two blueprints (users, audit) share "Admin", and a tag declared twice
    # makes the document invalid OpenAPI.
    app.tags = [
        {"name": "Auth", "description": "Accounts, sign-in and sessions."},
        {"name": "Exams", "description": "The catalogue and authoring."},
        {"name": "Attempts", "description": "Taking exams, results."},
        {"name": "Courses", "description": "Courses, teachers, rosters, join codes, my courses."},
        {"name": "Question banks", "description": "Import, export, item statistics."},
        {"name": "Admin", "description": "Users and the audit trail."},
        {"name": "LTI", "description": "Learning platforms (LTI 1.3): launches, grades, rosters."},
        {"name": "Health", "description": "Liveness."},
    ]

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR.parents[1] / "migrations"))
    init_rate_limiter(app)
    with app.app_context():
        configure_sqlite(db.engine)

    # Before any route is added: every <int:...> in a path is a database id.
    app.url_map.converters["int"] = DatabaseIdConverter
    register_error_handlers(app)
    decorate = init_headers(app)
    init_input_guard(app)
    configure_docs(app)
    _register_blueprints(app)
    _register_health(app)

    from .cli import register_cli

    register_cli(app)
    app.wsgi_app = HotLane(app, decorate)  # type: ignore[method-assign]
    _trust_proxies(app)  # outermost: the lane and Flask see the client's address and scheme
    return app


def _trust_proxies(app: OnlineExamApp) -> None:
    """Behind TRUSTED_PROXY_HOPS proxies, the client address and scheme are the ones the
    nearest proxy reports (ProxyFix reads that many values from the right of X-Forwarded-For,
    so whatever a client put further left is ignored); with 0 the headers are not read."""
    hops = int(app.config["TRUSTED_PROXY_HOPS"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _register_blueprints(app: OnlineExamApp) -> None:
    from .attempts.routes import bp as attempts_bp
    from .audit.routes import bp as audit_bp
    from .auth.routes import bp as auth_bp
    from .bank.routes import bp as bank_bp
    from .banks.routes import bp as banks_bp
    from .courses.class_list_routes import bp as class_list_bp
    from .courses.routes import bp as courses_bp
    from .exams.routes import bp as exams_bp
    from .grading_queue.routes import bp as grading_queue_bp
    from .live.routes import bp as live_bp
    from .lti.routes import bp as lti_bp
    from .spa import init_spa
    from .users.routes import bp as users_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(exams_bp)
    app.register_blueprint(attempts_bp)
    app.register_blueprint(lti_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(banks_bp)
    app.register_blueprint(bank_bp)
    app.register_blueprint(class_list_bp)
    app.register_blueprint(courses_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(grading_queue_bp)
    init_spa(app)  # last: its catch-all route must not shadow the API


class HealthOut(Schema):
    status = String(metadata={"description": "ok"}, required=True)
    database = String(
        metadata={"description": "The database dialect: postgresql or sqlite."}, required=True
    )


def _register_health(app: OnlineExamApp) -> None:
    @app.get("/api/health")
    @app.output(HealthOut)
    @app.doc(tags=["Health"], summary="Liveness and database check", responses=[503])
    def health() -> Response:
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:
            response = jsonify(
                {
                    "error": {
                        "status": 503,
                        "code": "service_unavailable",
                        "message": "The database is unreachable.",
                        "details": {},
                    }
                }
            )
            response.status_code = 503
            return response
        return jsonify({"status": "ok", "database": db.engine.dialect.name})
