"""Auth payloads: what clients send (In) and what they get back (Out)."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import DateTime, Email, Integer, Nested, String
from apiflask.validators import Length, OneOf

from .models import ROLES

PASSWORD_MIN, PASSWORD_MAX = 10, 256  # the max keeps hashing cost bounded


class RegisterIn(Schema):
    email = Email(required=True, validate=Length(3, 254))
    password = String(required=True, validate=Length(PASSWORD_MIN, PASSWORD_MAX), load_only=True)
    display_name = String(required=True, validate=Length(1, 120))


class LoginIn(Schema):
    email = String(required=True, validate=Length(1, 254))
    password = String(required=True, validate=Length(1, PASSWORD_MAX), load_only=True)


class UserOut(Schema):
    id = Integer()
    email = String()
    display_name = String()
    role = String()
    created_at = DateTime()


class TokenOut(Schema):
    access_token = String(metadata={"description": "Send as `Authorization: Bearer <token>`."})
    token_type = String(metadata={"example": "Bearer"})
    expires_in = Integer(metadata={"description": "Lifetime in seconds."})
    user = Nested(UserOut)


class RoleIn(Schema):
    role = String(required=True, validate=OneOf(ROLES))
