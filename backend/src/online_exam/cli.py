"""Command-line tools: `flask users ...`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .attempts.cli import attempts_cli
from .auth import service as accounts
from .auth.passwords import password_problems
from .demo import seed_demo_command
from .domain import Role, values
from .errors import DomainError
from .extensions import db
from .lti.cli import lti_cli

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", default=None, help="Display name (default: the e-mail).")
@click.option(
    "--role", type=click.Choice(values(Role)), default=Role.STUDENT.value, show_default=True
)
@click.option(
    "--password",
    envvar="ONLINE_EXAM_PASSWORD",
    default=None,
    help="Taken from $ONLINE_EXAM_PASSWORD, else prompted for (hidden).",
)
def create_user(email: str, display_name: str | None, role: str, password: str | None) -> None:
    """Create an account with the given role."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if problems := password_problems(password, email):
        raise click.ClickException("Password refused: " + " ".join(problems))
    try:
        user = accounts.create_user(email, password, display_name or email, role)
        db.session.commit()
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("set-role")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(values(Role)), required=True)
def set_role(email: str, role: str) -> None:
    """Change an account's role."""
    user = accounts.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with e-mail {email}.")
    accounts.set_role(user.id, role)
    db.session.commit()
    click.echo(f"{user.email} is now {role}.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(lti_cli)
    app.cli.add_command(attempts_cli)
    app.cli.add_command(seed_demo_command)
