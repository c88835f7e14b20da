"""OpenID Connect resource-server mode: verify the identity provider's access tokens.

The API never talks to the provider per request. It discovers the JWKS through
``{OIDC_ISSUER}/.well-known/openid-configuration`` once, caches the keys per process for
``OIDC_JWKS_TTL_SECONDS``, and fetches them again early only when a token names an unknown
``kid`` (key rotation) — and then at most once per ``OIDC_JWKS_MIN_REFRESH_SECONDS``, so a flood
of tokens with random key ids cannot hammer the provider. Failed fetches are rate limited the
same way. If the provider cannot be reached and no keys are cached, requests with provider
tokens get 503 ``identity_provider_unavailable`` (with Retry-After), never 500; keys already
cached keep working through an outage.

Every token is checked for signature, ``iss``, ``aud``, ``exp``, ``nbf`` and ``iat`` (when
present) with the ``OIDC_ALGORITHMS`` allow-list. The header's ``alg`` is compared with the
allow-list *before* any key lookup, and the key must be of the kind that algorithm needs (RSA for
RS*/PS*, EC on the matching curve for ES*): "alg": "none", HS256 signed with the public key as the
secret, and keys embedded in the header (``jwk``/``jku``/``x5u``) are all refused.
"""

from __future__ import annotations

import json
import logging
import math
import re
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from hashlib import sha256
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from flask import current_app
from flask.sansio.app import App

from ..config import ConfigError
from ..domain import Role
from ..errors import DomainError, Unauthorized

log = logging.getLogger(__name__)

# What each accepted algorithm needs from a key: (kty, crv). Symmetric and "none" never appear.
KEY_KINDS: dict[str, tuple[str, str | None]] = {
    "RS256": ("RSA", None),
    "RS384": ("RSA", None),
    "RS512": ("RSA", None),
    "PS256": ("RSA", None),
    "PS384": ("RSA", None),
    "PS512": ("RSA", None),
    "ES256": ("EC", "P-256"),
    "ES384": ("EC", "P-384"),
    "ES512": ("EC", "P-521"),
}
MIN_RSA_BITS = 2048
MAX_DOCUMENT_BYTES = 512 * 1024
MAX_KEYS_TRIED = 5  # tokens without a `kid`: try at most this many compatible keys
# Highest first: a token listing several roles gets the most powerful one it names.
ROLE_RANK = tuple(Role)  # declared highest first
INVALID = "The access token is invalid."

FetchJSON = Callable[[str, float], Any]


class IdentityProviderUnavailable(DomainError):
    status, code = 503, "identity_provider_unavailable"


class _FetchError(Exception):
    pass


@dataclass(frozen=True)
class OIDCSettings:
    issuer: str
    audience: str
    algorithms: tuple[str, ...]
    roles_claim: str
    jwks_ttl: float
    min_refresh: float
    timeout: float
    leeway: float

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def issuer_host(self) -> str:
        return urlsplit(self.issuer).hostname or "oidc.invalid"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> OIDCSettings | None:
        """The settings, or None when OIDC is off; a ConfigError when they are unsafe."""
        issuer = str(config.get("OIDC_ISSUER") or "").strip()
        if not issuer:
            return None
        parts = urlsplit(issuer)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ConfigError("OIDC_ISSUER must be an https:// URL.")
        if parts.scheme == "http" and config.get("APP_ENV") == "production":
            raise ConfigError("OIDC_ISSUER must use https in production.")
        audience = str(config.get("OIDC_AUDIENCE") or "").strip()
        if not audience:
            # Without an audience any token the provider issues for any API would be accepted.
            raise ConfigError("OIDC_AUDIENCE must be set when OIDC_ISSUER is.")
        raw = config.get("OIDC_ALGORITHMS") or ()
        if isinstance(raw, str):
            raw = raw.replace(",", " ").split()
        algorithms = tuple(raw)
        unsupported = [a for a in algorithms if a not in KEY_KINDS]
        if unsupported or not algorithms:
            raise ConfigError(
                f"OIDC_ALGORITHMS may only list {', '.join(KEY_KINDS)}; got {unsupported or '[]'}."
            )
        return cls(
            issuer=issuer,
            audience=audience,
            algorithms=algorithms,
            roles_claim=str(config.get("OIDC_ROLES_CLAIM") or "").strip(),
            jwks_ttl=float(config["OIDC_JWKS_TTL_SECONDS"]),
            min_refresh=float(config["OIDC_JWKS_MIN_REFRESH_SECONDS"]),
            timeout=float(config["OIDC_HTTP_TIMEOUT_SECONDS"]),
            leeway=float(config["OIDC_LEEWAY_SECONDS"]),
        )


