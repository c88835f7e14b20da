"""Rate limits for abuse-prone endpoints (sign-in, registration, course join codes, "forgot
password").

Three limits, counted in this order (a request refused by one is not counted by the next):

- per client address (LOGIN_RATE_LIMIT_PER_IP): generous, a whole school may share one address;
- per account *and* client address (LOGIN_RATE_LIMIT_PER_ACCOUNT): stops password guessing
  from one place, and a stranger's flood of wrong passwords fills only the stranger's own
  counter, so the owner still signs in from anywhere else;
- per account from all addresses together (LOGIN_RATE_LIMIT_ACCOUNT_CEILING): much higher, it
  bounds guessing spread over many addresses.

Counters live in memory by default (per process) and in Redis when RATELIMIT_STORAGE_URI points
there, so every worker and instance shares them; RATELIMIT_KEY_PREFIX keeps deployments (or
test runs) that share one Redis apart. Each app gets its own limiter (no module-level state).
Accounts are keyed by a hash of the e-mail, so the counters' store holds no addresses.
"""

from __future__ import annotations

import logging
import math
import time
from hashlib import sha256

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import DomainError

log = logging.getLogger(__name__)


class RateLimited(DomainError):
    status, code = 429, "rate_limited"


class LimiterUnavailable(DomainError):
    status, code = 503, "service_unavailable"


class RateLimiter:
    def __init__(self, storage_uri: str, enabled: bool, key_prefix: str) -> None:
        self.enabled = enabled
        # wrap_exceptions: a Redis outage is one StorageError, answered below.
        storage = storage_from_string(storage_uri, key_prefix=key_prefix, wrap_exceptions=True)
        self._strategy = MovingWindowRateLimiter(storage)

    def hit(self, *limits: tuple[str, str]) -> None:
        """Count one hit per (rule, key) in order; over any limit → 429 with Retry-After."""
        if not self.enabled:
            return
        try:
            for rule, key in limits:
                item: RateLimitItem = parse(rule)
                if not self._strategy.hit(item, key):
                    self._refuse(item, key)
        except StorageError as error:
            # Failing closed: sign-in without its limits would let guessing run unbounded.
            log.exception("rate-limit storage unreachable", exc_info=error)
            raise LimiterUnavailable(
                "Sign-in is briefly unavailable; try again in a moment.",
                headers={"Retry-After": "5"},
            ) from error

    def _refuse(self, item: RateLimitItem, key: str) -> None:
        reset_at = self._strategy.get_window_stats(item, key).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise RateLimited(
            "Too many attempts; try again later.",
            {"retry_after_seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )

    def reset(self) -> None:
        self._strategy.storage.reset()


def init_rate_limiter(app: Flask) -> None:
    app.extensions["rate_limiter"] = RateLimiter(
        app.config["RATELIMIT_STORAGE_URI"],
        bool(app.config["RATELIMIT_ENABLED"]),
        app.config["RATELIMIT_KEY_PREFIX"],
    )


def _account_key(email: str) -> str:
    return sha256(email.encode()).hexdigest()[:32]


def limit_sign_in(email: str) -> None:
    """Sign-in and registration attempts for `email` (normalized) from this request's address."""
    limiter: RateLimiter = current_app.extensions["rate_limiter"]
    config = current_app.config
    account = _account_key(email)
    address = request.remote_addr
    limiter.hit(
        (config["LOGIN_RATE_LIMIT_PER_IP"], f"sign-in:ip:{address}"),
        (config["LOGIN_RATE_LIMIT_PER_ACCOUNT"], f"sign-in:account-ip:{account}:{address}"),
        (config["LOGIN_RATE_LIMIT_ACCOUNT_CEILING"], f"sign-in:account:{account}"),
    )


def limit_password_reset(email: str) -> None:
    """ "Forgot password" requests per client address and per `email` (normalized) from all
    addresses. Counted the same whether the account exists or not, so a 429 reveals nothing."""
    limiter: RateLimiter = current_app.extensions["rate_limiter"]
    config = current_app.config
    limiter.hit(
        (config["RESET_RATE_LIMIT_PER_IP"], f"reset:ip:{request.remote_addr}"),
        (config["RESET_RATE_LIMIT_PER_ACCOUNT"], f"reset:account:{_account_key(email)}"),
    )


def limit_course_join(user_id: int) -> None:
    """Join-code tries by account `user_id` from this request's address (guessing codes), and
    by the address as a whole, counted like sign-in."""
    limiter: RateLimiter = current_app.extensions["rate_limiter"]
    config = current_app.config
    address = request.remote_addr
    limiter.hit(
        (config["LOGIN_RATE_LIMIT_PER_IP"], f"join:ip:{address}"),
        (config["JOIN_RATE_LIMIT_PER_ACCOUNT"], f"join:account-ip:{user_id}:{address}"),
    )
