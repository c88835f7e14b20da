"""OIDC resource-server mode against a real local issuer.

A tiny HTTP server on 127.0.0.1 serves the discovery document and a JWKS with keys generated
here; it counts its hits, so the tests can prove the keys are cached and refreshed only on
rotation (and then at most once per cooldown).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from sqlalchemy import func, select

from online_exam.audit.models import AuditEvent
from online_exam.auth.models import User
from online_exam.auth.oidc import OIDCSettings, OIDCVerifier, configure_oidc, role_from_claim
from online_exam.config import ConfigError
from online_exam.db_types import utcnow
from online_exam.extensions import db

AUDIENCE = "https://api.online-exams.test"
ROLES = "https://online-exams.com/roles"
TTL, COOLDOWN = 3600, 30


# --- the issuer ------------------------------------------------------------------------------


class Issuer:
    """A real OpenID provider's public side: discovery + JWKS over HTTP, with hit counters."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.keys: dict[str, Any] = {}  # kid -> private key, all of them served
        self.status = 200  # set to 500 to simulate a broken provider
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.hits[self.path] += 1
                if issuer.status != 200:
                    self.send_error(issuer.status)
                    return
                if self.path == "/.well-known/openid-configuration":
                    body: dict[str, Any] = {
                        "issuer": issuer.url,
                        "jwks_uri": f"{issuer.url}/jwks.json",
                        "authorization_endpoint": f"{issuer.url}/authorize",
                    }
                elif self.path == "/jwks.json":
                    body = {"keys": [issuer.public_jwk(kid) for kid in issuer.keys]}
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def discovery_hits(self) -> int:
        return self.hits["/.well-known/openid-configuration"]

    @property
    def jwks_hits(self) -> int:
        return self.hits["/jwks.json"]

    def public_jwk(self, kid: str) -> dict[str, Any]:
        key = self.keys[kid]
        if isinstance(key, rsa.RSAPrivateKey):
            jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
            jwk["alg"] = "RS256"
        else:
            jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
            jwk["alg"] = "ES256"
        jwk.update(kid=kid, use="sig")
        return jwk

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = utcnow()
        claims: dict[str, Any] = {
            "iss": self.url,
            "aud": [AUDIENCE, f"{self.url}/userinfo"],
            "sub": "auth0|ada",
            "email": "ada@example.com",
            "email_verified": True,
            "name": "Ada Lovelace",
            "iat": now,
            "nbf": now,
            "exp": now + timedelta(minutes=10),
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(
        self,
        kid: str = "rsa-1",
        key: Any = None,
        alg: str | None = None,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        private = key if key is not None else self.keys[kid]
        alg = alg or ("RS256" if isinstance(private, rsa.RSAPrivateKey) else "ES256")
        return jwt.encode(
            self.claims(**claims), private, algorithm=alg, headers={"kid": kid, **(headers or {})}
        )


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    return {
        "rsa-1": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa-2": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ec-1": ec.generate_private_key(ec.SECP256R1()),
        "attacker": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    }


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def issuer(keys: dict[str, Any]) -> Iterator[Issuer]:
    server = Issuer()
    server.keys = {"rsa-1": keys["rsa-1"], "ec-1": keys["ec-1"]}
    yield server
    server.stop()


OIDC_CONFIG = {
    "OIDC_AUDIENCE": AUDIENCE,
    "OIDC_CLIENT_ID": "spa-client-id",
    "OIDC_ROLES_CLAIM": ROLES,
    "OIDC_ALGORITHMS": ["RS256", "ES256"],
    "OIDC_JWKS_TTL_SECONDS": TTL,
    "OIDC_JWKS_MIN_REFRESH_SECONDS": COOLDOWN,
    "OIDC_HTTP_TIMEOUT_SECONDS": 2,
}


@pytest.fixture
def use_oidc(app: Any) -> Iterator[Callable[..., Clock]]:
    """use_oidc(issuer_url, **config) turns OIDC on for this test; returns the verifier's clock."""
    saved = {k: app.config.get(k) for k in [*OIDC_CONFIG, "OIDC_ISSUER", "ALLOW_PASSWORD_LOGIN"]}

    def enable(issuer_url: str, **config: Any) -> Clock:
        app.config.update({**OIDC_CONFIG, "OIDC_ISSUER": issuer_url, **config})
        clock = Clock()
        settings = OIDCSettings.from_config(app.config)
        assert settings is not None
        app.extensions["oidc"] = OIDCVerifier(settings, clock=clock)
        return clock

    yield enable
    app.config.update(saved)
    configure_oidc(app)


@pytest.fixture
def oidc(issuer: Issuer, use_oidc: Callable[..., Clock]) -> Clock:
    return use_oidc(issuer.url)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def user_count(app: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


def assert_error(response: Any, status: int) -> None:
    assert response.status_code == status, response.json
    error = response.json["error"]
    assert error["status"] == status
    assert error["message"]


# --- valid tokens ----------------------------------------------------------------------------


@pytest.mark.usefixtures("oidc")
@pytest.mark.parametrize("kid", ["rsa-1", "ec-1"])
def test_a_valid_token_provisions_the_user(app, client, issuer, kid):
    r = client.get("/api/auth/me", headers=bearer(issuer.token(kid=kid)))
    assert r.status_code == 200, r.json
    assert r.json["email"] == "ada@example.com"
    assert r.json["display_name"] == "Ada Lovelace"
    assert r.json["role"] == "student"  # no roles claim
    with app.app_context():
        user = db.session.scalar(select(User).where(User.oidc_subject == "auth0|ada"))
        assert user is not None
        assert user.password_hash is None
        assert user.external
        events = db.session.scalars(select(AuditEvent.action)).all()
        assert events == ["user.provisioned"]
    # The second token finds the same account.
    again = client.get("/api/auth/me", headers=bearer(issuer.token(kid=kid)))
    assert again.json["id"] == r.json["id"]
    assert user_count(app) == 1


@pytest.mark.usefixtures("oidc")
def test_many_requests_fetch_the_keys_once(app, client, issuer):
    for n in range(25):
        token = issuer.token(kid=["rsa-1", "ec-1"][n % 2], sub=f"user-{n % 5}", email=None)
        assert client.get("/api/auth/me", headers=bearer(token)).status_code == 200
    assert issuer.discovery_hits == 1
    assert issuer.jwks_hits == 1
    assert user_count(app) == 5


def test_keys_are_fetched_again_after_the_ttl(client, issuer, oidc):
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    oidc.now += TTL - 1
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    assert issuer.jwks_hits == 1
    oidc.now += 2
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    assert (issuer.discovery_hits, issuer.jwks_hits) == (2, 2)


def test_local_tokens_still_work_next_to_oidc(client, auth, oidc):
    assert client.get("/api/auth/me", headers=auth["student"]).status_code == 200


def test_missing_email_gets_a_unique_placeholder(client, issuer, oidc):
    r = client.get("/api/auth/me", headers=bearer(issuer.token(sub="auth0|x y", email=None)))
    assert r.status_code == 200, r.json
    email = r.json["email"]
    assert email.endswith("@127.0.0.1")
    other = client.get("/api/auth/me", headers=bearer(issuer.token(sub="auth0|x-y", email=None)))
    assert other.status_code == 200
    assert other.json["email"] != email


def test_namespaced_profile_claims_are_understood(client, issuer, oidc):
    """Auth0 puts custom claims in access tokens under a namespace (docs/oidc.md)."""
    token = issuer.token(
        email=None,
        name=None,
        email_verified=None,
        **{"https://online-exams.com/email": "Grace@Example.com"},
        **{"https://online-exams.com/name": "Grace Hopper"},
    )
    r = client.get("/api/auth/me", headers=bearer(token))
    assert r.json["email"] == "grace@example.com"
    assert r.json["display_name"] == "Grace Hopper"


# --- rejected tokens: always 401 in the error shape, never 500 --------------------------------


def _hs256_with_public_key(issuer: Issuer) -> str:
    pem = (
        issuer.keys["rsa-1"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}).encode())
    payload = b64(
        json.dumps(issuer.claims(iat=1, nbf=1, exp=4102444800, **{ROLES: "admin"})).encode()
    )
    signature = hmac.new(pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def _alg_none(issuer: Issuer) -> str:
    header = b64(json.dumps({"alg": "none", "typ": "JWT", "kid": "rsa-1"}).encode())
    payload = b64(json.dumps(issuer.claims(iat=1, nbf=1, exp=4102444800)).encode())
    return f"{header}.{payload}."


def _raw_rs256(issuer: Issuer, header: dict[str, Any]) -> str:
    """A correctly signed RS256 token with a header PyJWT would refuse to write."""
    claims = issuer.claims(iat=1, nbf=1, exp=4102444800)
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = RSAAlgorithm(RSAAlgorithm.SHA256).sign(signing_input.encode(), issuer.keys["rsa-1"])
    return f"{signing_input}.{b64(signature)}"


def _tampered(issuer: Issuer) -> str:
    header, _payload, signature = issuer.token().split(".")
    forged = issuer.token(**{ROLES: ["admin"]}).split(".")[1]
    return f"{header}.{forged}.{signature}"


def _attacker_with_real_kid(issuer: Issuer, keys: dict[str, Any]) -> str:
    return issuer.token(kid="rsa-1", key=keys["attacker"], **{ROLES: ["admin"]})


def _embedded_jwk(issuer: Issuer, keys: dict[str, Any]) -> str:
    """The attacker puts their own public key in the header (CVE-2018-0114 style)."""
    attacker_jwk = json.loads(RSAAlgorithm.to_jwk(keys["attacker"].public_key()))
    return issuer.token(
        kid="rsa-1", key=keys["attacker"], headers={"jwk": attacker_jwk}, **{ROLES: ["admin"]}
    )


def _jku(issuer: Issuer, keys: dict[str, Any]) -> str:
    return issuer.token(
        kid="attacker",
        key=keys["attacker"],
        headers={"jku": "http://127.0.0.1:1/evil.json"},
        **{ROLES: ["admin"]},
    )


REJECTED: dict[str, Callable[[Issuer, dict[str, Any]], str]] = {
    "expired": lambda i, k: i.token(exp=utcnow() - timedelta(minutes=5)),
    "nbf in the future": lambda i, k: i.token(nbf=utcnow() + timedelta(minutes=10)),
    "iat in the future": lambda i, k: i.token(iat=utcnow() + timedelta(minutes=10)),
    "wrong audience": lambda i, k: i.token(aud="https://other-api.example"),
    "wrong issuer": lambda i, k: i.token(iss="https://evil.example/"),
    "issuer with a trailing slash": lambda i, k: i.token(iss=i.url + "/"),
    "no exp": lambda i, k: i.token(exp=None),
    "no sub": lambda i, k: i.token(sub=None),
    "empty sub": lambda i, k: i.token(sub=""),
    "no aud": lambda i, k: i.token(aud=None),
    "tampered payload": lambda i, k: _tampered(i),
    "alg none": lambda i, k: _alg_none(i),
    "HS256 signed with the public key": lambda i, k: _hs256_with_public_key(i),
    "attacker key with the real kid": _attacker_with_real_kid,
    "attacker key embedded in the header": _embedded_jwk,
    "attacker key via jku": _jku,
    "RS512 (not on the allow-list)": lambda i, k: i.token(alg="RS512"),
    "PS256 (not on the allow-list)": lambda i, k: i.token(alg="PS256"),
    "ES256 claimed for the RSA key": lambda i, k: i.token(kid="rsa-1", key=k["ec-1"], alg="ES256"),
    "RS256 claimed for the EC key": lambda i, k: i.token(kid="ec-1", key=k["rsa-1"], alg="RS256"),
    "keycloak ID token": lambda i, k: i.token(typ="ID"),
    "garbage": lambda i, k: "not.a.token",
    "header only": lambda i, k: b64(b'{"alg":"RS256","kid":"rsa-1"}') + "..",
    "kid is a number": lambda i, k: _raw_rs256(i, {"alg": "RS256", "kid": 7}),
    "crit header": lambda i, k: _raw_rs256(i, {"alg": "RS256", "kid": "rsa-1", "crit": ["x"]}),
}


@pytest.mark.usefixtures("oidc")
@pytest.mark.parametrize("make", REJECTED.values(), ids=REJECTED.keys())
def test_bad_tokens_are_401(app, client, issuer, keys, make):
    r = client.get("/api/auth/me", headers=bearer(make(issuer, keys)))
    assert_error(r, 401)
    assert r.json["error"]["code"] == "unauthorized"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert user_count(app) == 0  # nothing provisioned from a rejected token


@pytest.mark.usefixtures("oidc")
def test_expiry_and_nbf_have_clear_messages(client, issuer):
    expired = client.get("/api/auth/me", headers=bearer(issuer.token(exp=utcnow() - timedelta(1))))
    assert "expired" in expired.json["error"]["message"]
    early = issuer.token(nbf=utcnow() + timedelta(minutes=10))
    assert (
        "not valid yet"
        in client.get("/api/auth/me", headers=bearer(early)).json["error"]["message"]
    )


def test_provider_tokens_are_401_when_oidc_is_off(app, client, issuer, keys):
    assert app.extensions.get("oidc") is None
    r = client.get("/api/auth/me", headers=bearer(issuer.token()))
    assert_error(r, 401)
    assert issuer.discovery_hits == 0


# --- key rotation and the refresh cooldown --------------------------------------------------


def test_a_rotated_key_is_fetched_once_and_random_kids_cannot_hammer(client, issuer, keys, oidc):
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    assert issuer.jwks_hits == 1
    oidc.now += COOLDOWN  # the provider rotates some time later

    issuer.keys = {"rsa-2": keys["rsa-2"]}  # the provider rotates: only the new key is served
    r = client.get("/api/auth/me", headers=bearer(issuer.token(kid="rsa-2")))
    assert r.status_code == 200, r.json
    assert issuer.jwks_hits == 2  # exactly one refresh, no new discovery
    assert issuer.discovery_hits == 1
    # The retired key is no longer trusted once the provider stopped serving it.
    retired = issuer.token(kid="rsa-1", key=keys["rsa-1"])
    assert client.get("/api/auth/me", headers=bearer(retired)).status_code == 401

    # A flood of tokens with random key ids: at most one refresh per cooldown.
    for _ in range(20):
        forged = issuer.token(kid=uuid.uuid4().hex, key=keys["attacker"], **{ROLES: "admin"})
        r = client.get("/api/auth/me", headers=bearer(forged))
        assert_error(r, 401)
    assert issuer.jwks_hits == 2  # rsa-1's miss above was within the cooldown as well
    oidc.now += COOLDOWN
    for _ in range(20):
        forged = issuer.token(kid=uuid.uuid4().hex, key=keys["attacker"])
        assert client.get("/api/auth/me", headers=bearer(forged)).status_code == 401
    assert issuer.jwks_hits == 3
    assert "unknown key" in r.json["error"]["message"]


def test_a_new_key_right_after_a_refresh_waits_for_the_cooldown(client, issuer, keys, oidc):
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    issuer.keys["rsa-2"] = keys["rsa-2"]
    # Within the cooldown after the first fetch, the new kid is not fetched yet…
    assert client.get("/api/auth/me", headers=bearer(issuer.token(kid="rsa-2"))).status_code == 401
    assert issuer.jwks_hits == 1
    oidc.now += COOLDOWN
    # …and after it, it is.
    assert client.get("/api/auth/me", headers=bearer(issuer.token(kid="rsa-2"))).status_code == 200
    assert issuer.jwks_hits == 2


# --- the provider is down -------------------------------------------------------------------


def test_provider_unreachable_at_first_use_is_503_not_500(app, client, issuer, use_oidc):
    port = issuer.server.server_address[1]
    issuer.stop()  # nothing listens on the issuer's port any more
    clock = use_oidc(f"http://127.0.0.1:{port}")
    r = client.get("/api/auth/me", headers=bearer(issuer.token()))
    assert_error(r, 503)
    assert r.json["error"]["code"] == "identity_provider_unavailable"
    assert int(r.headers["Retry-After"]) == COOLDOWN
    assert user_count(app) == 0
    clock.now += 5
    assert (
        int(client.get("/api/auth/me", headers=bearer(issuer.token())).headers["Retry-After"]) == 25
    )


def test_a_failing_provider_is_not_hammered_and_recovers(client, issuer, oidc):
    issuer.status = 500
    for _ in range(10):
        assert_error(client.get("/api/auth/me", headers=bearer(issuer.token())), 503)
    assert issuer.discovery_hits == 1  # one attempt per cooldown, not one per request
    issuer.status = 200
    oidc.now += COOLDOWN
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    assert (issuer.discovery_hits, issuer.jwks_hits) == (2, 1)


def test_cached_keys_keep_working_while_the_provider_is_down(client, issuer, keys, oidc):
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    issuer.status = 500
    oidc.now += TTL + 1  # the cache is due, but the provider fails: keep the keys we have
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200
    assert issuer.discovery_hits == 2  # one failed attempt, then the cooldown
    # A token with a new kid cannot be checked during the outage: "try later" (503), not 401.
    oidc.now += COOLDOWN
    r = client.get("/api/auth/me", headers=bearer(issuer.token(kid="rsa-2", key=keys["rsa-2"])))
    assert_error(r, 503)
    assert issuer.discovery_hits == 3
    # Back up: the new key is fetched after the cooldown.
    issuer.status = 200
    issuer.keys["rsa-2"] = keys["rsa-2"]
    oidc.now += COOLDOWN
    r = client.get("/api/auth/me", headers=bearer(issuer.token(kid="rsa-2")))
    assert r.status_code == 200, r.json


def test_a_discovery_document_for_another_issuer_is_refused(client, issuer, use_oidc):
    use_oidc(issuer.url + "/realms/other")  # discovery 404s there
    assert_error(client.get("/api/auth/me", headers=bearer(issuer.token())), 503)


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "role"),
    [
        (None, "student"),
        ([], "student"),
        (["author"], "author"),
        (["student", "admin"], "admin"),
        (["author", "superuser"], "author"),
        (["superuser", "root"], "student"),
        ("author admin", "admin"),
        ("author,student", "author"),
        ("ADMIN", "admin"),
        ({"admin": True}, "student"),
        (42, "student"),
    ],
)
def test_role_from_claim(claim, role):
    assert role_from_claim(claim) == role


@pytest.mark.usefixtures("oidc")
def test_roles_claim_grants_the_highest_listed_role(client, issuer):
    author = bearer(issuer.token(sub="author-1", email="a@example.com", **{ROLES: ["author"]}))
    admin = bearer(issuer.token(sub="admin-1", email="b@example.com", **{ROLES: "student admin"}))
    student = bearer(issuer.token(sub="student-1", email="c@example.com"))
    assert client.get("/api/auth/me", headers=author).json["role"] == "author"
    assert client.get("/api/author/exams", headers=author).status_code == 200
    assert client.get("/api/admin/users", headers=author).status_code == 403
    assert client.get("/api/admin/users", headers=admin).status_code == 200
    r = client.get("/api/admin/users", headers=student)
    assert_error(r, 403)
    assert client.get("/api/author/exams", headers=student).status_code == 403


def test_roles_are_resynced_from_every_token_and_audited(app, client, issuer, oidc):
    assert (
        client.get("/api/auth/me", headers=bearer(issuer.token(**{ROLES: ["admin"]}))).json["role"]
        == "admin"
    )
    # The provider removes the role: the next token (no claim at all) makes them a student.
    me = client.get("/api/auth/me", headers=bearer(issuer.token()))
    assert me.json["role"] == "student"
    user_id = me.json["id"]
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == user_id).order_by(AuditEvent.id)
        ).all()
        assert [e.action for e in events] == ["user.provisioned", "user.updated"]
        assert events[1].details == {
            "changes": {"role": ["admin", "student"]},
            "source": "identity_provider",
        }
        assert events[1].actor_id is None


