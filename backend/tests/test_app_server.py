"""`python -m online_exam.app_server`: one app instance under Granian (default) or gunicorn.

The launcher's own checks run in a child process as they do in production; the serving test
starts a real Granian on a free port against the test database and sends the exam-day
requests over HTTP, then kills a worker and stops the server the way a supervisor does.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BACKEND = Path(__file__).resolve().parents[1]
TEST_KEY = "test-secret-key-that-is-long-enough-for-hs256"  # the app fixture's (conftest.py)


def _clean_env(env: dict[str, str]) -> dict[str, str]:
    prefixes = ("RATELIMIT_", "GUNICORN_", "GRANIAN_", "APP_", "DB_", "WEB_CONCURRENCY")
    base = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    base.pop("SERVE_INSTANCES", None)
    return {**base, **env}


def _launch(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "online_exam.app_server"],
        env=_clean_env(env),
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings(env: dict[str, str]) -> dict[str, Any]:
    probe = (
        "import json, os; from online_exam import app_server; "
        "print(json.dumps(app_server.resolved_settings(os.environ.get('APP_SERVER', 'granian'))))"
    )
    out = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", probe],
        env=_clean_env(env),
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(out.stdout))


def test_an_unknown_server_is_refused_by_name() -> None:
    result = _launch({"APP_SERVER": "tornado"})
    assert result.returncode == 2
    assert "APP_SERVER='tornado': choose one of granian, gunicorn" in result.stderr


@pytest.mark.parametrize("bind", ["8000", "127.0.0.1:", "127.0.0.1:http"])
def test_a_bind_without_host_and_port_is_refused(bind: str) -> None:
    result = _launch({"APP_BIND": bind, "WEB_CONCURRENCY": "1"})
    assert result.returncode == 2
    assert f"APP_BIND={bind!r}: expected host:port" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"WEB_CONCURRENCY": "2"},
        {"WEB_CONCURRENCY": "1", "SERVE_INSTANCES": "2"},
        {"GRANIAN_WORKERS": "3", "RATELIMIT_STORAGE_URI": "memory://"},
    ],
)
def test_granian_refuses_per_process_rate_limits_before_it_starts(env: dict[str, str]) -> None:
    result = _launch({"APP_SERVER": "granian", **env})
    assert result.returncode == 3
    assert "Refusing to start" in result.stderr
    assert "RATELIMIT_STORAGE_URI=redis://" in result.stderr


def test_granian_defaults_follow_the_workers_and_threads() -> None:
    settings = _settings({"WEB_CONCURRENCY": "3", "RATELIMIT_ENABLED": "false"})
    assert settings["app_server"].startswith("granian 2.8")
    assert (settings["workers"], settings["threads"], settings["db_pool"]) == (3, 2, "2+2")
    assert settings["gc"] == "tuned"


def test_an_operators_own_granian_settings_win() -> None:
    env = {"GRANIAN_WORKERS": "1", "GRANIAN_BLOCKING_THREADS": "4", "DB_MAX_OVERFLOW": "0"}
    settings = _settings({**env, "WEB_CONCURRENCY": "2"})
    assert (settings["workers"], settings["threads"], settings["db_pool"]) == (1, 4, "4+0")


def test_gunicorn_is_still_a_choice_with_its_own_file() -> None:
    settings = _settings({"APP_SERVER": "gunicorn", "GUNICORN_WORKERS": "1"})
    assert settings["app_server"].endswith("gthread")
    assert (settings["workers"], settings["threads"], settings["db_pool"]) == (1, 2, "2+2")


# --------------------------------------------------------------------------- a real Granian


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process, self.port = process, port

    def request(
        self, method: str, path: str, headers: dict[str, str], body: Any = None, chunked=False
    ) -> tuple[int, dict[str, Any]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            data = None if body is None else json.dumps(body).encode()
            sent = {**headers, "Content-Type": "application/json"} if data else headers
            if chunked:
                assert data is not None
                connection.request(method, path, iter([data[:5], data[5:]]), sent)
            else:
                connection.request(method, path, data, sent)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def workers(self) -> list[int]:
        tasks = Path(f"/proc/{self.process.pid}/task").iterdir()  # Linux: children per thread
        return [int(child) for task in tasks for child in (task / "children").read_text().split()]

    def wait_healthy(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited"
            try:
                if self.request("GET", "/api/health", {})[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"not healthy within {seconds} s")


@pytest.fixture
def granian() -> Iterator[Served]:
    port = _free_port()
    url = os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": TEST_KEY,
        "DATABASE_URL": url,
        "APP_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "RATELIMIT_ENABLED": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "online_exam.app_server"],
        env=_clean_env(env),
        cwd=BACKEND,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    served = Served(process, port)
    try:
        served.wait_healthy(60)
        yield served
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@pytest.fixture
def exam(users, build_exam):
    return build_exam(users["author"], time_limit_minutes=30, review_policy="immediately")


@pytest.mark.postgres
def test_granian_serves_an_exam_and_replaces_a_killed_worker(granian, auth, exam):
    student = auth["student"]
    status, view = granian.request("POST", f"/api/exams/{exam.id}/attempts", student)
    assert status == 201, view
    question = next(q for q in view["questions"] if q["type"] == "single")
    path = f"/api/attempts/{view['id']}/responses/{question['id']}"
    choice = question["alternatives"][0]["id"]

    status, saved = granian.request("PUT", path, student, {"selected_ids": [choice], "seq": 1})
    assert (status, saved["seq"], saved["stale"]) == (200, 1, False)
    # a chunked body (no Content-Length) is read whole as well
    body = {"selected_ids": [choice], "seq": 2}
    status, saved = granian.request("PUT", path, student, body, chunked=True)
    assert (status, saved["seq"], saved["stale"]) == (200, 2, False)

    (worker,) = granian.workers()
    os.kill(worker, signal.SIGKILL)
    granian.wait_healthy(30)
    assert granian.workers() not in ([], [worker])  # a new worker, and the same master

    status, result = granian.request("POST", f"/api/attempts/{view['id']}/submit", student, {})
    assert status == 200, result
    assert result["state"] == "submitted"
    answered = next(r for r in result["responses"] if r["question_id"] == question["id"])
    assert answered["selected_ids"] == [choice]

    granian.process.send_signal(signal.SIGTERM)  # as deploy/serve.py stops an instance
    assert granian.process.wait(30) == 0
