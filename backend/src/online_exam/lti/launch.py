"""OIDC third-party login initiation and the launch itself (LTI 1.3 Core, section 5).

No cookies: the state we send in the login redirect is a short-lived JWT signed with our
SECRET_KEY (names the platform and the nonce), and the nonce is stored server-side and may be
used once. So a launch works inside a platform's iframe where third-party cookies are blocked.
After a good launch the browser is sent to the SPA with a one-time ticket (see tickets.py).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import jwt
from flask import current_app
from sqlalchemy import select, update

from .. import i18n
from ..auth.models import User
from ..db_types import utcnow
from ..exams.models import Exam
from ..extensions import db
from . import claims, http, mapping
from .models import LtiNonce, LtiPlatform, LtiResourceLink

STATE_MINUTES = 10


class LaunchError(Exception):
    """A launch or login that we refuse; shown to the user as a short error page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _find_platform(issuer: str, client_id: str | None) -> LtiPlatform:
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    found = list(db.session.scalars(query.limit(2)))
    if not found:
        raise LaunchError("This learning platform is not registered with Online Exam.", 403)
    if len(found) > 1:
        raise LaunchError("Several registrations match this platform: it must send client_id.")
    return found[0]


def login_redirect(params: dict[str, str], launch_url: str) -> str:
    """The platform's authorization URL to redirect the browser to."""
    issuer = params.get("iss", "")
    login_hint = params.get("login_hint", "")
    if not issuer or not login_hint:
        raise LaunchError("The login request lacks iss or login_hint.")
    platform = _find_platform(issuer, params.get("client_id"))
    deployment = params.get("lti_deployment_id")
    if deployment and deployment not in platform.deployment_ids:
        raise LaunchError("This deployment of the tool is not registered.", 403)
    nonce = secrets.token_urlsafe(24)
    expires = utcnow() + timedelta(minutes=STATE_MINUTES)
    db.session.add(LtiNonce(value=nonce, platform_id=platform.id, expires_at=expires))
    state = jwt.encode(
        {"pid": platform.id, "nonce": nonce, "exp": expires, "typ": "lti-state"},
        current_app.config["SECRET_KEY"],
        algorithm="HS256",
    )
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": params.get("target_link_uri") or launch_url,
        "login_hint": login_hint,
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    return platform.auth_login_url + separator + urlencode(query)


def _state(state: str) -> dict[str, Any]:
    try:
        decoded: dict[str, Any] = jwt.decode(
            state, current_app.config["SECRET_KEY"], algorithms=["HS256"]
        )
    except jwt.ExpiredSignatureError as error:
        raise LaunchError("The launch took too long; open the link again.", 401) from error
    except jwt.InvalidTokenError as error:
        raise LaunchError("The launch state is invalid; open the link again.", 401) from error
    if decoded.get("typ") != "lti-state":
        raise LaunchError("The launch state is invalid; open the link again.", 401)
    return decoded


def _platform_key(platform: LtiPlatform, token: str) -> Any:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.InvalidTokenError as error:
        raise LaunchError("The platform's id_token is not a JWT.", 401) from error
    for refresh in (False, True):  # an unknown kid: the platform rotated; fetch once more
        try:
            document = http.key_set(platform.jwks_url, refresh=refresh)
        except http.PlatformError as error:
            raise LaunchError("The platform's key set could not be fetched.", 502) from error
        for jwk in document["keys"]:
            if isinstance(jwk, dict) and (kid is None or jwk.get("kid") == kid):
                return jwt.PyJWK(jwk, algorithm="RS256").key
    raise LaunchError("The id_token is signed with a key the platform does not publish.", 401)


