"""Refresh tokens: opaque, stored hashed, rotated on every use, revocable.

A sign-in (login or registration) starts a session "family". Each refresh revokes the presented
token and issues its successor in the same family. If a token that was already rotated is ever
presented again, someone holds a copy of it (theft, or a leaked log): the whole family is
revoked, so both the thief and the user must sign in again. Logout revokes the family.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from hashlib import sha256

from sqlalchemy import delete, select, update

from ..audit import service as audit
from ..database import commit_now, lock
from ..db_types import utcnow
from ..errors import Unauthorized
from ..extensions import db
from .models import RefreshToken, User

INVALID = "The refresh token is invalid or expired; sign in again."


def hash_token(token: str) -> str:
    return sha256(token.encode()).hexdigest()


def start(user: User, days: int) -> tuple[str, int]:
    """A new session for `user`: (refresh token, lifetime in seconds)."""
    token, _row = _issue(user.id, uuid.uuid4().hex, days)
    return token, days * 86400


def rotate(token: str, days: int) -> tuple[User, str, int]:
    """Exchange a refresh token for its successor: (user, new token, lifetime in seconds)."""
    found = lock(select(RefreshToken).where(RefreshToken.token_hash == hash_token(token)))
    if not found:
        raise Unauthorized(INVALID)
    current = found[0]
    now = utcnow()
    if current.revoked_at is not None:
        if current.replaced_by_id is not None:
            _revoke_family(current.family_id, now)
            audit.record(
                None,
                "auth.refresh_token_reused",
                db.session.get(User, current.user_id),
                family=current.family_id,
            )
            commit_now()  # the revocation must stand although the answer is an error
            raise Unauthorized(
                "This refresh token was already used, so the session was ended for safety; "
                "sign in again."
            )
        raise Unauthorized(INVALID)
    if current.expires_at <= now:
        raise Unauthorized(INVALID)
    user = db.session.get(User, current.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("This account no longer exists or is deactivated.")
    new_token, successor = _issue(user.id, current.family_id, days)
    current.revoked_at = now
    current.replaced_by_id = successor.id
    return user, new_token, days * 86400


def revoke(token: str) -> None:
    """End the session the token belongs to (logout). Unknown tokens are ignored."""
    current = db.session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_token(token))
    )
    if current is not None:
        _revoke_family(current.family_id, utcnow())


def revoke_all(user_id: int) -> int:
    """End every session of a user (e.g. after deactivation or a password change)."""
    result = db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def purge(expired_before: datetime) -> int:
    """Delete tokens that expired before `expired_before` (housekeeping; a cron may call it)."""
    expired = select(RefreshToken.id).where(RefreshToken.expires_at < expired_before)
    db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.replaced_by_id.in_(expired))
        .values(replaced_by_id=None)
    )
    result = db.session.execute(
        delete(RefreshToken).where(RefreshToken.expires_at < expired_before)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _issue(user_id: int, family_id: str, days: int) -> tuple[str, RefreshToken]:
    token = secrets.token_urlsafe(32)  # 256 bits: guessing is hopeless, so no rate limit needed
    row = RefreshToken(
        user_id=user_id,
        token_hash=hash_token(token),
        family_id=family_id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    return token, row


def _revoke_family(family_id: str, now: datetime) -> None:
    db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
