"""The bearer-token auth object that routes use, and helpers to read the signed-in user.

Two kinds of bearer tokens are accepted, told apart by the token's *header* only (claims are
never read before the signature is verified):

- ``alg: HS256`` — our own access tokens (tokens.py), when password sign-in is enabled;
- anything else — an access token of the OpenID Connect provider (oidc.py), when OIDC_ISSUER
  is set; its ``alg`` must be on OIDC_ALGORITHMS. Without OIDC such tokens are simply invalid.

Either way the user is loaded from the database, and the role always comes from there —
except on the exam-day hot paths (HOT_ENDPOINTS: start, autosave, submit, the live view's
poll), where the user is a `Caller` (the verified token's user id) and the service's own
statement joins the user row and checks that the account is active: a deactivated account
is refused by its very next request, on every worker, with one statement fewer. Anything
there that needs the full user (an error path) calls current_user(), which loads and checks
it as elsewhere.

A local token's signature and claims are verified once per worker (tokens.VerifiedTokens: a
bounded cache keyed by the token itself, an entry ends at the token's exp); a token never
seen is always verified in full.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import jwt
from apiflask import HTTPTokenAuth
from flask import current_app, g, request
from sqlalchemy import bindparam, select

from ..app import MAX_ID
from ..domain import Role
from ..errors import Unauthorized
from ..extensions import db
from . import oidc, service
from .models import User
from .tokens import ALGORITHM, known_token, verified_claims

auth = HTTPTokenAuth(
    scheme="Bearer",
    description="An access token from POST /api/auth/login (or /refresh), or an access token "
    "issued by the configured OpenID Connect provider (see GET /api/auth/config).",
)

AUTHORS = [Role.ADMIN, Role.AUTHOR]
ADMINS = [Role.ADMIN]
INVALID = "The access token is invalid."
# Every authenticated request runs it: built once (building costs about as much as running).
_USER_BY_ID = select(User).where(User.id == bindparam("user_id"))
# Their services check the account in their own locking statement (see the module's doc).
HOT_ENDPOINTS = frozenset(
    {
        "attempts.start_attempt",
        "attempts.save_response",
        "attempts.submit_attempt",
        "live.live",  # the teachers' poll (live/routes.py)
    }
)
GONE = "This account no longer exists or is deactivated."
# The encoded header of every token tokens.py issues (PyJWT's compact JSON, sorted keys): a
# token that starts with it is told apart without get_unverified_header, which base64-decodes
# and checks every segment once more before jwt.decode does it all again (a first request).
OWN_HEADER = (
    base64.urlsafe_b64encode(
        json.dumps({"alg": ALGORITHM, "typ": "JWT"}, separators=(",", ":"), sort_keys=True).encode()
    )
    .rstrip(b"=")
    .decode()
    + "."
)


@dataclass(frozen=True, slots=True)
class Caller:
    """A hot path's signed-in user: the verified token's user id, not yet checked against the
    database: the service's own locking statement checks that the account is active."""

    id: int


def password_login_enabled() -> bool:
    return bool(current_app.config.get("ALLOW_PASSWORD_LOGIN", True))


@auth.verify_token
def _verify(token: str) -> User | Caller | None:
    if not token:
        return None  # no credentials: 401 (or anonymous where auth is optional)
    if (user_id := known_token(token)) is not None:  # one of ours, verified by this worker
        if not password_login_enabled():
            raise Unauthorized("Sign-in with e-mail and password is disabled on this server.")
        return _signed_in(user_id)
    if token.startswith(OWN_HEADER):  # the header our tokens have: HS256, decoded in full below
        header: dict[str, Any] = {"alg": ALGORITHM}
    else:
        try:
            header = jwt.get_unverified_header(token)  # the header only; no claims yet
        except jwt.PyJWTError as error:
            raise Unauthorized(INVALID) from error
    if header.get("alg") == ALGORITHM:
        if not password_login_enabled():
            raise Unauthorized("Sign-in with e-mail and password is disabled on this server.")
        return _local_user(token)
    verifier = oidc.verifier()
    if verifier is None:
        raise Unauthorized(INVALID)
    claims = verifier.verify(token, header)
    return service.sign_in_oidc(verifier.identity(claims))


def local_user_id(token: str) -> int | None:
    """The hot lane's check (hot_lane.py): the user id of a valid token of ours (verified in
    full once per worker, as _verify does), or None for anything else — not ours, invalid,
    password sign-in off — which Flask's auth then answers."""
    if not password_login_enabled():
        return None
    if (user_id := known_token(token)) is not None:
        return int(user_id)
    if not token.startswith(OWN_HEADER):
        return None
    try:
        return int(verified_claims(token, _user_id))
    except Unauthorized:
        return None


def _local_user(token: str) -> User | Caller:
    return _signed_in(verified_claims(token, _user_id))


def _signed_in(user_id: int) -> User | Caller:
    if request.endpoint in HOT_ENDPOINTS:
        return Caller(user_id)
    return _load_active(user_id)


def _user_id(claims: dict[str, Any]) -> int:
    subject = claims["sub"]
    # We only ever issue a user id; anything else (even validly signed) would reach the
    # database as a number out of its range (a 500) or as nonsense.
    digits = isinstance(subject, str) and subject.isascii() and subject.isdigit()
    if not digits or len(subject) > len(str(MAX_ID)) or not 1 <= int(subject) <= MAX_ID:
        raise Unauthorized(INVALID)
    return int(subject)


def _load_active(user_id: int) -> User:
    user: User | None = db.session.scalar(_USER_BY_ID, {"user_id": user_id})
    if user is None or not user.is_active:
        raise Unauthorized(GONE)
    return user


@auth.get_user_roles
def _roles(user: User | Caller) -> list[str]:
    return [current_user().role if isinstance(user, Caller) else user.role]


def current_user() -> User:
    """The signed-in user of a route protected by `auth_required(auth)` (on a hot path,
    loaded and checked now, once per request)."""
    user = auth.current_user
    if user is None:
        raise Unauthorized("Sign in to continue.")
    if isinstance(user, Caller):
        loaded: User | None = g.get("_caller_user")
        if loaded is None:
            loaded = g._caller_user = _load_active(user.id)
        return loaded
    return user  # type: ignore[no-any-return]


def current_caller() -> User | Caller:
    """The signed-in user of a hot path: a Caller (local token), or the User (OIDC)."""
    user = auth.current_user
    if user is None:
        raise Unauthorized("Sign in to continue.")
    return user  # type: ignore[no-any-return]


def caller_gone() -> Unauthorized:
    """A hot path's statement found no active account: refused as the full check would."""
    return Unauthorized(GONE)


def optional_user() -> User | None:
    """The signed-in user, or None on a route with `auth_required(auth, optional=True)`."""
    return auth.current_user