def verify(id_token: str, state: str) -> tuple[LtiPlatform, dict[str, Any]]:
    """Check the state, the id_token's signature, issuer, audience, expiry, nonce (once) and
    deployment; return the platform and the verified claims."""
    decoded_state = _state(state)
    platform = db.session.get(LtiPlatform, decoded_state.get("pid"))
    if platform is None:
        raise LaunchError("This learning platform is not registered with Online Exam.", 403)
    key = _platform_key(platform, id_token)
    try:
        payload: dict[str, Any] = jwt.decode(
            id_token,
            key,
            algorithms=["RS256"],
            audience=platform.client_id,
            issuer=platform.issuer,
            leeway=int(current_app.config.get("OIDC_LEEWAY_SECONDS", 30)),
            options={"require": ["exp", "iat", "sub", "nonce"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise LaunchError("The launch has expired; open the link again.", 401) from error
    except jwt.InvalidSignatureError as error:
        raise LaunchError("The launch's signature is not valid.", 401) from error
    except jwt.InvalidTokenError as error:
        raise LaunchError(f"The launch was refused: {error}.", 401) from error
    audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
    if len(audiences) > 1 and payload.get("azp") != platform.client_id:
        raise LaunchError("The launch was issued for another tool (azp).", 401)
    if payload["nonce"] != decoded_state.get("nonce"):
        raise LaunchError("The launch does not belong to this login (nonce).", 401)
    used = db.session.execute(
        update(LtiNonce)
        .where(
            LtiNonce.value == payload["nonce"],
            LtiNonce.platform_id == platform.id,
            LtiNonce.used_at.is_(None),
            LtiNonce.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise LaunchError("This launch was already used; open the link again.", 401)
    if payload.get(claims.DEPLOYMENT_ID) not in platform.deployment_ids:
        raise LaunchError("This deployment of the tool is not registered.", 403)
    if payload.get(claims.VERSION) != "1.3.0":
        raise LaunchError("Only LTI version 1.3.0 is supported.")
    return platform, payload


def _name(payload: dict[str, Any]) -> str:
    name = payload.get("name") or " ".join(
        part for part in (payload.get("given_name"), payload.get("family_name")) if part
    )
    return str(name or "")


def _adopt_locale(user: User, presentation: Any) -> None:
    """The platform's interface language (launch_presentation.locale, e.g. "es-ES") becomes the
    user's while they have chosen none; a choice of their own is never overridden."""
    if user.locale is None and isinstance(presentation, dict):
        locale = presentation.get("locale")
        user.locale = i18n.supported(locale) if isinstance(locale, str) else None


def handle(platform: LtiPlatform, payload: dict[str, Any]) -> tuple[User, dict[str, Any]]:
    """Map the launch onto our world; (user, where the SPA should go)."""
    message = payload.get(claims.MESSAGE_TYPE)
    if message not in (claims.RESOURCE_LINK_REQUEST, claims.DEEP_LINKING_REQUEST):
        raise LaunchError(f"Unsupported LTI message type {message!r}.")
    context_claim = payload.get(claims.CONTEXT)
    if not isinstance(context_claim, dict) or not context_claim.get("id"):
        raise LaunchError("Online Exam is used inside a course: the launch has no context.")
    instructor = claims.is_instructor(payload.get(claims.ROLES))
    user = mapping.account(platform, str(payload["sub"]), _name(payload), payload.get("email"))
    if not user.is_active:
        raise LaunchError("This account is deactivated.", 403)
    _adopt_locale(user, payload.get(claims.LAUNCH_PRESENTATION))
    context = mapping.context(platform, str(context_claim["id"]))
    if context is None:
        if not instructor:
            raise LaunchError(
                "This course is not set up in Online Exam yet: your teacher opens it first.", 409
            )
        context = mapping.create_course(
            platform,
            str(context_claim["id"]),
            str(context_claim.get("title") or ""),
            str(context_claim.get("label") or ""),
            user,
        )
    nrps = payload.get(claims.NRPS)
    if isinstance(nrps, dict) and nrps.get("context_memberships_url"):
        context.memberships_url = str(nrps["context_memberships_url"])
    if instructor:
        mapping.make_teacher(user, context.course_id)
    else:
        mapping.enrol(user, context.course_id)

    if message == claims.DEEP_LINKING_REQUEST:
        if not instructor:
            raise LaunchError("Only teachers can place exams in the course.", 403)
        settings = payload.get(claims.DEEP_LINKING_SETTINGS)
        if not isinstance(settings, dict) or not settings.get("deep_link_return_url"):
            raise LaunchError("The deep linking request has no return URL.")
        from .deep_linking import session_token  # deep_linking imports this module

        token = session_token(platform, payload, settings, context.course_id, user.id)
        return user, {
            "kind": "deep_link",
            "course_id": context.course_id,
            "exam_id": None,
            "deep_link": token,
        }

    link = _resource_link(platform, payload, context.course_id)
    target = {"kind": "exam", "course_id": context.course_id, "exam_id": link.exam_id}
    return user, {**target, "deep_link": None}


def _resource_link(
    platform: LtiPlatform, payload: dict[str, Any], course_id: int
) -> LtiResourceLink:
    resource = payload.get(claims.RESOURCE_LINK)
    if not isinstance(resource, dict) or not resource.get("id"):
        raise LaunchError("The launch names no resource link.")
    link = db.session.scalar(
        select(LtiResourceLink).where(
            LtiResourceLink.platform_id == platform.id,
            LtiResourceLink.resource_link_id == str(resource["id"]),
        )
    )
    if link is None:
        custom = payload.get(claims.CUSTOM)
        raw = str(custom.get("exam_id") or "") if isinstance(custom, dict) else ""
        exam = db.session.get(Exam, int(raw)) if raw.isdigit() and len(raw) < 10 else None
        # Only an exam placed in this very course (deep linking attaches it).
        if exam is None or exam.course_id != course_id:
            raise LaunchError("This link is not connected to an exam of this course.", 404)
        link = LtiResourceLink(
            platform_id=platform.id, resource_link_id=str(resource["id"]), exam_id=exam.id
        )
        db.session.add(link)
    ags = payload.get(claims.AGS_ENDPOINT)
    if isinstance(ags, dict):
        if ags.get("lineitem"):
            link.lineitem_url = str(ags["lineitem"])
        if ags.get("lineitems"):
            link.lineitems_url = str(ags["lineitems"])
    db.session.flush()
    return link
