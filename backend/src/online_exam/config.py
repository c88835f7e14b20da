"""Configuration from environment variables, with safe defaults (12-factor)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

MIB = 1024 * 1024


class ConfigError(RuntimeError):
    """The environment does not allow the app to start safely."""


def env_bool(name: str, default: bool) -> bool:
    """A boolean setting, read the same way by the app and its server launcher (app_server.py)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def _secret_key(instance_path: Path, production: bool) -> str:
    """SECRET_KEY from the environment; in development, generated once and kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        if production and len(key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when APP_ENV=production.")
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _engine_options(url: str) -> dict[str, Any]:
    """Connection pool per process (PostgreSQL; SQLite keeps SQLAlchemy's defaults).

    Size it for the gunicorn worker's threads (gunicorn.conf.py sets DB_POOL_SIZE to the
    thread count unless it is set): more connections than concurrent requests only cost
    PostgreSQL memory. workers x (pool + overflow) must stay under PostgreSQL's
    max_connections (or PgBouncer's pool). No pre-ping by default: a connection lost to a
    database restart is replaced and the request re-run (database.run_in_transaction).
    """
    options: dict[str, Any] = {"pool_pre_ping": env_bool("DB_POOL_PRE_PING", False)}
    if url.startswith("sqlite"):
        return options
    return {
        **options,
        "pool_size": env_int("DB_POOL_SIZE", 5),
        "max_overflow": env_int("DB_MAX_OVERFLOW", 10),
        "pool_timeout": env_int("DB_POOL_TIMEOUT", 30),
        "pool_recycle": env_int("DB_POOL_RECYCLE", 3600),
    }


def _list(name: str, default: str) -> list[str]:
    value = os.environ.get(name)
    raw = default if value is None else value
    return [item.strip() for item in raw.replace(" ", ",").split(",") if item.strip()]


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'online_exam.sqlite3'}"
    # Heroku-style URLs name the driver implicitly; we always use psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping. `overrides` (tests) win over the environment."""
    overrides = overrides or {}
    instance_path.mkdir(parents=True, exist_ok=True)
    env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "development")
    production = env == "production"
    database_url = overrides.get("SQLALCHEMY_DATABASE_URI") or _database_url(instance_path)
    config: dict[str, Any] = {
        "APP_ENV": env,
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        # Bodies over this size are refused with 413 before any parsing.
        "MAX_CONTENT_LENGTH": env_int("MAX_CONTENT_LENGTH", 1 * MIB),
        "JWT_ISSUER": os.environ.get("JWT_ISSUER", "online-exam"),
        "JWT_AUDIENCE": os.environ.get("JWT_AUDIENCE", "online-exam-api"),
        # Short-lived access tokens; sessions continue through rotating refresh tokens.
        "ACCESS_TOKEN_MINUTES": env_int("ACCESS_TOKEN_MINUTES", 15),
        "REFRESH_TOKEN_DAYS": env_int("REFRESH_TOKEN_DAYS", 14),
        # Built-in accounts (e-mail + password). OIDC may be enabled alongside or instead.
        "ALLOW_PASSWORD_LOGIN": env_bool("ALLOW_PASSWORD_LOGIN", True),
        "ALLOW_REGISTRATION": env_bool("ALLOW_REGISTRATION", True),
        # OpenID Connect resource-server mode (docs/oidc.md); off while OIDC_ISSUER is empty.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", "").strip(),
        "OIDC_AUDIENCE": os.environ.get("OIDC_AUDIENCE", "").strip(),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", "").strip(),
        # Empty: roles are managed in the app (admin UI / CLI) for OIDC users too.
        "OIDC_ROLES_CLAIM": os.environ.get(
            "OIDC_ROLES_CLAIM", "https://online-exams.com/roles"
        ).strip(),
        "OIDC_SCOPES": os.environ.get("OIDC_SCOPES", "openid profile email").strip(),
        "OIDC_ALGORITHMS": _list("OIDC_ALGORITHMS", "RS256,ES256"),
        "OIDC_JWKS_TTL_SECONDS": env_int("OIDC_JWKS_TTL_SECONDS", 3600),
        # At most one JWKS fetch per this many seconds outside the TTL (unknown `kid`, failures).
        "OIDC_JWKS_MIN_REFRESH_SECONDS": env_int("OIDC_JWKS_MIN_REFRESH_SECONDS", 30),
        "OIDC_HTTP_TIMEOUT_SECONDS": env_int("OIDC_HTTP_TIMEOUT_SECONDS", 5),
        "OIDC_LEEWAY_SECONDS": env_int("OIDC_LEEWAY_SECONDS", 30),
        # LTI 1.3: our signing keys are encrypted with this (default: derived from SECRET_KEY).
        "LTI_KEY_SECRET": os.environ.get("LTI_KEY_SECRET", "").strip(),
        "LTI_HTTP_TIMEOUT_SECONDS": env_int("LTI_HTTP_TIMEOUT_SECONDS", 10),
        "RATELIMIT_ENABLED": env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Keeps the counters of deployments that share one Redis apart.
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "online-exam"),
        # Per account and address it stops password guessing without letting a stranger lock
        # the owner out; the per-account ceiling (all addresses) bounds guessing spread over many
        # addresses; per IP it is generous, because a whole school may sign in through one NAT
        # address in the minutes before an exam (ratelimit.py).
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": os.environ.get(
            "LOGIN_RATE_LIMIT_PER_ACCOUNT", "10 per minute"
        ),
        "LOGIN_RATE_LIMIT_ACCOUNT_CEILING": os.environ.get(
            "LOGIN_RATE_LIMIT_ACCOUNT_CEILING", "100 per minute"
        ),
        "LOGIN_RATE_LIMIT_PER_IP": os.environ.get("LOGIN_RATE_LIMIT_PER_IP", "300 per minute"),
        # "Forgot password" sends mail: a few per address and hour is all a person needs, and
        # it bounds how often a stranger can fill someone's mailbox (ratelimit.py).
        "RESET_RATE_LIMIT_PER_ACCOUNT": os.environ.get(
            "RESET_RATE_LIMIT_PER_ACCOUNT", "5 per hour"
        ),
        "RESET_RATE_LIMIT_PER_IP": os.environ.get("RESET_RATE_LIMIT_PER_IP", "60 per hour"),
        # Set-password links (auth/password_links.py): a new account's link lasts days (it goes
        # out with a class list), a reset link an hour.
        "SETUP_LINK_DAYS": env_int("SETUP_LINK_DAYS", 7),
        "RESET_LINK_MINUTES": env_int("RESET_LINK_MINUTES", 60),
        # Mail (mail.py): off while SMTP_HOST is empty (teachers then download the links).
        "SMTP_HOST": os.environ.get("SMTP_HOST", "").strip(),
        "SMTP_PORT": env_int("SMTP_PORT", 587),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": env_bool("SMTP_STARTTLS", True),
        "SMTP_FROM": os.environ.get("SMTP_FROM", "Online Exam <no-reply@localhost>"),
        "SMTP_TIMEOUT_SECONDS": env_int("SMTP_TIMEOUT_SECONDS", 10),
        # The origin of links in mail and downloads, e.g. https://exams.example.edu (no path);
        # empty: the request's own host URL.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/"),
        # Course join codes tried per account and address (a code is 31**8: guessing is hopeless
        # at this rate; a student who mistypes a few times is not blocked for long).
        "JOIN_RATE_LIMIT_PER_ACCOUNT": os.environ.get(
            "JOIN_RATE_LIMIT_PER_ACCOUNT", "10 per minute"
        ),
        # Exams whose questions each worker keeps as immutable data (attempts/snapshot.py);
        # 0 turns the cache off.
        "QUESTION_CACHE_SIZE": env_int("QUESTION_CACHE_SIZE", 64),
        # The exam day's common start, autosave and submit answered below Flask (hot_lane.py);
        # off: Flask answers every request (the same answers, more CPU).
        "HOT_LANE": env_bool("HOT_LANE", True),
        "CORS_ORIGINS": [o for o in os.environ.get("CORS_ORIGINS", "").split(",") if o],
        # Proxies in front of the app whose X-Forwarded-For/-Proto it believes (0: none, so a
        # client-set header is ignored; behind deploy/'s nginx: 1). Rate limits key on the result.
        "TRUSTED_PROXY_HOPS": env_int("TRUSTED_PROXY_HOPS", 0),
        # APIFlask / OpenAPI
        "SYNC_LOCAL_SPEC": False,
        "VALIDATION_ERROR_STATUS_CODE": 422,
        "AUTH_ERROR_STATUS_CODE": 401,
        "DOCS_UI": "swagger-ui",
    }
    config.update(overrides)
    if production and config["SMTP_HOST"] and not config["PUBLIC_BASE_URL"]:
        # Links in mail would otherwise take the request's Host header: anyone asking for a
        # reset of someone else's account could make the mailed link point at their own site.
        raise ConfigError("PUBLIC_BASE_URL must be set when APP_ENV=production and SMTP_HOST is.")
    return config
