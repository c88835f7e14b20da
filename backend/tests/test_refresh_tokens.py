"""Refresh tokens: opaque, stored hashed, rotated on every use, reuse ends the session."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from online_exam.audit.models import AuditEvent
from online_exam.auth import sessions
from online_exam.auth.models import RefreshToken, User
from online_exam.db_types import utcnow
from online_exam.extensions import db

from .conftest import PASSWORD


def login(client: Any, user: User) -> dict[str, Any]:
    r = client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert r.status_code == 200, r.json
    return dict(r.json)


def refresh(client: Any, token: str) -> Any:
    return client.post("/api/auth/refresh", json={"refresh_token": token})


def me(client: Any, access_token: str) -> Any:
    return client.get("/api/auth/me", headers={"Authorization": f"Bearer {access_token}"})


def tokens(app: Any) -> list[RefreshToken]:
    with app.app_context():
        rows = list(db.session.scalars(select(RefreshToken).order_by(RefreshToken.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def test_login_and_register_return_a_refresh_token(app, client, users):
    body = login(client, users["student"])
    assert body["refresh_token"]
    assert body["refresh_expires_in"] == 14 * 24 * 3600
    assert body["expires_in"] == 15 * 60  # short-lived access tokens by default
    r = client.post(
        "/api/auth/register",
        json={"email": "new@example.com", "password": PASSWORD, "display_name": "New"},
    )
    assert r.status_code == 201
    assert r.json["refresh_token"] != body["refresh_token"]
    # Only the SHA-256 is stored, never the token.
    rows = tokens(app)
    assert [row.token_hash for row in rows] == [
        hashlib.sha256(t.encode()).hexdigest()
        for t in (body["refresh_token"], r.json["refresh_token"])
    ]
    assert rows[0].family_id != rows[1].family_id
    assert rows[0].expires_at - rows[0].created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )


def test_refresh_rotates_the_token(app, client, users):
    first = login(client, users["author"])
    r = refresh(client, first["refresh_token"])
    assert r.status_code == 200, r.json
    assert r.json["refresh_token"] != first["refresh_token"]
    assert r.json["token_type"] == "Bearer"
    assert r.json["user"]["role"] == "author"
    assert me(client, r.json["access_token"]).json["id"] == users["author"].id
    old, new = tokens(app)
    assert old.revoked_at is not None
    assert old.replaced_by_id == new.id
    assert new.revoked_at is None
    assert new.family_id == old.family_id
    # And the new one rotates again.
    assert refresh(client, r.json["refresh_token"]).status_code == 200


def test_reusing_a_rotated_token_ends_the_whole_session(app, client, users):
    stolen = login(client, users["student"])["refresh_token"]
    legit = refresh(client, stolen).json["refresh_token"]  # the user refreshes
    other_session = login(client, users["student"])["refresh_token"]

    r = refresh(client, stolen)  # the thief replays the old token
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"
    assert "already used" in r.json["error"]["message"]
    # The user's current token of that session is dead too (theft detection)…
    assert refresh(client, legit).status_code == 401
    # …but other sessions of the same user are not touched.
    assert refresh(client, other_session).status_code == 200
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "auth.refresh_token_reused")
        )
        assert event is not None
        assert event.entity_id == users["student"].id


@pytest.mark.parametrize("token", ["", "x" * 201])
def test_bad_refresh_bodies_are_422(client, token):
    assert refresh(client, token).status_code == 422
    assert client.post("/api/auth/refresh", json={}).status_code == 422


def test_unknown_or_expired_tokens_are_401(app, client, users):
    assert refresh(client, "not-a-token").status_code == 401
    token = login(client, users["student"])["refresh_token"]
    with app.app_context():
        row = db.session.scalar(select(RefreshToken))
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    r = refresh(client, token)
    assert r.status_code == 401
    assert "expired" in r.json["error"]["message"]


def test_logout_revokes_the_session(client, users):
    first = login(client, users["student"])
    second = refresh(client, first["refresh_token"]).json
    r = client.post("/api/auth/logout", json={"refresh_token": second["refresh_token"]})
    assert r.status_code == 204
    assert refresh(client, second["refresh_token"]).status_code == 401
    # Idempotent, and silent about unknown tokens.
    assert client.post("/api/auth/logout", json={"refresh_token": "nope"}).status_code == 204


def test_deactivated_users_cannot_refresh(app, client, users):
    token = login(client, users["student"])["refresh_token"]
    with app.app_context():
        db.session.get(User, users["student"].id).is_active = False
        db.session.commit()
    r = refresh(client, token)
    assert r.status_code == 401
    assert "deactivated" in r.json["error"]["message"]


def test_deactivation_revokes_every_session_so_reactivation_brings_none_back(
    app, client, users, auth
):
    """Before: the refresh tokens outlived the deactivation and worked again after it."""
    sessions_before = [login(client, users["student"])["refresh_token"] for _ in range(2)]
    rotated = refresh(client, sessions_before[0]).json["refresh_token"]  # a later token, too
    other = login(client, users["author"])["refresh_token"]
    path = f"/api/admin/users/{users['student'].id}"
    for active in (False, True):
        r = client.patch(path, json={"is_active": active}, headers=auth["admin"])
        assert r.status_code == 200, r.json
    for token in (rotated, sessions_before[1]):
        r = refresh(client, token)
        assert r.status_code == 401, r.json
        assert r.json["error"]["code"] == "unauthorized"
    assert all(
        row.revoked_at is not None for row in tokens(app) if row.user_id == users["student"].id
    )
    assert refresh(client, other).status_code == 200  # nobody else's session ended
    assert login(client, users["student"])["refresh_token"]  # signing in again works


def test_refresh_uses_the_current_role(app, client, users):
    token = login(client, users["author"])["refresh_token"]
    with app.app_context():
        db.session.get(User, users["author"].id).role = "student"
        db.session.commit()
    assert refresh(client, token).json["user"]["role"] == "student"


def test_concurrent_refreshes_of_one_token_yield_one_successor(app, users):
    """Row lock: of two simultaneous uses, one rotates and the other is a reuse."""
    token = login(app.test_client(), users["student"])["refresh_token"]
    statuses: list[int] = []

    def call() -> None:
        statuses.append(refresh(app.test_client(), token).status_code)

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 401, 401, 401]
    rows = tokens(app)
    assert len(rows) == 2  # the original and exactly one successor
    assert all(row.revoked_at is not None for row in rows)  # and the reuse ended the session


def test_revoke_all_and_purge(app, users, ctx):
    user = db.session.get(User, users["student"].id)
    first, _ = sessions.start(user, 14)
    sessions.start(user, 14)
    sessions.rotate(first, 14)
    assert sessions.revoke_all(user.id) == 2
    db.session.flush()
    assert sessions.purge(utcnow() + timedelta(days=15)) == 3
    assert db.session.scalars(select(RefreshToken)).all() == []
