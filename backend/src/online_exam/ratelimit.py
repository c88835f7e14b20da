"""Rate limits for abuse-prone endpoints (sign-in, registration), per client IP and per account.

Counters live in memory by default and in Redis when RATELIMIT_STORAGE_URI points there, so
several app instances share them. Each app gets its own limiter (no module-level state).
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import DomainError


class RateLimited(DomainError):
    status, code = 429, "rate_limited"


class RateLimiter:
    def __init__(self, storage_uri: str, enabled: bool) -> None:
        self.enabled = enabled
        self._strategy = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def hit(self, *limits: tuple[str, str]) -> None:
        """Count one hit per (rule, key); over any limit → 429 with Retry-After."""
        if not self.enabled:
            return
        for rule, key in limits:
            item: RateLimitItem = parse(rule)
            if not self._strategy.hit(item, key):
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
        app.config["RATELIMIT_STORAGE_URI"], bool(app.config["RATELIMIT_ENABLED"])
    )


def limit_sign_in(account: str) -> None:
    """Sign-in and registration: limited per client IP and per account (e-mail)."""
    limiter: RateLimiter = current_app.extensions["rate_limiter"]
    config = current_app.config
    limiter.hit(
        (config["LOGIN_RATE_LIMIT_PER_IP"], f"sign-in:ip:{request.remote_addr}"),
        (config["LOGIN_RATE_LIMIT_PER_ACCOUNT"], f"sign-in:account:{account}"),
    )
