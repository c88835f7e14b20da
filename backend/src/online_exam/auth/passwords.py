"""Password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile or stronger)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi defaults: argon2id, t=3, m=64 MiB, p=4 — above OWASP's minimum (m=19 MiB, t=2, p=1).
_hasher = PasswordHasher()

# Verified against when the account does not exist, so unknown e-mail and wrong password take
# the same time and an attacker cannot probe which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
