"""Built-in accounts: register, log in, /me, and token verification."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from online_exam.db_types import utcnow

from .conftest import PASSWORD

SECRET = "test-secret-key-that-is-long-enough-for-hs256"


def _claims(**overrides: object) -> dict[str, object]:
    now = utcnow()
    claims: dict[str, object] = {
        "sub": "1",
        "iss": "online-exam",
        "aud": "online-exam-api",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def test_register_creates_a_student_and_signs_in(client):
    r = client.post(
        "/api/auth/register",
        json={"email": "Ada@Example.com", "password": PASSWORD, "display_name": "Ada"},
    )
    assert r.status_code == 201, r.json
    assert r.json["user"]["role"] == "student"
    assert r.json["user"]["email"] == "ada@example.com"
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {r.json['access_token']}"})
    assert me.status_code == 200
    assert me.json["display_name"] == "Ada"


def test_register_ignores_a_requested_role(client):
    r = client.post(
        "/api/auth/register",
        json={
            "email": "eve@example.com",
            "password": PASSWORD,
            "display_name": "E",
            "role": "admin",
        },
    )
    # Unknown fields are refused outright: nobody registers as admin.
    assert r.status_code == 422
    assert "role" in r.json["error"]["details"]["json"]


def test_register_twice_is_409(client):
    body = {"email": "bob@example.com", "password": PASSWORD, "display_name": "Bob"}
    assert client.post("/api/auth/register", json=body).status_code == 201
    body["email"] = "BOB@example.com"
    r = client.post("/api/auth/register", json=body)
    assert r.status_code == 409
    assert r.json["error"]["code"] == "conflict"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD, "display_name": "X"}, "email"),
        ({"email": "x@example.com", "password": "short", "display_name": "X"}, "password"),
        ({"email": "x@example.com", "password": "p" * 300, "display_name": "X"}, "password"),
        ({"email": "x@example.com", "password": PASSWORD, "display_name": ""}, "display_name"),
        ({"email": "x@example.com", "password": PASSWORD}, "display_name"),
        ({"email": 5, "password": PASSWORD, "display_name": "X"}, "email"),
    ],
)
def test_register_validates(client, body, field):
    r = client.post("/api/auth/register", json=body)
    assert r.status_code == 422
    assert field in r.json["error"]["details"]["json"]


def test_login_returns_a_token_for_the_right_password(client, users):
    r = client.post("/api/auth/login", json={"email": users["author"].email, "password": PASSWORD})
    assert r.status_code == 200
    assert r.json["token_type"] == "Bearer"
    assert r.json["expires_in"] > 0
    assert r.json["refresh_token"]  # see test_refresh_tokens.py
    assert r.json["user"]["role"] == "author"


def test_registration_can_be_closed(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "ALLOW_REGISTRATION", False)
    r = client.post(
        "/api/auth/register",
        json={"email": "ada@example.com", "password": PASSWORD, "display_name": "Ada"},
    )
    assert r.status_code == 403
    assert "disabled" in r.json["error"]["message"]
    assert client.get("/api/auth/config").json["registration"] is False


@pytest.mark.parametrize(
    "email_password",
    [("author1@example.com", "wrong password!"), ("nobody@example.com", PASSWORD)],
)
def test_login_failures_look_the_same(client, users, email_password):
    email, password = email_password
    r = client.post("/api/auth/login", json={"email": email, "password": password})
    assert r.status_code == 401
    assert r.json["error"]["message"] == "E-mail or password is wrong."


def test_deactivated_user_cannot_log_in_or_use_a_token(app, client, users, auth):
    from online_exam.auth.models import User
    from online_exam.extensions import db

    with app.app_context():
        db.session.get(User, users["student"].id).is_active = False
        db.session.commit()
    r = client.post("/api/auth/login", json={"email": users["student"].email, "password": PASSWORD})
    assert r.status_code == 401
    assert client.get("/api/auth/me", headers=auth["student"]).status_code == 401


def test_me_needs_a_token(client):
    r = client.get("/api/auth/me")
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (jwt.encode(_claims(exp=utcnow() - timedelta(minutes=1)), SECRET, "HS256"), "expired"),
        (jwt.encode(_claims(aud="someone-else"), SECRET, "HS256"), "invalid"),
        (jwt.encode(_claims(iss="https://evil.example"), SECRET, "HS256"), "invalid"),
        (jwt.encode(_claims(), "another-secret-of-sufficient-length!!", "HS256"), "invalid"),
        (jwt.encode(_claims(exp=None), SECRET, "HS256"), "invalid"),
        (jwt.encode(_claims(sub="not-a-number"), SECRET, "HS256"), "invalid"),
        (jwt.encode(_claims(), None, "none"), "invalid"),
        ("garbage", "invalid"),
        ("a.b.c", "invalid"),
    ],
)
def test_bad_tokens_are_401(client, users, token, message):
    r = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.json
    assert message in r.json["error"]["message"]


@pytest.mark.parametrize(
    "subject",
    ["99999999999999999999999999999999", str(2**31), "-1", "0", "", " 1", "1.0", "\u0661", "0x1f"],
)
def test_a_validly_signed_token_whose_subject_is_no_user_id_is_401(client, subject):
    """A huge `sub` reached the database as an out-of-range integer: a 500."""
    token = jwt.encode(_claims(sub=subject), SECRET, "HS256")
    r = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.json
    assert r.json["error"]["code"] == "unauthorized"
    assert "invalid" in r.json["error"]["message"]


def test_tampered_payload_is_401(client, users, auth):
    header, _payload, signature = auth["student"]["Authorization"].split()[1].split(".")
    forged = jwt.encode(_claims(sub=str(users["admin"].id)), "x" * 40, "HS256").split(".")[1]
    r = client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {header}.{forged}.{signature}"}
    )
    assert r.status_code == 401


def test_role_comes_from_the_database_not_the_token(app, client, users, auth):
    """A token issued while someone was an author stops granting author rights once demoted."""
    from online_exam.auth import service
    from online_exam.extensions import db

    with app.app_context():
        service.set_role(users["author"].id, "student")
        db.session.commit()
    me = client.get("/api/auth/me", headers=auth["author"])
    assert me.json["role"] == "student"
