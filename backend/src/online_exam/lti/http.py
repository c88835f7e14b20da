"""The few HTTP calls to a platform (key set, token, AGS, NRPS) with the standard library, and
a small per-process cache of platform key sets (only a cache: safe with many workers)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from flask import current_app


class PlatformError(Exception):
    """The platform could not be reached or answered with an error."""


def request_json(
    method: str,
    url: str,
    *,
    body: Any = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[Any, dict[str, str]]:
    """(decoded JSON body or None, response headers)."""
    data = None
    all_headers = {"Accept": "application/json", **(headers or {})}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        all_headers.setdefault("Content-Type", "application/json")
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise PlatformError(f"{url} is not an http(s) URL")
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)  # noqa: S310
    timeout = int(current_app.config.get("LTI_HTTP_TIMEOUT_SECONDS", 10))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (admin-set URLs)
            raw = response.read()
            return (json.loads(raw) if raw.strip() else None), dict(response.headers)
    except urllib.error.HTTPError as error:
        raise PlatformError(f"{method} {url}: HTTP {error.code}") from error
    except (OSError, ValueError) as error:
        raise PlatformError(f"{method} {url}: {error}") from error


_KEY_SETS: dict[str, tuple[float, dict[str, Any]]] = {}
KEY_SET_TTL = 300.0


def key_set(url: str, refresh: bool = False) -> dict[str, Any]:
    """The platform's JWKS, cached for a few minutes; `refresh` when a kid is unknown."""
    cached = _KEY_SETS.get(url)
    if cached and not refresh and cached[0] > time.monotonic():
        return cached[1]
    document, _ = request_json("GET", url)
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise PlatformError(f"{url} is not a JSON Web Key Set")
    _KEY_SETS[url] = (time.monotonic() + KEY_SET_TTL, document)
    return document


def forget_key_sets() -> None:
    _KEY_SETS.clear()
