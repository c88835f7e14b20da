"""LTI endpoints: the platform-facing login/launch/key-set (HTML and redirects, no session),
the SPA's ticket exchange and deep-link answer, roster sync, and the admin registrations."""

from __future__ import annotations

from html import escape
from typing import Any

from apiflask import APIBlueprint, EmptySchema
from flask import Response, current_app, redirect, request, url_for

from .. import i18n
from ..auth import sessions
from ..auth.routes import _token_response
from ..auth.security import ADMINS, AUTHORS, auth, current_user
from ..courses.access import taught_course
from ..extensions import db
from . import deep_linking, keys, launch, platforms, roster, tickets
from .schemas import (
    DeepLinkIn,
    DeepLinkOut,
    JwksOut,
    PlatformIn,
    PlatformListOut,
    PlatformOut,
    RosterSyncOut,
    TicketIn,
    TicketOut,
    ToolOut,
)

bp = APIBlueprint("lti", __name__, url_prefix="/api/lti", tag="LTI")

# In the browser's language (Accept-Language: the launch is not verified yet, so the platform's
# launch_presentation.locale cannot be trusted); the reason itself is the server's English.
ERROR_PAGE = """<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<title>{title}</title>
<style>body{{font:16px system-ui,sans-serif;margin:2rem;max-width:40rem;color:#222}}</style>
</head><body><h1>{heading}</h1>
<p id="lti-error" lang="en" dir="ltr">{message}</p>
<p>{advice}</p></body></html>"""


def _launch_url() -> str:
    return url_for("lti.launch_endpoint", _external=True)


def _error_html(message: str) -> str:
    locale = i18n.locale_for()
    return ERROR_PAGE.format(
        lang=locale,
        dir="rtl" if locale == "ar" else "ltr",
        title=escape(i18n.t(locale, "lti.error.title")),
        heading=escape(i18n.t(locale, "lti.error.heading")),
        advice=escape(i18n.t(locale, "lti.error.advice")),
        message=escape(message),
    )


def _error_page(error: launch.LaunchError) -> Response:
    current_app.logger.info("LTI launch refused: %s", error.message)
    return Response(
        _error_html(error.message),
        status=error.status,
        mimetype="text/html",
    )


@bp.route("/login", methods=["GET", "POST"])
@bp.doc(hide=True)
def login_endpoint() -> Any:
    """OIDC third-party login initiation: redirect to the platform's authorization endpoint."""
    params = {**request.args.to_dict(), **request.form.to_dict()}
    try:
        location = launch.login_redirect(params, _launch_url())
    except launch.LaunchError as error:
        return _error_page(error)
    return redirect(location, code=302)


@bp.route("/launch", methods=["POST"])
@bp.doc(hide=True)
def launch_endpoint() -> Any:
    """The launch: verify, map, then send the browser to the SPA with a one-time ticket."""
    try:
        platform, payload = launch.verify(
            request.form.get("id_token", ""), request.form.get("state", "")
        )
        user, target = launch.handle(platform, payload)
    except launch.LaunchError as error:
        db.session.rollback()  # an error page has status >= 400: nothing is committed anyway
        return _error_page(error)
    ticket = tickets.issue(user, target)
    return redirect(f"/lti/launch#ticket={ticket}", code=303)


@bp.get("/jwks.json")
@bp.output(JwksOut)
@bp.doc(summary="The tool's public keys (current and previous) for platforms")
def jwks() -> Any:
    return keys.jwks()


@bp.get("/tool")
@bp.output(ToolOut)
@bp.doc(summary="The tool's URLs to enter on a platform")
def tool() -> Any:
    return {
        "login_url": url_for("lti.login_endpoint", _external=True),
        "launch_url": _launch_url(),
        "jwks_url": url_for("lti.jwks", _external=True),
        "deep_linking_url": _launch_url(),
    }


@bp.post("/tickets")
@bp.input(TicketIn, arg_name="body")
@bp.output(TicketOut)
@bp.doc(summary="Exchange a launch ticket for a session", responses=[401, 422])
def redeem_ticket(body: dict[str, Any]) -> Any:
    user, target = tickets.redeem(body["ticket"])
    refresh_token, lifetime = sessions.start(user, int(current_app.config["REFRESH_TOKEN_DAYS"]))
    return {**_token_response(user, refresh_token, lifetime), "target": target}


@bp.post("/deep-link")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(DeepLinkIn, arg_name="body")
@bp.output(DeepLinkOut)
@bp.doc(
    summary="Place one of my exams in the platform course (Deep Linking response)",
    responses=[401, 403, 404, 409, 422],
)
def deep_link(body: dict[str, Any]) -> Any:
    return deep_linking.respond(body["deep_link"], body["exam_id"], current_user(), _launch_url())


@bp.post("/courses/<int:course_id>/roster-sync")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(RosterSyncOut)
@bp.doc(summary="Sync the course's roster from its platform (NRPS)", responses=[401, 403, 404, 409])
def sync_roster(course_id: int) -> Any:
    taught_course(course_id, current_user())
    return roster.sync(course_id)


@bp.get("/platforms")
@bp.auth_required(auth, roles=ADMINS)
@bp.output(PlatformListOut)
@bp.doc(summary="Registered learning platforms", responses=[401, 403])
def list_platforms() -> Any:
    return {"items": platforms.list_all()}


@bp.post("/platforms")
@bp.auth_required(auth, roles=ADMINS)
@bp.input(PlatformIn, arg_name="body")
@bp.output(PlatformOut, status_code=201)
@bp.doc(summary="Register a learning platform", responses=[401, 403, 409, 422])
def create_platform(body: dict[str, Any]) -> Any:
    return platforms.create(body)


@bp.get("/platforms/<int:platform_id>")
@bp.auth_required(auth, roles=ADMINS)
@bp.output(PlatformOut)
@bp.doc(summary="One platform registration", responses=[401, 403, 404])
def get_platform(platform_id: int) -> Any:
    return platforms.get(platform_id)


@bp.patch("/platforms/<int:platform_id>")
@bp.auth_required(auth, roles=ADMINS)
@bp.input(PlatformIn(partial=True), arg_name="changes")
@bp.output(PlatformOut)
@bp.doc(summary="Change a platform registration", responses=[401, 403, 404, 409, 422])
def update_platform(platform_id: int, changes: dict[str, Any]) -> Any:
    return platforms.update(platform_id, changes)


@bp.delete("/platforms/<int:platform_id>")
@bp.auth_required(auth, roles=ADMINS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Remove a platform registration", responses=[401, 403, 404])
def delete_platform(platform_id: int) -> Any:
    platforms.delete(platform_id)
    return ""
