"""Access tokens: HS256 JWTs signed with SECRET_KEY; signature, iss, aud, exp always verified."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import jwt
from flask import current_app

from ..db_types import utcnow
from ..errors import Unauthorized

ALGORITHM = "HS256"
DEFAULT_CACHE_SIZE = 4096  # verified tokens kept per worker (ACCESS_TOKEN_CACHE_SIZE)


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


class VerifiedTokens:
    """Tokens this worker verified, with what was read from them, until their exp: verifying
    an HS256 token (base64, JSON, HMAC, claims) costs more CPU than an autosave's own checks,
    and a student sends the same token for up to its whole lifetime. Keyed by the token
    itself (a different or altered token is a miss, verified in full); one per app, so a
    different SECRET_KEY never sees another's entries. Only the signature and claims are
    cached: whether the account is still active is checked on every request (security.py)."""

    def __init__(self, size: int, against: tuple[Any, ...] = ()) -> None:
        self.size = size
        self.against = against
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str) -> Any | None:
        with self._lock:
            entry = self._entries.get(token)
            if entry is None:
                return None
            if time.time() >= entry[0]:  # expired: stricter than decode's leeway
                del self._entries[token]
                return None
            self._entries.move_to_end(token)
            return entry[1]

    def put(self, token: str, expires: float, value: Any) -> None:
        with self._lock:
            self._entries[token] = (expires, value)
            self._entries.move_to_end(token)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def _cache() -> VerifiedTokens:
    config = current_app.config
    # What a token is verified against: were it changed at runtime, start afresh.
    against = (config["SECRET_KEY"], config["JWT_ISSUER"], config["JWT_AUDIENCE"])
    cache: VerifiedTokens | None = current_app.extensions.get("verified_tokens")
    if cache is None or cache.against != against:
        size = int(config.get("ACCESS_TOKEN_CACHE_SIZE", DEFAULT_CACHE_SIZE))
        cache = current_app.extensions["verified_tokens"] = VerifiedTokens(size, against)
    return cache


def known_token(token: str) -> Any | None:
    """What was read from `token` when this worker verified it (unexpired), else None."""
    cache = _cache()
    return cache.get(token) if cache.size > 0 else None


def verified_claims(token: str, read: Callable[[dict[str, Any]], Any]) -> Any:
    """`read(claims)` of a fully verified token (decode_access_token; any failure is a 401),
    from this worker's VerifiedTokens while the token is unexpired."""
    cache = _cache()
    if cache.size > 0 and (found := cache.get(token)) is not None:
        return found
    claims = decode_access_token(token)
    value = read(claims)  # may refuse (a 401): then nothing is cached
    if cache.size > 0 and value is not None:
        cache.put(token, float(claims["exp"]), value)
    return value
