"""The bearer-token auth object that routes use, and helpers to read the signed-in user.

Two kinds of bearer tokens are accepted, told apart by the token's *header* only (claims are
never read before the signature is verified):

- ``alg: HS256`` — our own access tokens (tokens.py), when password sign-in is enabled;
- anything else — an access token of the OpenID Connect provider (oidc.py), when OIDC_ISSUER
  is set; its ``alg`` must be on OIDC_ALGORITHMS. Without OIDC such tokens are simply invalid.

Either way the user is loaded from the database, and the role always comes from there.
"""

from __future__ import annotations

import jwt
from apiflask import HTTPTokenAuth
from flask import current_app
from sqlalchemy import bindparam, select

from ..app import MAX_ID
from ..domain import Role
from ..errors import Unauthorized
from ..extensions import db
from . import oidc, service
from .models import User
from .tokens import ALGORITHM, decode_access_token

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


def password_login_enabled() -> bool:
    return bool(current_app.config.get("ALLOW_PASSWORD_LOGIN", True))


@auth.verify_token
def _verify(token: str) -> User | None:
    if not token:
        return None  # no credentials: 401 (or anonymous where auth is optional)
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


def _local_user(token: str) -> User:
    claims = decode_access_token(token)
    subject = claims["sub"]
    # We only ever issue a user id; anything else (even validly signed) would reach the
    # database as a number out of its range (a 500) or as nonsense.
    digits = isinstance(subject, str) and subject.isascii() and subject.isdigit()
    if not digits or len(subject) > len(str(MAX_ID)) or not 1 <= int(subject) <= MAX_ID:
        raise Unauthorized(INVALID)
    user_id = int(subject)
    user: User | None = db.session.scalar(_USER_BY_ID, {"user_id": user_id})
    if user is None or not user.is_active:
        raise Unauthorized("This account no longer exists or is deactivated.")
    return user


@auth.get_user_roles
def _roles(user: User) -> list[str]:
    return [user.role]


def current_user() -> User:
    """The signed-in user of a route protected by `auth_required(auth)`."""
    user = auth.current_user
    if user is None:
        raise Unauthorized("Sign in to continue.")
    return user  # type: ignore[no-any-return]


def optional_user() -> User | None:
    """The signed-in user, or None on a route with `auth_required(auth, optional=True)`."""
    return auth.current_user
