"""One-time launch tickets: the launch page sends the browser to the SPA with a ticket in the
URL fragment (never sent to a server, not in logs); the SPA exchanges it for a normal session.
Valid for two minutes, once."""

from __future__ import annotations

import secrets
from datetime import timedelta
from hashlib import sha256
from typing import Any

from sqlalchemy import select, update

from ..auth.models import User
from ..db_types import utcnow
from ..errors import Unauthorized
from ..extensions import db
from .models import LtiTicket

TICKET_SECONDS = 120


def issue(user: User, target: dict[str, Any]) -> str:
    ticket = secrets.token_urlsafe(32)
    db.session.add(
        LtiTicket(
            token_hash=sha256(ticket.encode()).hexdigest(),
            user_id=user.id,
            target=target,
            expires_at=utcnow() + timedelta(seconds=TICKET_SECONDS),
        )
    )
    db.session.flush()
    return ticket


def redeem(ticket: str) -> tuple[User, dict[str, Any]]:
    digest = sha256(ticket.encode()).hexdigest()
    now = utcnow()
    used = db.session.execute(
        update(LtiTicket)
        .where(
            LtiTicket.token_hash == digest, LtiTicket.used_at.is_(None), LtiTicket.expires_at > now
        )
        .values(used_at=now)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise Unauthorized("This launch ticket is invalid, used or expired; open the link again.")
    row = db.session.scalar(select(LtiTicket).where(LtiTicket.token_hash == digest))
    assert row is not None
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("This account no longer exists or is deactivated.")
    return user, dict(row.target)


def purge_expired(older_than: timedelta = timedelta(days=1)) -> int:
    """Delete nonces and tickets that expired more than `older_than` ago (the send-grades loop
    calls it): they only ever need to be kept while they could still be presented."""
    from sqlalchemy import delete

    from .models import LtiNonce

    cutoff = utcnow() - older_than
    removed = db.session.execute(delete(LtiTicket).where(LtiTicket.expires_at < cutoff))
    removed_nonces = db.session.execute(delete(LtiNonce).where(LtiNonce.expires_at < cutoff))
    return int(removed.rowcount or 0) + int(removed_nonces.rowcount or 0)  # type: ignore[attr-defined]
