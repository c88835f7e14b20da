"""User-management payloads."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

from ..auth.models import ROLES


class UserQuery(Schema):
    page = Integer(load_default=1, validate=Range(min=1, max=100_000))
    per_page = Integer(load_default=20, validate=Range(min=1, max=100))
    q = String(load_default="", validate=Length(max=200))
    role = String(load_default=None, validate=OneOf(ROLES))


class UserAdminOut(Schema):
    id = Integer()
    email = String()
    display_name = String()
    role = String()
    is_active = Boolean()
    external = Boolean(metadata={"description": "Signs in through the identity provider."})
    created_at = DateTime()
    updated_at = DateTime()


class UserPageOut(Schema):
    items = List(Nested(UserAdminOut))
    page = Integer()
    per_page = Integer()
    total = Integer()


class UserPatchIn(Schema):
    role = String(validate=OneOf(ROLES))
    is_active = Boolean()
    display_name = String(validate=Length(1, 120))
