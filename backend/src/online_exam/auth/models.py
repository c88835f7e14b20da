"""Accounts: built-in (password) or external (OIDC subject), and refresh-token sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, stored_enum, utcnow
from ..domain import Role, TokenPurpose
from ..extensions import db


class User(db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased (see service.normalize_email), so a plain unique constraint is enough.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None for OIDC-only users
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    role: Mapped[Role] = mapped_column(stored_enum(Role, "role"), default=Role.STUDENT)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The interface language (i18n.LOCALES); None = follow the browser's preference.
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def external(self) -> bool:
        """Signs in through the OpenID Connect provider rather than a password."""
        return self.oidc_subject is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class RefreshToken(db.Model):  # type: ignore[name-defined]
    """One refresh token of a sign-in session ("family"); only its SHA-256 is stored.

    Refreshing revokes the token and points `replaced_by_id` at its successor. Presenting a token
    that was already replaced means it was copied: the whole family is revoked.
    """

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # hex SHA-256
    family_id: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Indexed: purging expired tokens checks this self-reference once per deleted row.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("refresh_tokens.id"), index=True)

    def __repr__(self) -> str:
        return f"<RefreshToken {self.id} user={self.user_id} family={self.family_id}>"


class PasswordToken(db.Model):  # type: ignore[name-defined]
    """A single-use, expiring link to set a password (a new account from a class list) or reset
    a forgotten one. Only the token's SHA-256 is stored; using it sets `used_at`."""

    __tablename__ = "password_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # hex SHA-256
    purpose: Mapped[TokenPurpose] = mapped_column(stored_enum(TokenPurpose, "purpose"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
