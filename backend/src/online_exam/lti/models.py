"""LTI tables: platform registrations, our signing keys, nonces, launch tickets, the mappings
(context -> course, platform user -> account, resource link -> exam) and the grade outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class LtiPlatform(db.Model):  # type: ignore[name-defined]
    """A learning platform registered by an admin: who it is (issuer + client id) and where
    its login, token and key-set endpoints are."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    deployment_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    auth_login_url: Mapped[str] = mapped_column(String(500))
    token_url: Mapped[str] = mapped_column(String(500))
    jwks_url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LtiKey(db.Model):  # type: ignore[name-defined]
    """One of our RSA signing keys, encrypted at rest (Fernet). The newest is current; the
    previous one stays published in the key set until the next rotation."""

    __tablename__ = "lti_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_key: Mapped[str] = mapped_column(Text)  # Fernet token of the PEM
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LtiNonce(db.Model):  # type: ignore[name-defined]
    """A nonce we sent in a login redirect: a launch may use it once, before it expires."""

    __tablename__ = "lti_nonces"

    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LtiTicket(db.Model):  # type: ignore[name-defined]
    """A one-time ticket the SPA exchanges for a normal session after a launch (no cookies
    needed inside a third-party iframe). Only its SHA-256 is stored."""

    __tablename__ = "lti_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    target: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LtiUser(db.Model):  # type: ignore[name-defined]
    """A platform user (issuer's subject) -> our account. Never matched by e-mail alone."""

    __tablename__ = "lti_users"
    __table_args__ = (UniqueConstraint("platform_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class LtiContext(db.Model):  # type: ignore[name-defined]
    """A platform's course (context) -> our course, with its roster (NRPS) endpoint."""

    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(255))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    memberships_url: Mapped[str | None] = mapped_column(String(500))


class LtiResourceLink(db.Model):  # type: ignore[name-defined]
    """A link placed in a platform course -> one of our exams, with its gradebook column."""

    __tablename__ = "lti_resource_links"
    __table_args__ = (UniqueConstraint("platform_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    lineitem_url: Mapped[str | None] = mapped_column(String(500))
    lineitems_url: Mapped[str | None] = mapped_column(String(500))


class GradeOutbox(db.Model):  # type: ignore[name-defined]
    """A score waiting to be sent to a platform's gradebook. Written in the same transaction as
    the attempt's result, so no grade is lost; sent (and retried with backoff) afterwards."""

    __tablename__ = "lti_grade_outbox"
    __table_args__ = (Index("ix_lti_grade_outbox_due", "sent_at", "next_try_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[int] = mapped_column(
        ForeignKey("lti_resource_links.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(255))
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    pending_manual: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
