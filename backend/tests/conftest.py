"""Shared fixtures: the app (schema from the Alembic migrations), a clean database per test,
and ready users and tokens per role.

The suite runs on a SQLite file by default and on PostgreSQL when TEST_DATABASE_URL is set.
Tests marked `postgres` need PostgreSQL: they fail (never skip) without it; `make test` runs
them in the PostgreSQL pass only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from online_exam import create_app
from online_exam.app import OnlineExamApp
from online_exam.auth.models import User
from online_exam.auth.passwords import hash_password
from online_exam.auth.tokens import issue_access_token
from online_exam.extensions import db

PASSWORD = "correct horse battery"


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OnlineExamApp]:
    url = _database_url(tmp_path_factory)
    application = create_app(
        {
            "APP_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "SPA_DIST": str(tmp_path_factory.mktemp("no-spa")),
        }
    )
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()  # the schema comes from the migrations only
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def on_postgres(app: OnlineExamApp) -> bool:
    with app.app_context():
        return bool(db.engine.dialect.name == "postgresql")


def _clean(app: OnlineExamApp) -> None:
    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                db.session.execute(text(f"DELETE FROM {name}"))  # noqa: S608 - our table names
        db.session.commit()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest, app: OnlineExamApp) -> Iterator[None]:
    """Every test starts and ends with an empty database."""
    if request.node.get_closest_marker("postgres"):
        assert os.environ.get("TEST_DATABASE_URL"), "this test needs TEST_DATABASE_URL (PostgreSQL)"
    _clean(app)
    yield
    _clean(app)


@pytest.fixture
def ctx(app: OnlineExamApp) -> Iterator[None]:
    """An app context for tests that call services or query directly."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app: OnlineExamApp) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def password_hash() -> str:
    # Hash once: argon2id at full strength costs ~0.1 s, too much per fixture user.
    return hash_password(PASSWORD)


@pytest.fixture
def make_user(app: OnlineExamApp, password_hash: str) -> Callable[..., User]:
    def make(role: str = "student", email: str | None = None, name: str | None = None) -> User:
        with app.app_context():
            count = db.session.scalar(text("SELECT COUNT(*) FROM users")) or 0
            user = User(
                email=email or f"{role}{count + 1}@example.com",
                display_name=name or f"{role.title()} {count + 1}",
                password_hash=password_hash,
                role=role,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def token_for(app: OnlineExamApp) -> Callable[[User], dict[str, str]]:
    def headers(user: User) -> dict[str, str]:
        with app.test_request_context():
            token, _ = issue_access_token(user.id, user.role)
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    """One user per role, plus a second author who owns nothing of the first's."""
    return {
        "admin": make_user("admin"),
        "author": make_user("author"),
        "other_author": make_user("author"),
        "student": make_user("student"),
    }


@pytest.fixture
def auth(users: dict[str, User], token_for: Callable[[User], dict[str, str]]) -> dict[str, Any]:
    """Request headers per actor: auth['anonymous'] is {}, auth['student'] a student's token…"""
    headers: dict[str, Any] = {"anonymous": {}}
    headers.update({name: token_for(user) for name, user in users.items()})
    return headers