def test_an_admin_change_is_overwritten_by_the_next_token(client, issuer, oidc, auth):
    me = client.get("/api/auth/me", headers=bearer(issuer.token(**{ROLES: ["student"]}))).json
    r = client.patch(f"/api/admin/users/{me['id']}", json={"role": "author"}, headers=auth["admin"])
    assert r.json["role"] == "author"
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).json["role"] == "student"


def test_without_a_roles_claim_setting_the_app_manages_roles(client, issuer, use_oidc, auth):
    use_oidc(issuer.url, OIDC_ROLES_CLAIM="")
    token = bearer(issuer.token(**{ROLES: ["admin"]}))  # ignored: no claim is configured
    me = client.get("/api/auth/me", headers=token).json
    assert me["role"] == "student"
    client.patch(f"/api/admin/users/{me['id']}", json={"role": "author"}, headers=auth["admin"])
    assert client.get("/api/auth/me", headers=token).json["role"] == "author"


def test_a_forged_admin_claim_does_not_provision_or_escalate(app, client, issuer, keys, oidc):
    me = client.get("/api/auth/me", headers=bearer(issuer.token())).json
    forged = issuer.token(key=keys["attacker"], **{ROLES: ["admin"]})
    assert_error(client.get("/api/admin/users", headers=bearer(forged)), 401)
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).json["role"] == "student"
    assert me["role"] == "student"
    assert user_count(app) == 1


