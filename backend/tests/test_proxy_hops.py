"""Client addresses behind a proxy: TRUSTED_PROXY_HOPS decides whose X-Forwarded-For counts.

Rate limits key on `request.remote_addr`; a header a client can set must never move it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import request

from online_exam import create_app
from online_exam.app import OnlineExamApp


def _app(tmp_path: Path, hops: int) -> OnlineExamApp:
    app = create_app(
        {
            "APP_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite3'}",
            "RATELIMIT_ENABLED": False,
            "SPA_DIST": str(tmp_path),
            "TRUSTED_PROXY_HOPS": hops,
        }
    )

    @app.get("/api/test/client")
    def client_seen() -> dict[str, str | None]:
        return {"remote_addr": request.remote_addr, "scheme": request.scheme}

    return app


def _seen(app: OnlineExamApp, headers: dict[str, str]) -> dict[str, str]:
    response = app.test_client().get(
        "/api/test/client", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"}
    )
    assert response.status_code == 200
    data: dict[str, str] = response.get_json()
    return data


def test_no_trusted_hops_ignores_forwarded_headers(tmp_path: Path) -> None:
    app = _app(tmp_path, hops=0)
    seen = _seen(app, {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert seen == {"remote_addr": "10.0.0.2", "scheme": "http"}


def test_one_trusted_hop_takes_the_proxys_value(tmp_path: Path) -> None:
    app = _app(tmp_path, hops=1)
    # The proxy (10.0.0.2) reports the address it saw; the app believes it.
    seen = _seen(app, {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"})
    assert seen == {"remote_addr": "198.51.100.7", "scheme": "https"}


@pytest.mark.parametrize("spoofed", ["203.0.113.9", "203.0.113.9, 192.0.2.1"])
def test_one_trusted_hop_ignores_values_a_client_put_before_the_proxy(
    tmp_path: Path, spoofed: str
) -> None:
    """A proxy that appends (instead of overwriting, as deploy/'s nginx does) leaves the
    client's own header in front: only the rightmost value, the proxy's, is believed."""
    app = _app(tmp_path, hops=1)
    seen = _seen(app, {"X-Forwarded-For": f"{spoofed}, 198.51.100.7"})
    assert seen["remote_addr"] == "198.51.100.7"


def test_trusted_hops_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "1")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'env.sqlite3'}",
            "SPA_DIST": str(tmp_path),
        }
    )
    assert app.config["TRUSTED_PROXY_HOPS"] == 1
