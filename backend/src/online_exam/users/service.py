"""User-management rules. There is always at least one active admin."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from ..audit import service as audit
from ..auth import sessions
from ..auth.models import User
from ..database import lock
from ..domain import Role
from ..errors import Conflict, NotFound
from ..extensions import db
from ..pagination import Page, paginate


def list_users(page: int, per_page: int, q: str = "", role: str | None = None) -> Page[User]:
    query = select(User)
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            or_(func.lower(User.email).like(pattern), func.lower(User.display_name).like(pattern))
        )
    if role:
        query = query.where(User.role == role)
    return paginate(query.order_by(User.id), page, per_page)


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def update_user(actor: User, user_id: int, changes: dict[str, Any]) -> User:
    user = get_user(user_id)
    losing_admin = (
        user.role == Role.ADMIN
        and user.is_active
        and (
            changes.get("role", Role.ADMIN) != Role.ADMIN or changes.get("is_active", True) is False
        )
    )
    if losing_admin and _active_admins() <= 1:
        raise Conflict("This is the last active admin; make someone else admin first.")
    before = {field: getattr(user, field) for field in changes}
    for field, value in changes.items():
        setattr(user, field, value)
    changed = {f: [before[f], v] for f, v in changes.items() if before[f] != v}
    if changed:
        audit.record(actor, "user.updated", user, changes=changed)
    if changed.get("is_active") == [True, False]:
        # Every session ends now: reactivation must not bring old refresh tokens back.
        sessions.revoke_all(user.id)
    db.session.flush()
    return user


def _active_admins() -> int:
    query = select(User.id).where(User.role == Role.ADMIN, User.is_active.is_(True))
    return len(lock(query))  # two admins demoting each other at once: one waits
