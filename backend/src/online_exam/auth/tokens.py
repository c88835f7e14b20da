"""Access tokens: HS256 JWTs signed with SECRET_KEY; signature, iss, aud, exp always verified."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt
from flask import current_app

from ..db_types import utcnow
from ..errors import Unauthorized

ALGORITHM = "HS256"


def issue_access_token(user_id: int, role: str) -> tuple[str, int]:
    """Return (token, lifetime in seconds)."""
    config = current_app.config
    lifetime = int(config["ACCESS_TOKEN_MINUTES"]) * 60
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "role": role,  # informative only: the role is always read from the database
        "iss": config["JWT_ISSUER"],
        "aud": config["JWT_AUDIENCE"],
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=lifetime),
    }
    return jwt.encode(claims, config["SECRET_KEY"], algorithm=ALGORITHM), lifetime


def decode_access_token(token: str) -> dict[str, Any]:
    """Verify everything, then return the claims; any failure is a 401."""
    config = current_app.config
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            config["SECRET_KEY"],
            algorithms=[ALGORITHM],  # an allow-list: never "none", never what the token says
            issuer=config["JWT_ISSUER"],
            audience=config["JWT_AUDIENCE"],
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            leeway=5,
        )
    except jwt.ExpiredSignatureError as error:
        raise Unauthorized("The access token has expired; sign in again.") from error
    except jwt.InvalidTokenError as error:
        raise Unauthorized("The access token is invalid.") from error
    return claims
