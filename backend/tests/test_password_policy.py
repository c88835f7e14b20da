"""Password policy (length + block list, NIST SP 800-63B) and constant-work sign-in."""

from __future__ import annotations

import pytest

from online_exam.auth import passwords
from online_exam.auth.passwords import common_passwords, password_problems

from .conftest import PASSWORD


@pytest.mark.parametrize(
    "password",
    [
        PASSWORD,
        "gentle river 42 mango",
        "Tr0ub4dor&3 zebra",
        "x9!kQ2#mZp",
        "my cat eats pancakes",
        "lovely-Weather-in-Oslo",  # contains a common word, but is not one
    ],
)
def test_good_passwords_pass(password):
    assert password_problems(password, "ada@example.com") == []


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short", "at least 10"),
        ("x" * 257, "at most 256"),
        ("password123", "too common"),
        ("Password2024!", "too common"),
        ("P@ssw0rd!!!", "too common"),
        ("p a s s w o r d 1", "too common"),
        ("iloveyou2025", "too common"),
        ("Summer2025!!", "too common"),
        ("l3tm31n!2024", "too common"),
        ("onlineexam123", "too common"),
        ("correct horse battery staple", "too common"),
        ("aaaaaaaaaaaa", "one character"),
        ("          ", "one character"),
        ("monkeymonkey", "pattern"),
        ("abcabcabcabc", "pattern"),
        ("121212121212", "pattern"),
        ("1234567890", "sequence"),
        ("0987654321", "sequence"),
        ("qwertyuiop", "sequence"),
        ("abcdefghijk!", "sequence"),
    ],
)
def test_weak_passwords_are_refused(password, fragment):
    problems = password_problems(password, "ada@example.com")
    assert problems
    assert fragment in " ".join(problems)


@pytest.mark.parametrize(
    ("password", "email"),
    [
        ("ada.lovelace@example.com", "ada.lovelace@example.com"),
        ("ada.lovelace1815", "ada.lovelace@example.com"),
        ("I am ADA.LOVELACE!", "Ada.Lovelace@Example.com"),
        ("lovelace-rocks-1815", "ada.lovelace@example.com"),
        ("bobsmith is great", "bobsmith@example.com"),
    ],
)
def test_the_email_name_is_refused(password, email):
    assert "e-mail" in " ".join(password_problems(password, email))


def test_the_list_is_loaded_once_and_is_lower_case():
    words = common_passwords()
    assert common_passwords() is words
    assert len(words) > 500
    assert {"123456", "password", "qwerty", "iloveyou"} <= words
    assert all(word == word.lower() and word.strip() == word for word in words)


def test_registration_applies_the_policy(client):
    r = client.post(
        "/api/auth/register",
        json={"email": "ada@example.com", "password": "Password2024!", "display_name": "Ada"},
    )
    assert r.status_code == 422
    assert r.json["error"]["code"] == "validation_error"
    messages = r.json["error"]["details"]["json"]["password"]
    assert any("too common" in m for m in messages)
    r = client.post(
        "/api/auth/register",
        json={"email": "grace.hopper@example.com", "password": "hopper-1906!", "display_name": "G"},
    )
    assert r.status_code == 422
    assert "e-mail" in " ".join(r.json["error"]["details"]["json"]["password"])


# --- every sign-in costs one argon2 verification, whoever asks -------------------------------


class CountingHasher:
    def __init__(self, real: object) -> None:
        self.real = real
        self.verified: list[str] = []

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return self.real.verify(password_hash, password)  # type: ignore[attr-defined, no-any-return]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.fixture
def hasher(monkeypatch):
    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting


@pytest.mark.parametrize(
    ("who", "password", "expected"),
    [
        ("unknown", PASSWORD, 401),
        ("student", "wrong password!", 401),
        ("deactivated", PASSWORD, 401),
        ("oidc_only", PASSWORD, 401),
        ("student", PASSWORD, 200),
    ],
)
def test_every_login_runs_one_argon2_verification(
    app, client, users, hasher, who, password, expected
):
    from online_exam.auth.models import User
    from online_exam.extensions import db

    email = {"unknown": "nobody@example.com"}.get(who, users["student"].email)
    with app.app_context():
        user = db.session.get(User, users["student"].id)
        if who == "deactivated":
            user.is_active = False
        if who == "oidc_only":
            user.password_hash = None
            user.oidc_subject = "auth0|someone"
        db.session.commit()
    r = client.post("/api/auth/login", json={"email": email, "password": password})
    assert r.status_code == expected
    assert len(hasher.verified) == 1
    assert all(h.startswith("$argon2id$") for h in hasher.verified)
    if who in ("unknown", "oidc_only"):
        assert hasher.verified == [passwords._DUMMY_HASH]
