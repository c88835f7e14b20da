"""`flask users create|set-role`: the admin's way to create accounts and grant roles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from online_exam.auth.models import User
from online_exam.auth.passwords import verify_password
from online_exam.extensions import db

from .conftest import PASSWORD


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args: str, input: str | None = None, password: str | None = None):
        # Never inherit the variable from the developer's shell: None removes it.
        env = {"ONLINE_EXAM_PASSWORD": password}
        return runner.invoke(args=list(args), input=input, env=env)

    return invoke


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def test_create_with_password_from_the_environment(cli, ctx):
    result = cli(
        "users",
        "create",
        "--email",
        "Root@Example.com",
        "--name",
        "Root",
        "--role",
        "admin",
        password=PASSWORD,
    )
    assert result.exit_code == 0, result.output
    assert "Created admin root@example.com" in result.output
    user = _user("root@example.com")
    assert user is not None
    assert (user.role, user.display_name) == ("admin", "Root")
    assert verify_password(user.password_hash, PASSWORD)
    assert PASSWORD not in result.output


def test_create_with_a_prompted_password(cli, ctx):
    result = cli("users", "create", "--email", "ann@example.com", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    user = _user("ann@example.com")
    assert user is not None
    assert user.role == "student"  # the default role
    assert user.display_name == "ann@example.com"  # the default name
    assert verify_password(user.password_hash, PASSWORD)
    assert PASSWORD not in result.output  # the prompt hides the input


def test_prompted_passwords_must_match(cli, ctx):
    result = cli(
        "users", "create", "--email", "ann@example.com", input=f"{PASSWORD}\nsomething else\n"
    )
    assert result.exit_code != 0
    assert _user("ann@example.com") is None


def test_duplicate_email_fails_with_a_message(cli, ctx):
    assert cli("users", "create", "--email", "bob@example.com", password=PASSWORD).exit_code == 0
    result = cli("users", "create", "--email", "BOB@example.com", password=PASSWORD)
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert len(db.session.scalars(select(User)).all()) == 1


def test_unknown_role_is_rejected(cli, ctx):
    result = cli(
        "users", "create", "--email", "eve@example.com", "--role", "root", password=PASSWORD
    )
    assert result.exit_code != 0
    assert "root" in result.output
    assert _user("eve@example.com") is None


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short", "at least 10 characters"), ("password123", "common"), ("eve.smith2024", "e-mail")],
)
def test_weak_passwords_are_rejected(cli, ctx, password, reason):
    result = cli("users", "create", "--email", "eve.smith@example.com", password=password)
    assert result.exit_code != 0
    assert "Password refused" in result.output
    assert reason in result.output
    assert _user("eve.smith@example.com") is None


def test_set_role_changes_the_role(cli, ctx, make_user):
    make_user("student", email="sam@example.com")
    result = cli("users", "set-role", "--email", "SAM@example.com", "--role", "author")
    assert result.exit_code == 0, result.output
    assert "sam@example.com is now author" in result.output
    db.session.expire_all()
    user = _user("sam@example.com")
    assert user is not None
    assert user.role == "author"


def test_set_role_of_an_unknown_email_fails(cli, ctx):
    result = cli("users", "set-role", "--email", "ghost@example.com", "--role", "admin")
    assert result.exit_code != 0
    assert "No account with e-mail ghost@example.com" in result.output


def test_set_role_rejects_an_unknown_role(cli, ctx, make_user):
    make_user("student", email="sam@example.com")
    result = cli("users", "set-role", "--email", "sam@example.com", "--role", "superuser")
    assert result.exit_code != 0
    db.session.expire_all()
    assert _user("sam@example.com").role == "student"