@dataclass(frozen=True)
class Identity:
    """Who a verified provider token says the caller is."""

    subject: str
    email: str | None  # None when the token carries no usable e-mail
    email_verified: bool
    display_name: str | None
    role: str | None  # None: roles are managed in the app (OIDC_ROLES_CLAIM is empty)
    issuer: str
    issuer_host: str

    def fallback_email(self) -> str:
        """A stable, unique placeholder address for a subject without an e-mail claim."""
        local = re.sub(r"[^a-z0-9._-]+", "-", self.subject.lower()).strip("-.")
        if local != self.subject.lower() or not local or len(local) > 64:
            local = f"{local[:40]}-{sha256(self.subject.encode()).hexdigest()[:12]}".lstrip("-")
        return f"{local}@{self.issuer_host}"


@dataclass(frozen=True)
class _Key:
    kid: str | None
    alg: str  # the one algorithm this key verifies (see _signing_jwks)
    key: Any  # a cryptography public key object


def _signing_jwks(keys: list[Any]) -> list[dict[str, Any]]:
    """The JWKs that may sign tokens we accept, each with the one algorithm it is used with:
    a key naming an algorithm of its kind (KEY_KINDS) as it is, a key naming none once per
    algorithm of its kind; encryption keys, other kinds and mismatched algorithms left out."""
    signing: list[dict[str, Any]] = []
    for jwk in keys:
        if not isinstance(jwk, dict) or jwk.get("use", "sig") != "sig":
            continue
        kind = (jwk.get("kty"), jwk.get("crv") if jwk.get("kty") == "EC" else None)
        algorithms = [alg for alg, needs in KEY_KINDS.items() if needs == kind]
        if "alg" in jwk:
            algorithms = [jwk["alg"]] if jwk["alg"] in algorithms else []
        signing.extend({**jwk, "alg": alg} for alg in algorithms)
    return signing


