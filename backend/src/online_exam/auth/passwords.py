"""Password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile or stronger), and
the password policy for built-in accounts."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi defaults: argon2id, t=3, m=64 MiB, p=4 — above OWASP's minimum (m=19 MiB, t=2, p=1).
_hasher = PasswordHasher()

# Verified against when the account does not exist, so unknown e-mail and wrong password take
# the same time and an attacker cannot probe which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")

PASSWORD_MIN, PASSWORD_MAX = 10, 256  # the max keeps hashing cost bounded


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# --- policy (NIST SP 800-63B: length and a block list, no composition rules) -----------------

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s",
                       "7": "t", "!": "i", "+": "t", "8": "b", "9": "g"})  # fmt: skip
_LEET_L = str.maketrans({"1": "l", "!": "l", "|": "l"})
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_SEPARATORS = re.compile(r"[\s._\-]+")
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _variants(password: str) -> set[str]:
    """The password as a guesser would derive it from a common one."""
    lowered = password.lower()
    forms = {lowered, _SEPARATORS.sub("", lowered)}
    forms |= {_EDGES.sub("", form) for form in list(forms)}
    forms |= {form.translate(_LEET) for form in list(forms)}
    forms |= {form.translate(_LEET_L) for form in list(forms)}
    forms |= {_EDGES.sub("", form) for form in list(forms)}
    return {form for form in forms if len(form) >= 4}


def _is_sequence(text: str) -> bool:
    """Consecutive run of the alphabet, the digits or a keyboard row, either direction."""
    if len(text) < 4:
        return False
    return any(text in seq or text in seq[::-1] for seq in _SEQUENCES)


def _repeated_unit(text: str) -> str | None:
    """The shortest unit that `text` repeats (e.g. "abc" for "abcabcabc"), else None."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return None


def password_problems(password: str, email: str | None = None) -> list[str]:
    """Why `password` is not acceptable for the account `email`; empty when it is fine.

    Used by registration (422 with these messages under `password`) and `flask users create`.
    """
    if len(password) < PASSWORD_MIN:
        return [f"Use at least {PASSWORD_MIN} characters."]
    if len(password) > PASSWORD_MAX:
        return [f"Use at most {PASSWORD_MAX} characters."]
    problems: list[str] = []
    lowered = password.lower()
    compact = _SEPARATORS.sub("", lowered)
    unit = _repeated_unit(compact)
    common = common_passwords()
    if len(set(compact)) <= 1:
        problems.append("Do not use one character repeated; choose a passphrase of a few words.")
    elif unit is not None and (len(unit) <= 4 or unit in common or _is_sequence(unit)):
        problems.append("Do not repeat a short pattern; choose a passphrase of a few words.")
    elif _is_sequence(compact) or _is_sequence(_EDGES.sub("", compact)):
        problems.append("Do not use a keyboard or alphabet sequence.")
    elif any(form in common for form in _variants(password)):
        problems.append("This password is too common; choose a less predictable passphrase.")
    if email:
        local = email.strip().lower().split("@", 1)[0]
        parts = [p for p in re.split(r"[^a-z0-9]+", local) if len(p) >= 4]
        if lowered == email.strip().lower() or (len(local) >= 3 and local in lowered):
            problems.append("Do not use your e-mail address in the password.")
        elif any(part in compact for part in parts):
            problems.append("Do not use your name or e-mail in the password.")
    return problems
