"""Audit trail payloads."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import Length, Range

from ..app import MAX_ID
from ..pagination import PER_PAGE_MAX, PageOut, PageQuery


class AuditQuery(PageQuery):
    per_page = Integer(load_default=50, validate=Range(1, PER_PAGE_MAX))
    entity_type = String(load_default=None, validate=Length(max=40))
    # Ids are 32-bit columns: a larger filter would be a database error (found by fuzzing).
    entity_id = Integer(load_default=None, validate=Range(0, MAX_ID))
    actor_id = Integer(load_default=None, validate=Range(0, MAX_ID))
    action = String(load_default=None, validate=Length(max=40))


class ActorOut(Schema):
    id = Integer(required=True)
    email = String(required=True)
    display_name = String(required=True)


class AuditEventOut(Schema):
    id = Integer(required=True)
    at = DateTime(required=True)
    actor = Nested(ActorOut, allow_none=True, required=True)
    action = String(required=True)
    entity_type = String(required=True)
    entity_id = Integer(allow_none=True, required=True)
    details = Dict(required=True)


class AuditPageOut(PageOut):
    items = List(Nested(AuditEventOut), required=True)
