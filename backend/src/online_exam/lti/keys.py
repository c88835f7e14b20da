"""Our tool's RSA signing keys: created on first use, encrypted at rest with Fernet (key
derived from LTI_KEY_SECRET, else SECRET_KEY), published as a JWKS with the previous key kept
until the next rotation so platforms that cached it still verify our messages."""

from __future__ import annotations

import base64
import json
import uuid
from hashlib import sha256
from typing import Any

import jwt
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app
from sqlalchemy import select

from ..db_types import utcnow
from ..extensions import db
from .models import LtiKey


def _fernet() -> Fernet:
    secret = current_app.config.get("LTI_KEY_SECRET") or current_app.config["SECRET_KEY"]
    return Fernet(base64.urlsafe_b64encode(sha256(f"lti-keys:{secret}".encode()).digest()))


def _new_key() -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key = LtiKey(kid=uuid.uuid4().hex, private_key=_fernet().encrypt(pem).decode())
    db.session.add(key)
    db.session.flush()
    return key


def _published() -> list[LtiKey]:
    """Current key first, then the previous one (at most two are published)."""
    return list(
        db.session.scalars(
            select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc()).limit(2)
        )
    )


def current() -> tuple[str, Any]:
    """(kid, private key) to sign with; creates the first key if there is none."""
    keys = _published()
    key = keys[0] if keys else _new_key()
    pem = _fernet().decrypt(key.private_key.encode())
    return key.kid, serialization.load_pem_private_key(pem, password=None)


def rotate() -> str:
    """A new current key; the old current stays published, any older one is retired."""
    for old in _published()[1:]:
        old.retired_at = utcnow()
    return _new_key().kid


def jwks() -> dict[str, Any]:
    keys = _published() or [_new_key()]
    published = []
    for key in keys:
        private = serialization.load_pem_private_key(
            _fernet().decrypt(key.private_key.encode()), password=None
        )
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))  # type: ignore[arg-type]
        published.append({**jwk, "kid": key.kid, "alg": "RS256", "use": "sig"})
    return {"keys": published}


def sign(claims: dict[str, Any]) -> str:
    kid, private = current()
    return jwt.encode(claims, private, algorithm="RS256", headers={"kid": kid})