def _parse_jwks(document: Any) -> list[_Key]:
    """The provider's signing keys, parsed by PyJWT's PyJWKSet (which skips keys it cannot
    read); RSA keys shorter than MIN_RSA_BITS are refused, private keys reduced to public."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise _FetchError("the JWKS document has no 'keys' list")
    try:
        jwk_set = jwt.PyJWKSet(_signing_jwks(document["keys"]))
    except jwt.PyJWKSetError as error:  # none usable: tokens get "signed with an unknown key"
        log.warning("the JWKS document has no usable signing key: %s", error)
        return []
    keys: list[_Key] = []
    for jwk in jwk_set:
        key = jwk.key
        if hasattr(key, "public_key"):  # a private key published by mistake: its public half
            key = key.public_key()
        if isinstance(key, RSAPublicKey) and key.key_size < MIN_RSA_BITS:
            log.warning("skipping JWKS key %r: RSA shorter than %d bits", jwk.key_id, MIN_RSA_BITS)
            continue
        kid = jwk.key_id
        keys.append(_Key(kid if isinstance(kid, str) else None, jwk.algorithm_name, key))
    return keys


def _opener() -> urllib.request.OpenerDirector:
    """http(s) only — no file:, ftp: or data: URLs, even through a redirect."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch_json(url: str, timeout: float) -> Any:
    """GET a small JSON document with a timeout and a size cap; any failure is a _FetchError."""
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by the caller
        url, headers={"Accept": "application/json", "User-Agent": "online-exam"}
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = response.read(MAX_DOCUMENT_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise _FetchError(f"GET {url} failed: {error}") from error
    if len(body) > MAX_DOCUMENT_BYTES:
        raise _FetchError(f"GET {url}: the document is too large")
    try:
        return json.loads(body)
    except ValueError as error:
        raise _FetchError(f"GET {url}: not JSON") from error


class OIDCVerifier:
    """Verifies provider access tokens with a per-process JWKS cache (thread-safe)."""

    def __init__(
        self,
        settings: OIDCSettings,
        fetch: FetchJSON = fetch_json,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._fetch_json = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._issuer: str | None = None  # canonical, from the discovery document
        self._jwks_uri: str | None = None
        self._keys: list[_Key] = []
        self._fetched_at: float | None = None  # last successful JWKS fetch
        self._attempted_at: float | None = None  # last fetch attempt, successful or not
        self._failing = False  # the last fetch attempt failed

    # --- public -----------------------------------------------------------------------------

    def verify(self, token: str, header: Mapping[str, Any]) -> dict[str, Any]:
        """Verify a provider token whose (unverified) header is `header`; return its claims."""
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in self.settings.algorithms:
            log.info("provider token refused: alg %r is not on OIDC_ALGORITHMS", alg)
            raise Unauthorized(INVALID)  # before any key lookup: none, HS256, … never get further
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise Unauthorized(INVALID)
        keys, issuer = self._keys_for(kid, alg)
        for key in keys[:MAX_KEYS_TRIED]:
            try:
                claims: dict[str, Any] = jwt.decode(
                    token,
                    key.key,
                    algorithms=[alg],  # alg is on the allow-list and fits the key's kind
                    audience=self.settings.audience,
                    issuer=issuer,
                    leeway=self.settings.leeway,
                    options={"require": ["exp", "iss", "aud", "sub"], "strict_aud": False},
                )
            except jwt.InvalidSignatureError:
                continue  # no kid: another compatible key may have signed it
            except jwt.ExpiredSignatureError as error:
                raise Unauthorized("The access token has expired; sign in again.") from error
            except jwt.ImmatureSignatureError as error:
                raise Unauthorized("The access token is not valid yet.") from error
            except jwt.PyJWTError as error:
                log.info("provider token refused: %s", error)
                raise Unauthorized(INVALID) from error
            if claims.get("typ") == "ID":  # a Keycloak ID token is not an access token
                log.info("provider token refused: an ID token, not an access token")
                raise Unauthorized(INVALID)
            return claims
        log.info("provider token refused: the signature does not verify")
        raise Unauthorized(INVALID)

    def identity(self, claims: Mapping[str, Any]) -> Identity:
        """The caller as the (already verified) claims describe them."""
        subject = claims.get("sub")
        if not isinstance(subject, str) or not 0 < len(subject) <= 255:
            raise Unauthorized(INVALID)
        email = _claim(claims, "email", self.settings.roles_claim)
        email = email.strip().lower() if isinstance(email, str) else None
        if email and not re.fullmatch(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+", email):
            email = None
        if email and len(email) > 254:
            email = None
        verified = _claim(claims, "email_verified", self.settings.roles_claim)
        name = None
        for claim in ("name", "preferred_username", "nickname"):
            value = _claim(claims, claim, self.settings.roles_claim)
            if isinstance(value, str) and value.strip():
                name = value.strip()[:120]
                break
        role = None
        if self.settings.roles_claim:
            role = role_from_claim(claims.get(self.settings.roles_claim))
        return Identity(
            subject=subject,
            email=email or None,
            email_verified=verified is True or verified == "true",
            display_name=name,
            role=role,
            issuer=str(claims.get("iss")),
            issuer_host=self.settings.issuer_host,
        )

    # --- the key cache ----------------------------------------------------------------------

    def _keys_for(self, kid: str | None, alg: str) -> tuple[list[_Key], str]:
        with self._lock:
            now = self._clock()
            self._ensure_fresh(now)
            found = self._match(kid, alg)
            if found is None and self._may_fetch(now):  # unknown kid: keys rotated?
                log.info("unknown JWKS key id %r: fetching the key set again", kid)
                try:
                    self._fetch(now, rediscover=False)
                except _FetchError as error:
                    log.warning("identity provider unreachable: %s", error)
                    raise self._unavailable(now) from error
                found = self._match(kid, alg)
            if found is None:
                if self._failing:  # maybe a new key we could not fetch: "try later", not 401
                    raise self._unavailable(now)
                raise Unauthorized("The access token is signed with an unknown key.")
            if not found:
                raise Unauthorized(INVALID)  # the kid exists, but its key does not fit the alg
            assert self._issuer is not None
            return found, self._issuer

    def _ensure_fresh(self, now: float) -> None:
        due = self._fetched_at is None or now - self._fetched_at >= self.settings.jwks_ttl
        if not due:
            return
        if self._may_fetch(now):
            try:
                self._fetch(now, rediscover=True)
            except _FetchError as error:
                log.warning("identity provider unreachable: %s", error)
                if not self._keys:
                    raise self._unavailable(now) from error
                # Keep verifying with the keys we have; try again after the cooldown.
        elif not self._keys:
            raise self._unavailable(now)

    def _may_fetch(self, now: float) -> bool:
        return self._attempted_at is None or now - self._attempted_at >= self.settings.min_refresh

    def _unavailable(self, now: float) -> IdentityProviderUnavailable:
        waited = 0.0 if self._attempted_at is None else now - self._attempted_at
        retry = max(1, math.ceil(self.settings.min_refresh - waited))
        return IdentityProviderUnavailable(
            "The identity provider is unreachable; try again shortly.",
            {"retry_after_seconds": retry},
            headers={"Retry-After": str(retry)},
        )

    def _match(self, kid: str | None, alg: str) -> list[_Key] | None:
        """Keys that may have signed the token; None when the kid is unknown (refresh may help),
        [] when the kid is known but its key does not fit the algorithm (refresh won't help)."""
        if kid is None:
            fitting = [k for k in self._keys if k.alg == alg]
            return fitting or None
        named = [k for k in self._keys if k.kid == kid]
        if not named:
            return None
        return [k for k in named if k.alg == alg]

    def _fetch(self, now: float, rediscover: bool) -> None:
        self._attempted_at = now
        self._failing = True
        if rediscover or self._jwks_uri is None:
            self._discover()
        assert self._jwks_uri is not None
        keys = _parse_jwks(self._fetch_json(self._jwks_uri, self.settings.timeout))
        self._keys = keys
        self._fetched_at = now
        self._failing = False
        log.info("loaded %d signing keys from %s", len(keys), self._jwks_uri)

    def _discover(self) -> None:
        document = self._fetch_json(self.settings.discovery_url, self.settings.timeout)
        if not isinstance(document, dict):
            raise _FetchError("the discovery document is not a JSON object")
        issuer, jwks_uri = document.get("issuer"), document.get("jwks_uri")
        if not isinstance(issuer, str) or issuer.rstrip("/") != self.settings.issuer.rstrip("/"):
            # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer we asked.
            raise _FetchError(f"the discovery document names issuer {issuer!r}")
        allowed = ("https", "http") if self.settings.issuer.startswith("http:") else ("https",)
        if not isinstance(jwks_uri, str) or urlsplit(jwks_uri).scheme not in allowed:
            raise _FetchError(f"the discovery document has no usable jwks_uri: {jwks_uri!r}")
        self._issuer, self._jwks_uri = issuer, jwks_uri


def _claim(claims: Mapping[str, Any], name: str, roles_claim: str) -> Any:
    """A standard claim, or the same name in the roles claim's namespace.

    Some providers (Auth0) only let custom claims into access tokens under a namespace, so with
    OIDC_ROLES_CLAIM="https://online-exams.com/roles", "https://online-exams.com/email" counts
    as `email`.
    """
    if name in claims:
        return claims[name]
    if "://" in roles_claim and "/" in roles_claim.split("://", 1)[1]:
        return claims.get(roles_claim.rsplit("/", 1)[0] + "/" + name)
    return None


def role_from_claim(value: Any) -> str:
    """The highest role the claim names; unknown names are ignored; nothing known → student.

    The claim may be a list of names or one string of names separated by spaces or commas.
    """
    if isinstance(value, str):
        names = re.split(r"[\s,]+", value)
    elif isinstance(value, list | tuple):
        names = [v for v in value if isinstance(v, str)]
    else:
        names = []
    listed = {name.strip().lower() for name in names}
    return next((role for role in ROLE_RANK if role in listed), Role.STUDENT)


def configure_oidc(app: App) -> None:
    """(Re)build the app's verifier from its config; called once when the app is created."""
    settings = OIDCSettings.from_config(app.config)
    app.extensions["oidc"] = OIDCVerifier(settings) if settings else None
    if settings is None and not app.config.get("ALLOW_PASSWORD_LOGIN", True):
        log.warning("ALLOW_PASSWORD_LOGIN is off and OIDC_ISSUER is empty: nobody can sign in.")


def verifier() -> OIDCVerifier | None:
    """The current app's verifier, or None when OIDC is not configured."""
    found: OIDCVerifier | None = current_app.extensions.get("oidc")
    return found