# --- account states and linking ---------------------------------------------------------------


def test_a_deactivated_oidc_user_is_refused(app, client, issuer, oidc):
    me = client.get("/api/auth/me", headers=bearer(issuer.token(**{ROLES: ["admin"]}))).json
    with app.app_context():
        db.session.get(User, me["id"]).is_active = False
        db.session.commit()
    r = client.get("/api/auth/me", headers=bearer(issuer.token(**{ROLES: ["admin"]})))
    assert_error(r, 401)
    with app.app_context():
        assert db.session.get(User, me["id"]).is_active is False


def test_a_verified_email_links_the_existing_password_account(app, client, issuer, oidc, users):
    student = users["student"]
    r = client.get("/api/auth/me", headers=bearer(issuer.token(email=student.email.upper())))
    assert r.status_code == 200, r.json
    assert r.json["id"] == student.id
    with app.app_context():
        user = db.session.get(User, student.id)
        assert user.oidc_subject == "auth0|ada"
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions == ["user.linked"]


@pytest.mark.parametrize("verified", [False, None, "false", "yes"])
def test_an_unverified_email_does_not_take_over_an_account(
    app, client, issuer, oidc, users, verified
):
    token = issuer.token(email=users["admin"].email, email_verified=verified)
    r = client.get("/api/auth/me", headers=bearer(token))
    assert_error(r, 409)
    with app.app_context():
        assert db.session.get(User, users["admin"].id).oidc_subject is None


