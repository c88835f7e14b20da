"""Outgoing mail through SMTP (SMTP_* settings), plain text, sent after the request commits.

`send_after_commit` hands messages to a background thread once the request's transaction has
committed (`in_background`, which also runs work that prepares a message, such as the lookup
behind "forgot password"): a slow or failing mail server never delays the answer, never rolls
back what the request did (the links stay valid; teachers can download them), and the time a
request takes does not tell whether a message went out (forgot-password must not reveal
accounts). Failures are logged. With SMTP_HOST empty, mail is off and nothing is queued.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from flask import current_app, request

from .database import after_commit

log = logging.getLogger(__name__)

SETTINGS = (
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_USERNAME",
    "SMTP_PASSWORD",
    "SMTP_STARTTLS",
    "SMTP_FROM",
    "SMTP_TIMEOUT_SECONDS",
)


@dataclass(frozen=True, slots=True)
class Mail:
    to: str
    subject: str
    body: str
    language: str = "en"  # Content-Language: mail clients and screen readers read it so


@dataclass(frozen=True, slots=True)
class Failure:
    to: str
    error: str


def mail_enabled() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def public_base_url() -> str:
    """The origin links point at: PUBLIC_BASE_URL, else the request's own (e.g. in development)."""
    configured: str = current_app.config.get("PUBLIC_BASE_URL", "")
    return configured or request.host_url.rstrip("/")


def settings() -> dict[str, Any]:
    return {name: current_app.config[name] for name in SETTINGS}


def send_after_commit(mails: Sequence[Mail]) -> bool:
    """Queue `mails` to go out after the commit; False when mail is off (nothing queued)."""
    if not mail_enabled():
        return False
    if mails:
        config, batch = settings(), list(mails)
        in_background(lambda: send(config, batch))
    return True


def in_background(work: Callable[[], Any]) -> None:
    """Run `work` in a thread, inside an app context (its own database session), once the
    request has committed. Failures are logged."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                work()
            except Exception:
                log.exception("background work %r failed", work)

    after_commit(lambda: threading.Thread(target=run, name="mail", daemon=True).start())


def send(settings: Mapping[str, Any], mails: Sequence[Mail]) -> list[Failure]:
    """Send over one SMTP connection; every message that did not go out is a Failure (logged)."""
    failures: list[Failure] = []
    handled = 0  # messages sent or failed one by one
    try:
        with smtplib.SMTP(
            settings["SMTP_HOST"],
            int(settings["SMTP_PORT"]),
            timeout=settings["SMTP_TIMEOUT_SECONDS"],
        ) as smtp:
            if settings["SMTP_STARTTLS"]:
                smtp.starttls()
            if settings["SMTP_USERNAME"]:
                smtp.login(settings["SMTP_USERNAME"], settings["SMTP_PASSWORD"])
            for mail in mails:
                try:
                    smtp.send_message(_message(settings["SMTP_FROM"], mail))
                except smtplib.SMTPException as error:  # this recipient; the rest still go out
                    failures.append(Failure(mail.to, str(error)))
                handled += 1
    except (OSError, smtplib.SMTPException) as error:  # no connection, TLS, login, socket
        failures += [Failure(mail.to, str(error)) for mail in mails[handled:]]
    for failure in failures:
        log.error("mail to %s failed: %s", failure.to, failure.error)
    return failures


def _message(sender: str, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    message["Content-Language"] = mail.language  # after set_content, which clears Content-*
    return message
