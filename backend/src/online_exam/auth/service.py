"""Account rules: registration, sign-in, roles. No Flask request objects here."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..domain import Role, values
from ..errors import Conflict, NotFound, Unauthorized, ValidationFailed
from ..extensions import db
from .models import User
from .oidc import Identity
from .passwords import hash_password, needs_rehash, verify_password


def _known_role(role: str) -> Role:
    if role not in values(Role):
        raise ValidationFailed(
            f"Unknown role {role!r}.", {"role": [f"One of {', '.join(values(Role))}."]}
        )
    return Role(role)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(
    email: str,
    password: str | None,
    display_name: str,
    role: str = Role.STUDENT,
    actor: User | None = None,
    registered: bool = False,
) -> User:
    """Create an account; `actor` is who did it (None: the command line), `registered` says
    the person created it themselves."""
    role = _known_role(role)
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
    if registered:
        audit.record(user, "user.registered", user)
    else:
        audit.record(actor, "user.created", user, role=role)
    return user


def register(email: str, password: str, display_name: str) -> User:
    """Self-service registration: always a student; other roles are granted by an admin."""
    return create_user(email, password, display_name, role=Role.STUDENT, registered=True)


def authenticate(email: str, password: str) -> User:
    user = find_by_email(email)
    # verify_password runs a full argon2 verification even for unknown accounts (same timing).
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        raise Unauthorized("E-mail or password is wrong.")
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_locale(user: User, locale: str | None) -> User:
    """The user's interface language (validated by the schema: i18n.LOCALES or None)."""
    user.locale = locale
    db.session.flush()
    return user


def set_role(user_id: int, role: str) -> User:
    role = _known_role(role)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.role != role:
        audit.record(None, "user.updated", user, changes={"role": [user.role, role]})
        user.role = role
    return user


# --- OpenID Connect users -------------------------------------------------------------------


def sign_in_oidc(identity: Identity) -> User:
    """The local account for a verified provider token: found by subject, else linked or created.

    - First token: a new student (or the claim's role) with oidc_subject = `sub`, the token's
      e-mail (or a placeholder under the issuer's host) and display name; audited.
    - The e-mail belongs to a password account: linked only when the provider says
      `email_verified: true`; otherwise 409, so nobody takes over an account by typing its
      address at the provider. An account already linked to another subject is never relinked.
    - Deactivated accounts are refused (401); a token never reactivates an account.
    - With OIDC_ROLES_CLAIM set, the provider is the source of truth for the role: it is synced
      from every token (missing claim → student) and the change audited; an admin's change in
      the app is overwritten by the next token. With OIDC_ROLES_CLAIM empty the app manages roles.
    """
    user = db.session.scalar(select(User).where(User.oidc_subject == identity.subject))
    if user is None:
        user = _link_or_provision(identity)
    if not user.is_active:
        raise Unauthorized("This account is deactivated.")
    if identity.role is not None and identity.role != user.role:
        audit.record(
            None,
            "user.updated",
            user,
            changes={"role": [user.role, identity.role]},
            source="identity_provider",
        )
        user.role = identity.role
    return user


def _link_or_provision(identity: Identity) -> User:
    email = identity.email or identity.fallback_email()
    existing = find_by_email(email)
    if existing is not None:
        return _link(existing, identity)
    user = User(
        email=normalize_email(email),
        display_name=identity.display_name or email.split("@", 1)[0][:120],
        password_hash=None,
        oidc_subject=identity.subject,
        role=identity.role or Role.STUDENT,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # Two first requests of one person raced (or the e-mail was just taken). Authentication
        # runs before the view does any work, so discarding the session's changes is safe.
        db.session.rollback()
        raced: User | None = db.session.scalar(
            select(User).where(User.oidc_subject == identity.subject)
        )
        if raced is not None:
            return raced
        existing = find_by_email(email)
        if existing is None:
            raise
        return _link(existing, identity)
    audit.record(
        user, "user.provisioned", user, issuer=identity.issuer, role=user.role, email=user.email
    )
    return user


def _link(existing: User, identity: Identity) -> User:
    if existing.oidc_subject == identity.subject:
        return existing  # created by a concurrent first request of the same person
    if existing.oidc_subject is not None:
        raise Conflict(
            "An account with this e-mail is already linked to another identity; "
            "ask an administrator.",
            {"email": ["Linked to another identity."]},
        )
    if identity.email is None or not identity.email_verified:
        raise Conflict(
            "An account with this e-mail already exists, and the identity provider has not "
            "verified the address, so the two cannot be linked. Verify your e-mail with the "
            "identity provider or ask an administrator.",
            {"email": ["Not verified by the identity provider."]},
        )
    if not existing.is_active:
        raise Unauthorized("This account is deactivated.")
    existing.oidc_subject = identity.subject
    db.session.flush()
    audit.record(existing, "user.linked", existing, issuer=identity.issuer)
    return existing
