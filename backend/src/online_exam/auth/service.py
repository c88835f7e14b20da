"""Account rules: registration, sign-in, roles. No Flask request objects here."""

from __future__ import annotations

from sqlalchemy import select

from ..audit import service as audit
from ..errors import Conflict, NotFound, Unauthorized, ValidationFailed
from ..extensions import db
from .models import ROLES, User
from .passwords import hash_password, needs_rehash, verify_password


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(
    email: str,
    password: str | None,
    display_name: str,
    role: str = "student",
    actor: User | None = None,
) -> User:
    """Create an account; `actor` is who did it (None: the command line)."""
    if role not in ROLES:
        raise ValidationFailed(f"Unknown role {role!r}.", {"role": [f"One of {', '.join(ROLES)}."]})
    if find_by_email(email) is not None:
        raise Conflict("An account with this e-mail already exists.", {"email": ["Already used."]})
    user = User(
        email=normalize_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password) if password else None,
        role=role,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.created", user, role=role)
    return user


def register(email: str, password: str, display_name: str) -> User:
    """Self-service registration: always a student; other roles are granted by an admin."""
    user = create_user(email, password, display_name, role="student")
    audit.record(user, "user.registered", user)
    return user


def authenticate(email: str, password: str) -> User:
    user = find_by_email(email)
    # verify_password runs a full argon2 verification even for unknown accounts (same timing).
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        raise Unauthorized("E-mail or password is wrong.")
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_role(user_id: int, role: str) -> User:
    if role not in ROLES:
        raise ValidationFailed(f"Unknown role {role!r}.", {"role": [f"One of {', '.join(ROLES)}."]})
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.role != role:
        audit.record(None, "user.updated", user, changes={"role": [user.role, role]})
        user.role = role
    return user
