"""Auth endpoints: thin — parse, call the service, serialize."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import current_app

from ..errors import Forbidden
from ..ratelimit import limit_sign_in
from . import service
from .schemas import LoginIn, RegisterIn, TokenOut, UserOut
from .security import auth, current_user
from .tokens import issue_access_token

bp = APIBlueprint("auth", __name__, url_prefix="/api/auth", tag="Auth")


def _token_response(user: Any) -> dict[str, Any]:
    token, lifetime = issue_access_token(user.id, user.role)
    return {"access_token": token, "token_type": "Bearer", "expires_in": lifetime, "user": user}


@bp.post("/register")
@bp.input(RegisterIn, arg_name="body")
@bp.output(TokenOut, status_code=201)
@bp.doc(summary="Create a student account", responses=[409, 422, 429])
def register(body: dict[str, Any]) -> dict[str, Any]:
    if not current_app.config["ALLOW_REGISTRATION"]:
        raise Forbidden("Self-registration is disabled on this server.")
    limit_sign_in(service.normalize_email(body["email"]))
    user = service.register(body["email"], body["password"], body["display_name"])
    return _token_response(user)


@bp.post("/login")
@bp.input(LoginIn, arg_name="body")
@bp.output(TokenOut)
@bp.doc(summary="Sign in with e-mail and password", responses=[401, 422, 429])
def login(body: dict[str, Any]) -> dict[str, Any]:
    limit_sign_in(service.normalize_email(body["email"]))
    user = service.authenticate(body["email"], body["password"])
    return _token_response(user)


@bp.get("/me")
@bp.auth_required(auth)
@bp.output(UserOut)
@bp.doc(summary="The signed-in user", responses=[401])
def me() -> Any:
    return current_user()
