"""`flask lti ...`: register platforms, list them, rotate our keys, send queued grades, sync a
course's roster."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from ..errors import DomainError
from ..extensions import db
from . import grades, keys, platforms, roster, tickets

lti_cli = AppGroup("lti", help="LTI 1.3: learning platforms, keys, grade passback.")


@lti_cli.command("register")
@click.option("--name", required=True)
@click.option("--issuer", required=True)
@click.option("--client-id", required=True)
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True)
@click.option("--login-url", required=True, help="The platform's OIDC authorization endpoint.")
@click.option("--token-url", required=True)
@click.option("--jwks-url", required=True)
def register(
    name: str,
    issuer: str,
    client_id: str,
    deployment_ids: tuple[str, ...],
    login_url: str,
    token_url: str,
    jwks_url: str,
) -> None:
    """Register a learning platform."""
    try:
        platform = platforms.create(
            {
                "name": name,
                "issuer": issuer,
                "client_id": client_id,
                "deployment_ids": list(deployment_ids),
                "auth_login_url": login_url,
                "token_url": token_url,
                "jwks_url": jwks_url,
            }
        )
        db.session.commit()
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Registered platform {platform.name} (id {platform.id}).")


@lti_cli.command("list")
def list_platforms() -> None:
    """List registered platforms."""
    for p in platforms.list_all():
        click.echo(
            f"{p.id}\t{p.name}\t{p.issuer}\tclient {p.client_id}\t"
            f"deployments {','.join(p.deployment_ids)}"
        )


@lti_cli.command("rotate-keys")
def rotate_keys() -> None:
    """Make a new signing key current; the previous one stays published until the next rotation."""
    kid = keys.rotate()
    db.session.commit()
    click.echo(f"New current key {kid}.")


@lti_cli.command("send-grades")
@click.option("--all", "everything", is_flag=True, help="Ignore the retry backoff.")
@click.option("--every", type=int, default=0, help="Repeat every N seconds (0: once).")
def send_grades(everything: bool, every: int) -> None:
    """Send queued scores to the platforms (retries with backoff)."""
    while True:
        tickets.purge_expired()  # used/expired launch nonces and tickets
        sent, failed = grades.send_due(everything=everything)
        click.echo(f"Sent {sent}, failed {failed} (retried later).")
        if every <= 0:
            return
        time.sleep(every)


@lti_cli.command("sync-roster")
@click.option("--course-id", type=int, required=True)
def sync_roster(course_id: int) -> None:
    """Sync a course's roster from its platform (NRPS)."""
    try:
        counts = roster.sync(course_id)
        db.session.commit()
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
