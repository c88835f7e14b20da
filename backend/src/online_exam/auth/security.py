"""The bearer-token auth object that routes use, and helpers to read the signed-in user."""

from __future__ import annotations

from apiflask import HTTPTokenAuth

from ..errors import Unauthorized
from ..extensions import db
from .models import User
from .tokens import decode_access_token

auth = HTTPTokenAuth(scheme="Bearer", description="JWT access token from POST /api/auth/login")

AUTHORS = ["admin", "author"]
ADMINS = ["admin"]


@auth.verify_token
def _verify(token: str) -> User | None:
    if not token:
        return None  # no credentials: 401 (or anonymous where auth is optional)
    claims = decode_access_token(token)
    try:
        user_id = int(claims["sub"])
    except (TypeError, ValueError) as error:
        raise Unauthorized("The access token is invalid.") from error
    user = db.session.get(User, user_id)
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
