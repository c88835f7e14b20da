"""Set-password links: forgot-password (no enumeration, rate limit), the link's life (expiry on
the movable clock, single use, replaced by newer links), setting the password (rules, sign-in,
sessions ended on reset), and accounts without a password."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select

from online_exam.auth import password_links, service
from online_exam.auth.models import PasswordToken, RefreshToken, User
from online_exam.domain import TokenPurpose
from online_exam.errors import CODES
from online_exam.extensions import db

from .conftest import PASSWORD
from .test_api_basics import assert_error_shape as error_shape

NEW_PASSWORD = "a quiet lagoon at dusk"


def assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    return error_shape(response, status, CODES[status])


def issue(app: Any, user: User, purpose: TokenPurpose = TokenPurpose.SETUP) -> str:
    """A link for `user` issued as the services do; returns its token."""
    with app.app_context():
        (link,) = password_links.issue([password_links.holder(user)], purpose)
        db.session.commit()
        return link.token


def unused_tokens(user_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(PasswordToken)
            .where(PasswordToken.user_id == user_id, PasswordToken.used_at.is_(None))
        )
        or 0
    )


def set_password(client: Any, token: str, password: str = NEW_PASSWORD) -> Any:
    return client.post("/api/auth/set-password", json={"token": token, "password": password})


def login(client: Any, email: str, password: str) -> Any:
    return client.post("/api/auth/login", json={"email": email, "password": password})


@pytest.fixture
def newcomer(app: Any) -> User:
    """A student from a class list: no password yet."""
    with app.app_context():
        user = User(email="new@example.com", display_name="New Student", role="student")
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


# --- the link ------------------------------------------------------------------------------


def test_a_setup_link_tells_whose_it_is_and_signs_in_once(app, client, newcomer):
    token = issue(app, newcomer)
    info = client.get(f"/api/auth/password-token/{token}")
    assert info.status_code == 200
    assert info.json["email"] == "new@example.com"
    assert info.json["purpose"] == "setup"
    r = set_password(client, token)
    assert r.status_code == 200, r.json
    # The same answer as sign-in: a token pair and the user.
    assert set(r.json) == set(login(client, "new@example.com", NEW_PASSWORD).json)
    assert r.json["user"]["email"] == "new@example.com"
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {r.json['access_token']}"})
    assert me.json["id"] == newcomer.id
    # Single use: the link is gone, both to read and to use.
    assert_error_shape(client.get(f"/api/auth/password-token/{token}"), 404)
    assert_error_shape(set_password(client, token, "another fine passphrase"), 404)
    assert login(client, "new@example.com", "another fine passphrase").status_code == 401


def test_only_the_hash_is_stored(app, ctx, newcomer):
    token = issue(app, newcomer)
    stored = db.session.scalar(select(PasswordToken.token_hash))
    assert stored != token
    assert len(stored) == 64
    assert token not in stored


def test_a_setup_link_expires_after_the_configured_days(app, client, newcomer, attempt_clock):
    token = issue(app, newcomer)
    attempt_clock.advance(days=6, hours=23)
    assert client.get(f"/api/auth/password-token/{token}").status_code == 200
    attempt_clock.advance(hours=1)
    assert_error_shape(client.get(f"/api/auth/password-token/{token}"), 404)
    assert_error_shape(set_password(client, token), 404)


def test_a_reset_link_expires_after_an_hour(app, client, users, attempt_clock):
    token = issue(app, users["student"], TokenPurpose.RESET)
    attempt_clock.advance(minutes=59)
    assert client.get(f"/api/auth/password-token/{token}").json["purpose"] == "reset"
    attempt_clock.advance(minutes=1)
    assert_error_shape(set_password(client, token), 404)


@pytest.mark.parametrize("token", ["nope", "x" * 43, "x" * 101, "%00", "..%2F..%2Fetc"])
def test_unknown_tokens_are_404(client, token):
    assert_error_shape(client.get(f"/api/auth/password-token/{token}"), 404)
    assert_error_shape(set_password(client, token[:100]), 404)


@pytest.mark.parametrize(
    "body",
    [{}, {"token": "x"}, {"password": NEW_PASSWORD}, {"token": "", "password": NEW_PASSWORD},
     {"token": "x" * 101, "password": NEW_PASSWORD}, {"token": 5, "password": NEW_PASSWORD},
     {"token": "x", "password": "short"}, {"token": "x", "password": "p" * 257}],
)  # fmt: skip
def test_malformed_set_password_bodies_are_422(client, body):
    assert_error_shape(client.post("/api/auth/set-password", json=body), 422)


def test_the_password_rules_of_registration_apply_and_keep_the_link(app, client, newcomer):
    token = issue(app, newcomer)
    for weak in ["password123", "new@example.com!!", "aaaaaaaaaaaa", "abcdefghijkl"]:
        r = set_password(client, token, weak)
        error = assert_error_shape(r, 422)
        assert "password" in str(error["details"])
    assert set_password(client, token).status_code == 200


def test_a_new_link_replaces_the_older_ones_of_its_purpose(app, client, newcomer):
    old = issue(app, newcomer)
    new = issue(app, newcomer)
    assert_error_shape(client.get(f"/api/auth/password-token/{old}"), 404)
    assert client.get(f"/api/auth/password-token/{new}").status_code == 200
    # A reset (anyone may ask for one) leaves the set-up link the teacher handed out alone.
    reset = issue(app, newcomer, TokenPurpose.RESET)
    assert client.get(f"/api/auth/password-token/{new}").status_code == 200
    assert client.get(f"/api/auth/password-token/{reset}").status_code == 200


def test_using_a_link_ends_the_accounts_other_links(app, client, ctx, newcomer):
    token = issue(app, newcomer)
    with app.app_context():  # a second link issued without revoking (e.g. a class-list run)
        (other,) = password_links.issue(
            [password_links.holder(newcomer)], TokenPurpose.SETUP, revoke_older=False
        )
        db.session.commit()
    assert set_password(client, token).status_code == 200
    assert unused_tokens(newcomer.id) == 0
    assert_error_shape(set_password(client, other.token), 404)


def test_a_reset_ends_every_session_a_setup_does_not_need_to(app, client, ctx, users):
    student = users["student"]
    session = login(client, student.email, PASSWORD).json
    token = issue(app, student, TokenPurpose.RESET)
    r = set_password(client, token)
    assert r.status_code == 200
    refreshed = client.post("/api/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert_error_shape(refreshed, 401)
    # The new session works; the old password does not.
    new = client.post("/api/auth/refresh", json={"refresh_token": r.json["refresh_token"]})
    assert new.status_code == 200
    assert login(client, student.email, PASSWORD).status_code == 401
    assert login(client, student.email, NEW_PASSWORD).status_code == 200
    live = db.session.scalar(
        select(func.count()).select_from(RefreshToken).where(RefreshToken.revoked_at.is_(None))
    )
    assert live == 2  # the rotated new session and this last sign-in


def test_a_deactivated_account_cannot_use_its_link(app, client, newcomer):
    token = issue(app, newcomer)
    with app.app_context():
        db.session.get(User, newcomer.id).is_active = False
        db.session.commit()
    assert_error_shape(client.get(f"/api/auth/password-token/{token}"), 404)
    assert_error_shape(set_password(client, token), 404)


def test_links_need_password_sign_in(app, client, newcomer, monkeypatch):
    token = issue(app, newcomer)
    monkeypatch.setitem(app.config, "ALLOW_PASSWORD_LOGIN", False)
    assert_error_shape(client.get(f"/api/auth/password-token/{token}"), 403)
    assert_error_shape(set_password(client, token), 403)
    r = client.post("/api/auth/forgot-password", json={"email": newcomer.email})
    assert_error_shape(r, 403)


# --- accounts without a password -----------------------------------------------------------


def test_an_account_without_password_answers_like_a_wrong_password(
    client, newcomer, users, monkeypatch
):
    verified: list[str | None] = []
    real_verify = service.verify_password

    def spy(password_hash: str | None, password: str) -> bool:
        verified.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr(service, "verify_password", spy)
    no_password = login(client, newcomer.email, "")
    assert_error_shape(no_password, 422)  # an empty password is malformed for everyone
    no_password = login(client, newcomer.email, "anything at all")
    wrong = login(client, users["student"].email, "anything at all")
    assert_error_shape(no_password, 401)
    assert no_password.json == wrong.json
    # Both ran a full argon2 verification (the dummy hash for the account without one).
    assert verified == [None, users["student"].password_hash]


# --- forgot password -----------------------------------------------------------------------


def forgot(client: Any, email: str, address: str = "203.0.113.7") -> Any:
    return client.post(
        "/api/auth/forgot-password",
        json={"email": email},
        environ_base={"REMOTE_ADDR": address},
    )


def test_forgot_password_never_tells_whether_the_account_exists(app, client, ctx, users, mailbox):
    gone = User(email="gone@example.com", display_name="G", role="student", is_active=False)
    oidc = User(email="oidc@example.com", display_name="O", role="student", oidc_subject="s1")
    db.session.add_all([gone, oidc])
    db.session.commit()
    answers = {
        email: forgot(client, email)
        for email in [
            users["student"].email,
            "  STUDENT4@example.com ",
            "nobody@example.com",
            "gone@example.com",
            "oidc@example.com",
            "not even an address",
        ]
    }
    assert {r.status_code for r in answers.values()} == {202}
    assert len({r.get_data() for r in answers.values()}) == 1
    assert len({tuple(sorted(r.headers.keys())) for r in answers.values()}) == 1
    # Links only for the active password account (twice: the second replaced the first),
    # issued after the answers, in the background: the mails say when they are done.
    mails = mailbox.wait_for(2)
    time.sleep(0.3)  # any mail to another address would have arrived by now
    assert len(mailbox.messages) == 2
    assert {m["To"] for m in mails} == {users["student"].email}
    tokens = db.session.scalars(select(PasswordToken)).all()
    assert {(t.user_id, t.purpose) for t in tokens} == {(users["student"].id, "reset")}
    assert unused_tokens(users["student"].id) == 1


def test_without_mail_forgot_password_issues_no_link(client, ctx, users):
    assert forgot(client, users["student"].email).status_code == 202
    assert unused_tokens(users["student"].id) == 0


def test_forgot_password_serves_class_list_accounts_that_lost_their_setup_mail(
    client, ctx, newcomer, mailbox
):
    assert forgot(client, newcomer.email).status_code == 202
    (mail,) = mailbox.wait_for(1)
    assert mail["To"] == newcomer.email
    assert unused_tokens(newcomer.id) == 1


@pytest.mark.parametrize("body", [{}, {"email": ""}, {"email": 5}, {"email": "a" * 255}, []])
def test_malformed_forgot_password_bodies_are_422(client, body):
    assert_error_shape(client.post("/api/auth/forgot-password", json=body), 422)


@pytest.fixture
def rate_limited(app: Any) -> Any:
    limiter = app.extensions["rate_limiter"]
    limiter.reset()
    limiter.enabled = True
    yield limiter
    limiter.enabled = False
    limiter.reset()


def test_forgot_password_is_limited_per_address_alike_for_unknown_ones(
    client, ctx, users, rate_limited, mailbox
):
    def statuses(email: str, address: str) -> list[int]:
        return [forgot(client, email, address).status_code for _ in range(6)]

    # 5 per hour per e-mail (from any address): the sixth is refused, known or not.
    assert statuses(users["student"].email, "203.0.113.1") == [202] * 5 + [429]
    assert statuses("nobody@example.com", "203.0.113.2") == [202] * 5 + [429]
    refused = forgot(client, users["student"].email, "203.0.113.3")
    unknown = forgot(client, "nobody@example.com", "203.0.113.4")
    assert_error_shape(refused, 429)
    assert "Retry-After" in refused.headers
    assert refused.json["error"]["message"] == unknown.json["error"]["message"]
    mailbox.wait_for(5)  # the five accepted requests for the student
    assert unused_tokens(users["student"].id) == 1


def test_forgot_password_is_limited_per_client_address(app, client, rate_limited, monkeypatch):
    monkeypatch.setitem(app.config, "RESET_RATE_LIMIT_PER_IP", "3 per hour")
    codes = [forgot(client, f"p{i}@example.com", "198.51.100.9").status_code for i in range(4)]
    assert codes == [202, 202, 202, 429]
    assert forgot(client, "p9@example.com", "198.51.100.10").status_code == 202
