"""The production nginx configuration (deploy/nginx/), rendered and run for real.

nginx sits in front of stand-in upstreams (a tiny HTTP server that echoes what it received,
and one that hangs up on every request), so what is tested is the proxy's own behaviour:
client addresses, the JSON error shape for what nginx answers itself, retries of idempotent
requests only, and how the web app is served.
"""

from __future__ import annotations

import gzip
import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import render  # noqa: E402

HASHED = "main-AB12cd_-.js"  # the build's names: 8 characters of base64url after the last '-'


class Echo(BaseHTTPRequestHandler):
    """Answers every request with what it received (method, path, headers, body size)."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        data = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body_bytes": len(body),
                "upstream": getattr(self.server, "server_port", 0),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *_: Any) -> None:
        pass


class HangUp:
    """An upstream that reads a request and closes the connection without an answer (an
    instance dying mid-request)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.seen = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    if conn.recv(65536):
                        self.seen += 1
                except OSError:
                    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Proxy:
    def __init__(self, tmp: Path, upstreams: list[str]) -> None:
        self.port = _free_port()
        web = tmp / "web"
        (web / "media").mkdir(parents=True)
        (web / "index.html").write_text("<!doctype html><title>Online Exam</title>" + " " * 2000)
        (web / HASHED).write_text("console.log('app');" * 200)
        run_dir = tmp / "run"
        settings = render.values(run_dir, f"127.0.0.1:{self.port}", upstreams, web)
        conf = render.render(run_dir, settings)
        checked = render.nginx_test(conf)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen(  # noqa: S603 - nginx with our own configuration
            [render.NGINX, "-p", str(run_dir), "-e", str(run_dir / "error.log"), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not start")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture(scope="module")
def echo() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory, echo: ThreadingHTTPServer) -> Iterator[Proxy]:
    if not Path(render.NGINX).exists() and shutil.which("nginx") is None:
        pytest.fail("nginx is not installed: run `make nginx` (make test does)")
    p = Proxy(tmp_path_factory.mktemp("nginx"), [f"127.0.0.1:{echo.server_address[1]}"])
    yield p
    p.stop()


def _json(body: bytes) -> Any:
    return json.loads(body)


def test_client_set_forwarded_for_is_replaced_by_the_real_address(proxy: Proxy) -> None:
    status, _, body = proxy.request(
        "GET",
        "/api/whoami",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
    )
    assert status == 200
    seen = _json(body)["headers"]
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"


def test_bodies_over_the_limit_get_413_in_the_error_shape(proxy: Proxy) -> None:
    status, headers, body = proxy.request(
        "POST",
        "/api/auth/login",
        body=b"x" * (1024 * 1024 + 1),
        headers={"Content-Type": "application/json"},
    )
    assert status == 413
    assert headers["content-type"] == "application/json"
    error = _json(body)["error"]
    assert error["status"] == 413
    assert error["code"] == "payload_too_large"


def test_qti_packages_have_their_own_larger_limit(proxy: Proxy) -> None:
    two_mib = b"z" * (2 * 1024 * 1024)
    for path in ("/api/exams/7/import/qti", "/api/exams/import/qti"):
        status, _, body = proxy.request("POST", path, body=two_mib)
        assert status == 200, path
        assert _json(body)["body_bytes"] == len(two_mib)
    status, _, _ = proxy.request("POST", "/api/exams/7/import", body=two_mib)
    assert status == 413  # every other route keeps MAX_CONTENT_LENGTH
    status, headers, body = proxy.request(
        "POST", "/api/exams/import/qti", body=b"z" * (10 * 1024 * 1024 + 1)
    )
    assert status == 413
    assert headers["content-type"] == "application/json"
    assert _json(body)["error"]["details"] == {"max_bytes": 10 * 1024 * 1024}


def test_a_body_at_the_limit_is_passed_on_whole(proxy: Proxy) -> None:
    status, _, body = proxy.request("PUT", "/api/x", body=b"y" * (1024 * 1024))
    assert status == 200
    assert _json(body)["body_bytes"] == 1024 * 1024


def test_client_routes_fall_back_to_index_html_but_api_paths_never(proxy: Proxy) -> None:
    status, headers, body = proxy.request("GET", "/exams/3/take")
    assert status == 200
    assert b"<title>Online Exam</title>" in body
    assert headers["cache-control"] == "no-cache"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    status, _, body = proxy.request("GET", "/api/exams/unknown")
    assert status == 200
    assert _json(body)["path"] == "/api/exams/unknown"  # passed to the app, not the SPA
    status, headers, body = proxy.request("GET", "/api")
    assert status == 404
    assert _json(body)["error"]["code"] == "not_found"


def test_hashed_assets_are_immutable_and_compressed(proxy: Proxy) -> None:
    status, headers, body = proxy.request("GET", f"/{HASHED}", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"console.log")
    status, _, _ = proxy.request("GET", "/main-NOTBUILT.js")
    assert status == 404  # a missing asset is not answered with index.html


def test_no_instance_answering_gives_503_in_the_error_shape(tmp_path: Path) -> None:
    dead = _free_port()  # nothing listens there
    p = Proxy(tmp_path, [f"127.0.0.1:{dead}"])
    try:
        status, headers, body = p.request("GET", "/api/health")
    finally:
        p.stop()
    assert status == 503
    assert headers["retry-after"] == "2"
    assert _json(body)["error"] == {
        "status": 503,
        "code": "service_unavailable",
        "message": "The service is unavailable; try again shortly.",
        "details": {},
    }


@pytest.mark.parametrize(("method", "expected"), [("GET", 200), ("PUT", 200), ("POST", 503)])
def test_only_idempotent_requests_are_resent_to_another_instance(
    tmp_path: Path, echo: ThreadingHTTPServer, method: str, expected: int
) -> None:
    """An instance that dies mid-request: GET and PUT (autosave) are re-sent to the other
    instance; POST (start, submit) is not (nginx never re-sends it once it reached an
    instance) and comes back 503 in the error shape, for the client to retry."""
    hang = HangUp()
    p = Proxy(tmp_path, [f"127.0.0.1:{hang.port}", f"127.0.0.1:{echo.server_address[1]}"])
    try:
        for _ in range(4):  # round robin: within two requests one reaches the dying instance
            before = hang.seen
            status, _, body = p.request(method, "/api/attempts/1/responses/2", body=b"{}")
            if hang.seen > before:
                break
        else:
            pytest.fail("no request reached the dying instance")
    finally:
        p.stop()
        hang.sock.close()
    assert status == expected
    if expected == 200:
        assert _json(body)["upstream"] == echo.server_address[1]
    else:
        assert _json(body)["error"]["code"] == "service_unavailable"


def test_pages_in_a_platform_iframe_may_be_framed_by_the_listed_platforms_only(
    tmp_path: Path, echo: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LTI_FRAME_ANCESTORS", "https://moodle.example.org")
    p = Proxy(tmp_path, [f"127.0.0.1:{echo.server_address[1]}"])
    try:
        _, framed, _ = p.request("GET", "/lti/launch", headers={"Sec-Fetch-Dest": "iframe"})
        policy = framed["content-security-policy"]
        assert "frame-ancestors https://moodle.example.org" in policy
        assert "form-action 'self' https://moodle.example.org" in policy
        assert "x-frame-options" not in framed
        _, top, _ = p.request("GET", "/lti/launch")  # the same page as a top-level document
        assert "frame-ancestors 'none'" in top["content-security-policy"]
        assert top["x-frame-options"] == "DENY"
    finally:
        p.stop()
