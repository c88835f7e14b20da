"""Auth payloads: what clients send (In) and what they get back (Out)."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Email, Integer, List, Nested, String
from apiflask.validators import Length, OneOf
from marshmallow import ValidationError, validates_schema

from ..domain import Role, TokenPurpose
from ..i18n import LOCALES
from ..schema_fields import EnumValue
from .passwords import PASSWORD_MAX, PASSWORD_MIN, password_problems

PASSWORD_RULES = (
    f"At least {PASSWORD_MIN} characters; not a common password, a repeated pattern or a "
    "sequence, and not containing the e-mail's name."
)


class RegisterIn(Schema):
    email = Email(required=True, validate=Length(3, 254))
    password = String(
        required=True,
        validate=Length(PASSWORD_MIN, PASSWORD_MAX),
        load_only=True,
        metadata={"description": PASSWORD_RULES},
    )
    display_name = String(required=True, validate=Length(1, 120))

    @validates_schema
    def _password_policy(self, data: dict[str, Any], **_kwargs: Any) -> None:
        problems = password_problems(data["password"], data["email"])
        if problems:
            raise ValidationError({"password": problems})


class LoginIn(Schema):
    email = String(required=True, validate=Length(1, 254))
    password = String(required=True, validate=Length(1, PASSWORD_MAX), load_only=True)


class UserOut(Schema):
    id = Integer(required=True)
    email = String(required=True)
    display_name = String(required=True)
    role = EnumValue(Role, required=True)
    locale = String(
        allow_none=True,
        required=True,
        metadata={"description": "Interface language (en, es, ar); null = the browser's."},
    )
    created_at = DateTime(required=True)


class MePatchIn(Schema):
    locale = String(
        required=True,
        allow_none=True,
        validate=OneOf(LOCALES),
        metadata={
            "description": "The interface language, also of e-mails and downloads; null = "
            "follow the browser's preference."
        },
    )


class TokenOut(Schema):
    access_token = String(
        metadata={"description": "Send as `Authorization: Bearer <token>`."}, required=True
    )
    token_type = String(metadata={"example": "Bearer"}, required=True)
    expires_in = Integer(
        metadata={"description": "Lifetime of the access token in seconds."}, required=True
    )
    refresh_token = String(
        metadata={
            "description": "Opaque; exchange it at POST /api/auth/refresh before the access "
            "token expires. Single use: every refresh returns a new one."
        },
        required=True,
    )
    refresh_expires_in = Integer(
        metadata={"description": "Lifetime of the refresh token."}, required=True
    )
    user = Nested(UserOut, required=True)


class RefreshIn(Schema):
    refresh_token = String(required=True, validate=Length(1, 200), load_only=True)


class OIDCConfigOut(Schema):
    issuer = String(required=True)
    client_id = String(metadata={"description": "The SPA's public client (PKCE)."}, required=True)
    audience = String(
        metadata={"description": "Request access tokens for this API audience."}, required=True
    )
    scopes = List(String(), metadata={"example": ["openid", "profile", "email"]}, required=True)


class AuthConfigOut(Schema):
    password_login = Boolean(
        metadata={"description": "E-mail and password sign-in is enabled."}, required=True
    )
    registration = Boolean(metadata={"description": "Self-registration is open."}, required=True)
    oidc = Nested(
        OIDCConfigOut,
        allow_none=True,
        metadata={"description": "null: OIDC is off."},
        required=True,
    )


class ForgotPasswordIn(Schema):
    email = String(required=True, validate=Length(1, 254))


class ForgotPasswordOut(Schema):
    message = String(required=True)


class PasswordTokenOut(Schema):
    email = String(required=True)
    purpose = EnumValue(TokenPurpose, required=True)
    expires_at = DateTime(required=True)


class SetPasswordIn(Schema):
    token = String(required=True, validate=Length(1, 100), load_only=True)
    password = String(
        required=True,
        validate=Length(PASSWORD_MIN, PASSWORD_MAX),
        load_only=True,
        metadata={"description": PASSWORD_RULES},
    )
