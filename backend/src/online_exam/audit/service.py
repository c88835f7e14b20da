"""Recording and reading the audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..extensions import db
from ..pagination import Page, paginate
from .models import AuditEvent


def record(
    actor: User | None,
    action: str,
    entity: Any,
    **details: Any,
) -> AuditEvent:
    """Add an event in the current transaction, so it exists exactly when the change does."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=type(entity).__name__.lower(),
        entity_id=getattr(entity, "id", None),
        details=details,
    )
    db.session.add(event)
    return event


def list_events(
    page: int,
    per_page: int,
    entity_type: str | None = None,
    entity_id: int | None = None,
    actor_id: int | None = None,
    action: str | None = None,
) -> Page[AuditEvent]:
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if action:
        query = query.where(AuditEvent.action == action)
    return paginate(query.order_by(AuditEvent.id.desc()), page, per_page)
