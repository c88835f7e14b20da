"""Auth endpoints: thin — parse, call the service, serialize."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, EmptySchema
from flask import current_app

from .. import i18n
from ..errors import Forbidden
from ..mail import in_background, mail_enabled, public_base_url
from ..ratelimit import limit_password_reset, limit_sign_in
from . import password_links, service, sessions
from .models import User
from .oidc import configure_oidc
from .schemas import (
    AuthConfigOut,
    ForgotPasswordIn,
    ForgotPasswordOut,
    LoginIn,
    MePatchIn,
    PasswordTokenOut,
    RefreshIn,
    RegisterIn,
    SetPasswordIn,
    TokenOut,
    UserOut,
)
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


FORGOT_PASSWORD_ANSWER = {
    "message": "If an account with this e-mail exists and signs in with a password, a link to "
    "choose a new one is on its way. The link works once, for a limited time."
}


@bp.post("/forgot-password")
@bp.input(ForgotPasswordIn, arg_name="body")
@bp.output(ForgotPasswordOut, status_code=202)
@bp.doc(
    summary="Mail a password-reset link",
    description="Always 202 with the same body, whether or not the account exists, so the "
    "answer, and the time it takes, reveal nothing. With mail configured, a link goes out (in "
    "the background, after the answer) only to an "
    "active account that signs in with a password or has yet to set one; accounts that sign "
    "in only through the identity provider get none. Limited per client address and per "
    "e-mail (429 with Retry-After, counted alike for unknown addresses).",
    responses=[403, 422, 429, 503],
)
def forgot_password(body: dict[str, Any]) -> dict[str, Any]:
    _require_password_login()
    email = service.normalize_email(body["email"])
    limit_password_reset(email)
    # Without mail nobody could receive a link: none is issued. With mail, the lookup, the link
    # and the message happen after the answer, so the answer takes as long for every address.
    if mail_enabled():
        base_url, locale = public_base_url(), i18n.locale_for()  # the request is gone later
        in_background(lambda: password_links.mail_reset_link(email, base_url, locale))
    return FORGOT_PASSWORD_ANSWER


@bp.get("/password-token/<string:token>")
@bp.output(PasswordTokenOut)
@bp.doc(
    summary="What a set-password link is for",
    description="The account's e-mail, the link's purpose (setup | reset) and its expiry; 404 "
    "when the link is unknown, used, replaced by a newer one or expired.",
    responses=[403, 404],
)
def password_token(token: str) -> dict[str, Any]:
    _require_password_login()
    link, user = password_links.valid_link(token)
    return {"email": user.email, "purpose": link.purpose, "expires_at": link.expires_at}


@bp.post("/set-password")
@bp.input(SetPasswordIn, arg_name="body")
@bp.output(TokenOut)
@bp.doc(
    summary="Choose a password through a set-password link, and sign in",
    description="Single use: the link and the account's other unused links end. A reset also "
    "ends every session of the account. Answers like sign-in. 404 when the link is unknown, "
    "used or expired; 422 when the password breaks the rules (as at registration).",
    responses=[403, 404, 422],
)
def set_password(body: dict[str, Any]) -> dict[str, Any]:
    _require_password_login()
    user = password_links.redeem(body["token"], body["password"])
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


@bp.patch("/me")
@bp.auth_required(auth)
@bp.input(MePatchIn, arg_name="body")
@bp.output(UserOut)
@bp.doc(
    summary="Change the signed-in user's own settings: the interface language",
    description="`locale`: en, es or ar (also the language of the user's e-mails and "
    "downloads), or null to follow the browser's preference; anything else is 422.",
    responses=[401, 409, 422, 503],
)
def update_me(body: dict[str, Any]) -> Any:
    return service.set_locale(current_user(), body["locale"])
