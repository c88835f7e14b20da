"""Sign-in limits (ratelimit.py): shared by every app instance through Redis, per account and
address so that a stranger cannot lock the owner out, a per-account ceiling over all addresses,
and the same answers for unknown accounts and wrong passwords.

"Two instances" are two apps built by create_app() on one database and one Redis, as two
servers behind a proxy would be. Each test uses its own Redis key prefix (parallel runs and
other tests never share a counter) and deletes its keys afterwards. Redis must be running
(TEST_REDIS_URL, default 127.0.0.1:6379; `.ci/run` starts it): these tests fail, never skip.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from limits.errors import StorageError

from online_exam import create_app
from online_exam.app import OnlineExamApp
from online_exam.auth.models import User
from online_exam.extensions import db

from .conftest import PASSWORD
from .test_api_basics import assert_error_shape

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
OWNER = "owner@example.com"
STRANGER_ADDRESS, OWNER_ADDRESS = "198.51.100.7", "203.0.113.5"


@pytest.fixture
def instances(tmp_path, password_hash) -> Iterator[Callable[..., list[OnlineExamApp]]]:
    """instances(count, storage="redis", **settings): that many apps on one SQLite file holding
    the owner's account, sharing one Redis key prefix (with storage="redis")."""
    prefix = f"oe-test-{uuid.uuid4().hex}"
    made: list[OnlineExamApp] = []

    def make(count: int, storage: str = "redis", **settings: Any) -> list[OnlineExamApp]:
        config = {
            "APP_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "rate-limit-test-secret-that-is-long-enough",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
            "SPA_DIST": str(tmp_path / "no-spa"),
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": REDIS_URL if storage == "redis" else "memory://",
            "RATELIMIT_KEY_PREFIX": prefix,
            **settings,
        }
        apps = [create_app(config) for _ in range(count)]
        with apps[0].app_context():
            upgrade()
            db.session.add(User(email=OWNER, display_name="Owner", password_hash=password_hash))
            db.session.commit()
        made.extend(apps)
        return apps

    yield make
    for app in made:
        with contextlib.suppress(StorageError):  # the test of an unreachable Redis
            app.extensions["rate_limiter"].reset()  # deletes this prefix's keys


def sign_in(client: FlaskClient, address: str, password: str, email: str = OWNER) -> Any:
    return client.post(
        "/api/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def statuses(client: FlaskClient, address: str, password: str, times: int) -> list[int]:
    return [sign_in(client, address, password).status_code for _ in range(times)]


def assert_rate_limited(response: Any) -> None:
    error = assert_error_shape(response, 429, "rate_limited")
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    assert error["details"]["retry_after_seconds"] == retry_after


# --- across instances --------------------------------------------------------------------------


def test_the_per_account_limit_holds_across_two_instances_sharing_redis(instances):
    """With memory:// each instance counted alone: 10/min let 19 wrong passwords through on 2."""
    first, second = (
        app.test_client() for app in instances(2, LOGIN_RATE_LIMIT_PER_ACCOUNT="4/minute")
    )
    allowed = [
        sign_in(client, OWNER_ADDRESS, "wrong password").status_code
        for client in (first, second, first, second)
    ]
    assert allowed == [401, 401, 401, 401]
    assert_rate_limited(sign_in(first, OWNER_ADDRESS, "wrong password"))
    assert_rate_limited(sign_in(second, OWNER_ADDRESS, PASSWORD))  # even the right one, here


def test_the_per_address_limit_holds_across_two_instances(instances):
    first, second = (app.test_client() for app in instances(2, LOGIN_RATE_LIMIT_PER_IP="3/minute"))
    for n, client in enumerate((first, second, first)):
        r = sign_in(client, STRANGER_ADDRESS, "wrong password", email=f"user{n}@example.com")
        assert r.status_code == 401
    assert_rate_limited(sign_in(second, STRANGER_ADDRESS, "x" * 12, email="another@example.com"))


# --- no lockout by strangers -------------------------------------------------------------------


@pytest.mark.parametrize("storage", ["memory", "redis"])
def test_a_strangers_flood_does_not_lock_the_owner_out(instances, storage):
    """Before: 10 wrong passwords a minute for the victim's e-mail, from anywhere, made even the
    correct password answer 429. Now the flood fills the stranger's own counter only."""
    count = 2 if storage == "redis" else 1  # memory:// is per process: one instance
    apps = instances(count, storage, LOGIN_RATE_LIMIT_PER_ACCOUNT="3/minute")
    attacker, owner = apps[0].test_client(), apps[-1].test_client()
    assert statuses(attacker, STRANGER_ADDRESS, "wrong password", 5) == [401, 401, 401, 429, 429]
    assert sign_in(owner, OWNER_ADDRESS, "my own typo").status_code == 401  # counted, not 429
    r = sign_in(owner, OWNER_ADDRESS, PASSWORD)
    assert r.status_code == 200, r.json
    assert r.json["user"]["email"] == OWNER
    assert_rate_limited(sign_in(attacker, STRANGER_ADDRESS, PASSWORD))  # still stopped


@pytest.mark.parametrize("storage", ["memory", "redis"])
def test_the_account_ceiling_bounds_guessing_from_many_addresses(instances, storage):
    count = 2 if storage == "redis" else 1
    apps = instances(
        count,
        storage,
        LOGIN_RATE_LIMIT_PER_ACCOUNT="2/minute",
        LOGIN_RATE_LIMIT_ACCOUNT_CEILING="5/minute",
    )
    clients = [app.test_client() for app in apps]
    seen = []
    for n in range(3):  # three addresses, two guesses each: the sixth guess is over the ceiling
        client = clients[n % len(clients)]
        seen += statuses(client, f"192.0.2.{n + 1}", "wrong password", 2)
    assert seen == [401, 401, 401, 401, 401, 429]
    assert_rate_limited(sign_in(clients[-1], OWNER_ADDRESS, PASSWORD))


# --- unknown accounts and wrong passwords look the same ----------------------------------------


def test_unknown_accounts_and_wrong_passwords_get_the_same_answers(instances, monkeypatch):
    from online_exam.auth import service

    verified: list[str | None] = []
    real_verify = service.verify_password

    def spy(password_hash: str | None, password: str) -> bool:
        verified.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr(service, "verify_password", spy)
    (app,) = instances(1, LOGIN_RATE_LIMIT_PER_ACCOUNT="2/minute")
    client = app.test_client()

    def answers(email: str) -> list[tuple[Any, ...]]:
        seen = []
        for _ in range(3):
            r = sign_in(client, OWNER_ADDRESS, "wrong password", email)
            error = r.json["error"]
            # Retry-After's figure depends on the moment, not on the account: compare its presence.
            seen.append(
                (
                    r.status_code,
                    error["code"],
                    error["message"],
                    sorted(error["details"]),
                    "Retry-After" in r.headers,
                )
            )
        return seen

    assert answers(OWNER) == answers("nobody@example.com")
    # Both paths ran a full argon2 verification (a dummy hash for the unknown account).
    assert len(verified) == 4
    assert verified[2:] == [None, None]


def test_an_unreachable_redis_is_503_not_500_and_not_unlimited(instances):
    (app,) = instances(1, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    r = sign_in(app.test_client(), OWNER_ADDRESS, PASSWORD)
    assert_error_shape(r, 503, "service_unavailable")
    assert r.headers["Retry-After"] == "5"
