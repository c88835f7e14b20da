"""Deep Linking 2.0: an instructor picks one of their exams in our SPA; we answer the platform
with a signed LtiDeepLinkingResponse carrying one ltiResourceLink (with a line item).

Between the launch and the pick, the deep-linking request's settings travel in a short-lived
token signed with our SECRET_KEY (no cookies, no server session)."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from flask import current_app

from ..auth.models import User
from ..courses.access import teaches_id
from ..errors import Conflict, Forbidden, NotFound, Unauthorized
from ..exams.models import Exam
from ..extensions import db
from . import claims, keys
from .models import LtiPlatform

TOKEN_SECONDS = 3600


def session_token(
    platform: LtiPlatform,
    payload: dict[str, Any],
    settings: dict[str, Any],
    course_id: int,
    user_id: int,
) -> str:
    return jwt.encode(
        {
            "typ": "lti-deep-link",
            "pid": platform.id,
            "dep": payload.get(claims.DEPLOYMENT_ID),
            "ret": settings["deep_link_return_url"],
            "data": settings.get("data"),
            "cid": course_id,
            "uid": user_id,
            "exp": int(time.time()) + TOKEN_SECONDS,
        },
        current_app.config["SECRET_KEY"],
        algorithm="HS256",
    )


def respond(token: str, exam_id: int, user: User, launch_url: str) -> dict[str, str]:
    """Place the exam in the course; (return URL, signed JWT) for the SPA to post back."""
    try:
        session = jwt.decode(token, current_app.config["SECRET_KEY"], algorithms=["HS256"])
    except jwt.InvalidTokenError as error:
        raise Unauthorized(
            "The deep linking session expired; start again from the platform."
        ) from error
    if session.get("typ") != "lti-deep-link" or session.get("uid") != user.id:
        raise Forbidden("This deep linking session belongs to someone else.")
    platform = db.session.get(LtiPlatform, session["pid"])
    exam = db.session.get(Exam, exam_id)
    if platform is None or exam is None:
        raise NotFound("No such exam.")
    course_id = int(session["cid"])
    mine = exam.created_by_id == user.id or (
        exam.course_id is not None and teaches_id(exam.course_id, user)
    )
    if not mine:
        raise NotFound("No such exam.")
    if exam.course_id is None:
        exam.course_id = course_id  # the platform's course now gives this exam
    elif exam.course_id != course_id:
        raise Conflict("This exam belongs to another course; copy it into this course first.")
    maximum = exam.total_points
    now = int(time.time())
    item: dict[str, Any] = {
        "type": "ltiResourceLink",
        "title": exam.title,
        "url": launch_url,
        "custom": {"exam_id": str(exam.id)},
        "lineItem": {
            "scoreMaximum": float(maximum) or 1.0,
            "label": exam.title,
            "resourceId": f"exam-{exam.id}",
        },
    }
    message: dict[str, Any] = {
        "iss": platform.client_id,
        "aud": platform.issuer,
        "iat": now,
        "exp": now + 600,
        "nonce": uuid.uuid4().hex,
        claims.MESSAGE_TYPE: claims.DEEP_LINKING_RESPONSE,
        claims.VERSION: "1.3.0",
        claims.DEPLOYMENT_ID: session.get("dep"),
        claims.DL_CONTENT_ITEMS: [item],
    }
    if session.get("data") is not None:
        message[claims.DL_DATA] = session["data"]
    db.session.flush()
    return {"return_url": str(session["ret"]), "jwt": keys.sign(message)}
