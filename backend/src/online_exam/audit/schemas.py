"""Audit trail payloads."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import Length, Range


class AuditQuery(Schema):
    page = Integer(load_default=1, validate=Range(min=1, max=100_000))
    per_page = Integer(load_default=50, validate=Range(min=1, max=200))
    entity_type = String(load_default=None, validate=Length(max=40))
    entity_id = Integer(load_default=None)
    actor_id = Integer(load_default=None)
    action = String(load_default=None, validate=Length(max=40))


class ActorOut(Schema):
    id = Integer()
    email = String()
    display_name = String()


class AuditEventOut(Schema):
    id = Integer()
    at = DateTime()
    actor = Nested(ActorOut, allow_none=True)
    action = String()
    entity_type = String()
    entity_id = Integer(allow_none=True)
    details = Dict()


class AuditPageOut(Schema):
    items = List(Nested(AuditEventOut))
    page = Integer()
    per_page = Integer()
    total = Integer()
