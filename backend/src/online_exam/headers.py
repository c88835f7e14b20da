"""Response headers every answer carries: security headers and the CORS allow-list."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

# The SPA needs inline styles (Angular Material); scripts only from our origin.
SPA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI's page starts itself with an inline script.
DOCS_CSP = SPA_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
CORS_MAX_AGE = "600"


@lru_cache(maxsize=8)
def _with_issuer(csp: str, issuer: str) -> str:
    """The CSP with the OIDC issuer's origin added to connect-src: the SPA fetches the provider's
    discovery document, keys and token endpoint from the browser."""
    parts = urlsplit(issuer.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return csp
    return csp.replace("connect-src 'self'", f"connect-src 'self' {parts.scheme}://{parts.netloc}")


_ORIGINS_TTL = 30.0
_origins_cache: tuple[float, list[str]] = (0.0, [])


def _frameable(path: str, fetch_dest: str | None) -> bool:
    """LTI launch pages, and SPA pages the browser loads into a frame (a platform's iframe);
    every other answer keeps frame-ancestors 'none'."""
    if path.startswith("/api/"):
        return path.startswith(("/api/lti/login", "/api/lti/launch"))
    return fetch_dest == "iframe" or path.startswith("/lti/")


def _platform_origins() -> list[str]:
    """Registered platforms' origins, cached briefly per process (only a cache)."""
    global _origins_cache
    now = time.monotonic()
    if _origins_cache[0] > now:
        return _origins_cache[1]
    from .lti.platforms import frame_origins

    try:
        origins = frame_origins()
    except Exception:
        origins = []
    _origins_cache = (now + _ORIGINS_TTL, origins)
    return origins


def forget_platform_origins() -> None:
    global _origins_cache
    _origins_cache = (0.0, [])


# What an answer's headers depend on: (response, path, secure, Origin, Sec-Fetch-Dest).
Decorate = Callable[[Response, str, bool, "str | None", "str | None"], Response]


def init_headers(app: Flask) -> Decorate:
    """Every answer gets its headers from `decorate` (after each request here; the hot lane,
    hot_lane.py, calls it too), which is returned for that."""
    allowed_origins = frozenset(app.config["CORS_ORIGINS"])

    def decorate(
        response: Response, path: str, secure: bool, origin: str | None, fetch_dest: str | None
    ) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        csp = DOCS_CSP if path.startswith("/api/docs") else SPA_CSP
        issuer = current_app.config.get("OIDC_ISSUER")
        if issuer:
            csp = _with_issuer(csp, str(issuer))
        if _frameable(path, fetch_dest):
            ancestors = _platform_origins()
            if ancestors:  # only registered learning platforms may frame us
                listed = " ".join(ancestors)
                csp = csp.replace("frame-ancestors 'none'", "frame-ancestors " + listed)
                # The deep-linking answer is a form posted back to the platform.
                csp = csp.replace("form-action 'self'", "form-action 'self' " + listed)
                del headers["X-Frame-Options"]
        headers.setdefault("Content-Security-Policy", csp)
        if secure:  # behind HTTPS (ProxyFix or TLS termination sets the scheme)
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if path.startswith("/api/") and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store"  # API answers are per user and may be private
        if origin and origin in allowed_origins:
            headers["Access-Control-Allow-Origin"] = origin
            headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
            headers["Access-Control-Max-Age"] = CORS_MAX_AGE
            headers.add("Vary", "Origin")
        return response

    @app.after_request
    def add_headers(response: Response) -> Response:
        return decorate(
            response,
            request.path,
            request.is_secure,
            request.headers.get("Origin"),
            request.headers.get("Sec-Fetch-Dest"),
        )

    return decorate