def test_an_account_linked_to_another_subject_is_not_relinked(client, issuer, oidc):
    assert client.get("/api/auth/me", headers=bearer(issuer.token(sub="first"))).status_code == 200
    r = client.get("/api/auth/me", headers=bearer(issuer.token(sub="second")))
    assert_error(r, 409)


def test_concurrent_first_requests_create_one_account(app, issuer, oidc):
    token = bearer(issuer.token(sub="racer", email="racer@example.com"))
    statuses: list[int] = []

    def call() -> None:
        statuses.append(app.test_client().get("/api/auth/me", headers=token).status_code)

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert user_count(app) == 1


# --- configuration ---------------------------------------------------------------------------


def test_auth_config_without_oidc(client):
    r = client.get("/api/auth/config")
    assert r.status_code == 200
    assert r.json == {"password_login": True, "registration": True, "oidc": None}


def test_auth_config_with_oidc(client, issuer, oidc):
    r = client.get("/api/auth/config")
    assert r.json == {
        "password_login": True,
        "registration": True,
        "oidc": {
            "issuer": issuer.url,
            "client_id": "spa-client-id",
            "audience": AUDIENCE,
            "scopes": ["openid", "profile", "email"],
        },
    }


def test_oidc_only_deployment(app, client, issuer, use_oidc, users, auth):
    use_oidc(issuer.url, ALLOW_PASSWORD_LOGIN=False)
    assert client.get("/api/auth/config").json["password_login"] is False
    assert client.get("/api/auth/config").json["registration"] is False
    body = {
        "email": "new@example.com",
        "password": "a long unusual passphrase",
        "display_name": "N",
    }
    r = client.post("/api/auth/register", json=body)
    assert_error(r, 403)
    assert "identity provider" in r.json["error"]["message"]
    r = client.post("/api/auth/login", json={"email": users["student"].email, "password": "x"})
    assert_error(r, 403)
    assert_error(client.post("/api/auth/refresh", json={"refresh_token": "x"}), 403)
    assert_error(client.get("/api/auth/me", headers=auth["student"]), 401)  # local tokens too
    assert client.get("/api/auth/me", headers=bearer(issuer.token())).status_code == 200


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"OIDC_AUDIENCE": ""}, "OIDC_AUDIENCE"),
        ({"OIDC_ALGORITHMS": ["RS256", "HS256"]}, "OIDC_ALGORITHMS"),
        ({"OIDC_ALGORITHMS": ["none"]}, "OIDC_ALGORITHMS"),
        ({"OIDC_ALGORITHMS": []}, "OIDC_ALGORITHMS"),
        ({"OIDC_ISSUER": "ftp://idp.example"}, "OIDC_ISSUER"),
        ({"OIDC_ISSUER": "http://idp.example", "APP_ENV": "production"}, "https"),
    ],
)
def test_unsafe_oidc_settings_stop_the_app(app, config, message):
    settings = {**app.config, **OIDC_CONFIG, "OIDC_ISSUER": "https://idp.example/", **config}
    with pytest.raises(ConfigError, match=message):
        OIDCSettings.from_config(settings)


def test_oidc_settings_come_from_the_environment(monkeypatch, tmp_path):
    from online_exam.config import load_config

    monkeypatch.setenv("OIDC_ISSUER", "https://tenant.eu.auth0.com/")
    monkeypatch.setenv("OIDC_AUDIENCE", AUDIENCE)
    monkeypatch.setenv("OIDC_ALGORITHMS", "RS256, PS256")
    monkeypatch.delenv("OIDC_ROLES_CLAIM", raising=False)
    config = load_config(tmp_path, {"SECRET_KEY": "x" * 40})
    settings = OIDCSettings.from_config(config)
    assert settings is not None
    assert settings.algorithms == ("RS256", "PS256")
    assert settings.roles_claim == ROLES
    assert settings.jwks_ttl == 3600
    assert settings.discovery_url == "https://tenant.eu.auth0.com/.well-known/openid-configuration"
    assert config["ACCESS_TOKEN_MINUTES"] == 15
    assert config["ALLOW_PASSWORD_LOGIN"] is True
