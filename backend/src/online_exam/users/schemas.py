"""User-management payloads."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Integer, List, Nested, String
from apiflask.validators import Length, OneOf

from ..auth.models import ROLES
from ..pagination import PageOut, PageQuery


class UserQuery(PageQuery):
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


class UserPageOut(PageOut):
    items = List(Nested(UserAdminOut))


class UserPatchIn(Schema):
    role = String(validate=OneOf(ROLES))
    is_active = Boolean()
    display_name = String(validate=Length(1, 120))
