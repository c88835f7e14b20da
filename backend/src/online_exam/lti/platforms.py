"""Admin management of platform registrations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..errors import Conflict, NotFound
from ..extensions import db
from ..headers import forget_platform_origins
from .models import LtiPlatform


def list_all() -> list[LtiPlatform]:
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.name, LtiPlatform.id)))


def get(platform_id: int) -> LtiPlatform:
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None:
        raise NotFound("No such platform.")
    return platform


def _check_unique(issuer: str, client_id: str, exclude: int | None = None) -> None:
    query = select(LtiPlatform.id).where(
        LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id
    )
    if exclude is not None:
        query = query.where(LtiPlatform.id != exclude)
    if db.session.scalar(query) is not None:
        raise Conflict("This issuer and client id are registered already.")


def create(data: dict[str, Any]) -> LtiPlatform:
    data = {**data, "issuer": data["issuer"].strip(), "client_id": data["client_id"].strip()}
    _check_unique(data["issuer"], data["client_id"])
    platform = LtiPlatform(**data)
    db.session.add(platform)
    db.session.flush()
    forget_platform_origins()
    return platform


def update(platform_id: int, changes: dict[str, Any]) -> LtiPlatform:
    platform = get(platform_id)
    for name, value in changes.items():
        setattr(platform, name, value.strip() if isinstance(value, str) else value)
    _check_unique(platform.issuer, platform.client_id, exclude=platform.id)
    db.session.flush()
    forget_platform_origins()
    return platform


def delete(platform_id: int) -> None:
    db.session.delete(get(platform_id))
    db.session.flush()
    forget_platform_origins()


def frame_origins() -> list[str]:
    """Origins allowed to frame the tool: every registered platform's issuer and login URL."""
    from urllib.parse import urlsplit

    origins: set[str] = set()
    for issuer, login in db.session.execute(select(LtiPlatform.issuer, LtiPlatform.auth_login_url)):
        for url in (issuer, login):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)
