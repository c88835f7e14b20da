"""Auth endpoints: thin — parse, call the service, serialize."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, EmptySchema
from flask import current_app

from ..errors import Forbidden
from ..ratelimit import limit_sign_in
from . import service, sessions
from .models import User
from .oidc import configure_oidc
from .schemas import AuthConfigOut, LoginIn, RefreshIn, RegisterIn, TokenOut, UserOut
from .security import auth, current_user, password_login_enabled
from .tokens import issue_access_token

bp = APIBlueprint("auth", __name__, url_prefix="/api/auth", tag="Auth")
bp.record_once(lambda state: configure_oidc(state.app))  # validates OIDC_* at startup

SIGN_IN_WITH_PROVIDER = (
    "Sign-in with e-mail and password is disabled on this server; "
    "sign in with the identity provider."
)


def _require_password_login() -> None:
    if not password_login_enabled():
        raise Forbidden(SIGN_IN_WITH_PROVIDER)


def _token_response(user: User, refresh_token: str, refresh_lifetime: int) -> dict[str, Any]:
    token, lifetime = issue_access_token(user.id, user.role)
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "refresh_token": refresh_token,
        "refresh_expires_in": refresh_lifetime,
        "user": user,
    }


def _signed_in(user: User) -> dict[str, Any]:
    refresh_token, lifetime = sessions.start(user, int(current_app.config["REFRESH_TOKEN_DAYS"]))
    return _token_response(user, refresh_token, lifetime)


@bp.get("/config")
@bp.output(AuthConfigOut)
@bp.doc(summary="How to sign in here: password accounts and/or an OpenID Connect provider")
def config() -> dict[str, Any]:
    cfg = current_app.config
    oidc = None
    if cfg.get("OIDC_ISSUER"):
        oidc = {
            "issuer": cfg["OIDC_ISSUER"],
            "client_id": cfg.get("OIDC_CLIENT_ID", ""),
            "audience": cfg["OIDC_AUDIENCE"],
            "scopes": str(cfg.get("OIDC_SCOPES", "")).split(),
        }
    password_login = password_login_enabled()
    return {
        "password_login": password_login,
        "registration": password_login and bool(cfg["ALLOW_REGISTRATION"]),
        "oidc": oidc,
    }


@bp.post("/register")
@bp.input(RegisterIn, arg_name="body")
@bp.output(TokenOut, status_code=201)
@bp.doc(summary="Create a student account", responses=[403, 409, 422, 429, 503])
def register(body: dict[str, Any]) -> dict[str, Any]:
    _require_password_login()
    if not current_app.config["ALLOW_REGISTRATION"]:
        raise Forbidden("Self-registration is disabled on this server.")
    limit_sign_in(service.normalize_email(body["email"]))
    user = service.register(body["email"], body["password"], body["display_name"])
    return _signed_in(user)


@bp.post("/login")
@bp.input(LoginIn, arg_name="body")
@bp.output(TokenOut)
@bp.doc(
    summary="Sign in with e-mail and password",
    description="Limited per client address, per account and address, and per account from all "
    "addresses (429 with Retry-After); 503 while the shared rate-limit store is unreachable.",
    responses=[401, 403, 422, 429, 503],
)
def login(body: dict[str, Any]) -> dict[str, Any]:
    _require_password_login()
    limit_sign_in(service.normalize_email(body["email"]))
    user = service.authenticate(body["email"], body["password"])
    return _signed_in(user)


@bp.post("/refresh")
@bp.input(RefreshIn, arg_name="body")
@bp.output(TokenOut)
@bp.doc(
    summary="Exchange a refresh token for a new access token and a new refresh token",
    description="The presented refresh token is used up. Presenting one that was already used "
    "ends the whole session (theft detection): sign in again.",
    responses=[401, 403, 422],
)
def refresh(body: dict[str, Any]) -> dict[str, Any]:
    _require_password_login()
    days = int(current_app.config["REFRESH_TOKEN_DAYS"])
    user, refresh_token, lifetime = sessions.rotate(body["refresh_token"], days)
    return _token_response(user, refresh_token, lifetime)


@bp.post("/logout")
@bp.input(RefreshIn, arg_name="body")
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="End the session the refresh token belongs to", responses=[422])
def logout(body: dict[str, Any]) -> tuple[str, int]:
    sessions.revoke(body["refresh_token"])
    return "", 204


@bp.get("/me")
@bp.auth_required(auth)
@bp.output(UserOut)
@bp.doc(summary="The signed-in user", responses=[401, 409, 503])
def me() -> Any:
    return current_user()
