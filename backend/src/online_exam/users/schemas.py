"""User-management payloads."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Integer, List, Nested, String
from apiflask.validators import Length

from ..domain import Role
from ..pagination import PageOut, PageQuery
from ..schema_fields import EnumValue


class UserQuery(PageQuery):
    q = String(load_default="", validate=Length(max=200))
    role = EnumValue(Role, load_default=None)


class UserAdminOut(Schema):
    id = Integer(required=True)
    email = String(required=True)
    display_name = String(required=True)
    role = EnumValue(Role, required=True)
    is_active = Boolean(required=True)
    external = Boolean(
        metadata={"description": "Signs in through the identity provider."}, required=True
    )
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class UserPageOut(PageOut):
    items = List(Nested(UserAdminOut), required=True)


class UserPatchIn(Schema):
    role = EnumValue(Role)
    is_active = Boolean()
    display_name = String(validate=Length(1, 120))
