"""Single-use, expiring set-password links: account setup (a new student from a class list) and
password reset ("forgot password").

A link carries a random token (`secrets.token_urlsafe`, 256 bits); only its SHA-256 is stored,
so a database leak yields no usable link. A link works once, until it expires (setup:
SETUP_LINK_DAYS, reset: RESET_LINK_MINUTES). Using one sets the password (the registration
rules, argon2id), marks it used and revokes the account's other unused links; a reset also ends
every session (whoever knew the old password is signed out). Deactivated accounts and accounts
that sign in only through the identity provider (OIDC, no password) get no links. Expiry reads
the one clock (`attempts.clock.now`), so tests can move time.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from .. import i18n, mail
from ..attempts import clock
from ..audit import service as audit
from ..database import insert_many, lock, run_in_transaction
from ..domain import TokenPurpose
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..mail import Mail
from . import sessions
from .models import PasswordToken, User
from .passwords import hash_password, password_problems
from .service import normalize_email

log = logging.getLogger(__name__)

TOKEN_MAX = 100  # token_urlsafe(32) is 43 characters; longer input is not a token of ours
INVALID = "This link is invalid, was already used or has expired. Ask for a new one."


@dataclass(frozen=True, slots=True)
class LinkHolder:
    """Whom a link is for: enough to address the mail, no ORM object needed."""

    user_id: int
    email: str
    display_name: str
    locale: str | None = None  # the account's language; None: the request's, else English


@dataclass(frozen=True, slots=True)
class IssuedLink:
    holder: LinkHolder
    token: str  # the only time the clear token exists: it goes into the link
    purpose: TokenPurpose
    expires_at: datetime

    def url(self, base_url: str) -> str:
        return f"{base_url}/set-password/{self.token}"


def lifetime(purpose: TokenPurpose) -> timedelta:
    config = current_app.config
    if purpose == TokenPurpose.SETUP:
        return timedelta(days=int(config["SETUP_LINK_DAYS"]))
    return timedelta(minutes=int(config["RESET_LINK_MINUTES"]))


def may_get_link(user: User) -> bool:
    """Active, and signs in with a password (or has yet to set one): not OIDC-only."""
    return user.is_active and not (user.external and user.password_hash is None)


def holder(user: User) -> LinkHolder:
    return LinkHolder(user.id, user.email, user.display_name, user.locale)


def issue(
    holders: Sequence[LinkHolder], purpose: TokenPurpose, revoke_older: bool = True
) -> list[IssuedLink]:
    """One new link per holder, in one INSERT; `revoke_older` first ends their unused links of
    this purpose (a new link replaces the old ones; accounts created in this request have none).
    Only the same purpose: a stranger asking for a reset must not end the set-up link a teacher
    handed out."""
    if not holders:
        return []
    now = clock.now()
    expires_at = now + lifetime(purpose)
    if revoke_older:
        revoke_unused([h.user_id for h in holders], now, purpose)
    links = [IssuedLink(h, secrets.token_urlsafe(32), purpose, expires_at) for h in holders]
    insert_many(
        PasswordToken.__table__,
        [
            {
                "user_id": link.holder.user_id,
                "token_hash": sessions.hash_token(link.token),
                "purpose": purpose,
                "created_at": now,
                "expires_at": expires_at,
            }
            for link in links
        ],
    )
    return links


def revoke_unused(
    user_ids: Sequence[int], now: datetime | None = None, purpose: TokenPurpose | None = None
) -> None:
    """End the unused links of these accounts, of one purpose or all (a revoked link reads as
    used)."""
    statement = update(PasswordToken).where(
        PasswordToken.user_id.in_(user_ids), PasswordToken.used_at.is_(None)
    )
    if purpose is not None:
        statement = statement.where(PasswordToken.purpose == purpose)
    db.session.execute(statement.values(used_at=now or clock.now()))


def valid_link(token: str, for_update: bool = False) -> tuple[PasswordToken, User]:
    """The unused, unexpired link and its (active) account; 404 for anything else, alike."""
    found: list[PasswordToken] = []
    if 0 < len(token) <= TOKEN_MAX:
        statement = select(PasswordToken).where(
            PasswordToken.token_hash == sessions.hash_token(token)
        )
        found = lock(statement) if for_update else list(db.session.scalars(statement))
    link = found[0] if found else None
    if link is None or link.used_at is not None or link.expires_at <= clock.now():
        raise NotFound(INVALID)
    user = db.session.get(User, link.user_id)
    if user is None or not may_get_link(user):
        raise NotFound(INVALID)
    return link, user


def redeem(token: str, password: str) -> User:
    """Set the password through a link: single use (the row is locked, so two tabs cannot both
    use it), then every other unused link of the account ends; a reset ends every session."""
    link, user = valid_link(token, for_update=True)
    problems = password_problems(password, user.email)
    if problems:
        raise ValidationFailed("Choose another password.", {"password": problems})
    now = clock.now()
    user.password_hash = hash_password(password)
    link.used_at = now
    revoke_unused([user.id], now)
    if link.purpose == TokenPurpose.RESET:
        sessions.revoke_all(user.id)
    audit.record(user, "user.password_set", user, purpose=link.purpose)
    return user


def mail_reset_link(email: str, base_url: str, request_locale: str = i18n.DEFAULT) -> None:
    """The work behind "forgot password", run after the request in the background: the request
    itself does the same for every address (nothing), so its timing cannot tell whether the
    account exists. Issues and commits the link in its own transaction, then mails it (in the
    account's language, else `request_locale`: the asking browser's, read during the request)."""
    link = run_in_transaction(lambda: forgot_password(email), commit=lambda _link: True)
    if link is not None:
        message = reset_mail(link, base_url, request_locale)
        failures = mail.send(mail.settings(), [message])
        if failures:
            log.error("reset link for user %s not mailed", link.holder.user_id)


def forgot_password(email: str) -> IssuedLink | None:
    """A reset link for the account with this e-mail, if it may have one; None otherwise. The
    account is locked, so of two requests at once the later link replaces the earlier."""
    found = lock(select(User).where(User.email == normalize_email(email)))
    user = found[0] if found else None
    if user is None or not may_get_link(user):
        return None
    (link,) = issue([holder(user)], TokenPurpose.RESET)
    audit.record(None, "user.password_reset_requested", user)
    return link


# --- the messages (i18n catalogues: the holder's language, else the request's) ---------------


def _expiry(link: IssuedLink) -> str:
    # ISO digits and UTC in every language: unambiguous wherever the reader is.
    return link.expires_at.strftime("%Y-%m-%d %H:%M UTC")


def _texts(link: IssuedLink, base_url: str) -> dict[str, str]:
    return {
        "name": link.holder.display_name,
        "email": link.holder.email,
        "link": link.url(base_url),
        "expires": _expiry(link),
    }


def setup_mail(link: IssuedLink, base_url: str, course_name: str) -> Mail:
    locale = i18n.locale_for(link.holder.locale)
    values = {**_texts(link, base_url), "course": course_name}
    return Mail(
        link.holder.email,
        i18n.t(locale, "mail.setup.subject", **values),
        i18n.t(locale, "mail.setup.body", **values),
        locale,
    )


def reset_mail(link: IssuedLink, base_url: str, fallback: str = i18n.DEFAULT) -> Mail:
    locale = i18n.supported(link.holder.locale) or fallback
    values = _texts(link, base_url)
    return Mail(
        link.holder.email,
        i18n.t(locale, "mail.reset.subject", **values),
        i18n.t(locale, "mail.reset.body", **values),
        locale,
    )


def link_out(link: IssuedLink, base_url: str) -> dict[str, Any]:
    return {"link": link.url(base_url), "expires_at": link.expires_at}
