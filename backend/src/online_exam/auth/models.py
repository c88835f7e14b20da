"""Accounts: built-in (password) or external (OIDC subject)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, utcnow
from ..extensions import db

ROLES = ("admin", "author", "student")


class User(db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'author', 'student')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased (see service.normalize_email), so a plain unique constraint is enough.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None for OIDC-only users
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="student")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def external(self) -> bool:
        """Signs in through the OpenID Connect provider rather than a password."""
        return self.oidc_subject is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
