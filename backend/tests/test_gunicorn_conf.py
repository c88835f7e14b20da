"""gunicorn.conf.py refuses per-process rate-limit counters when several processes would count.

With `memory://` storage each worker process keeps its own counters, so N processes let N
times the configured sign-in attempts through. The check runs when gunicorn reads the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def _load(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RATELIMIT_", "GUNICORN_"))}
    base.pop("SERVE_INSTANCES", None)
    return subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", f"import runpy; runpy.run_path({str(CONF)!r})"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"GUNICORN_WORKERS": "2"},
        {"GUNICORN_WORKERS": "1", "SERVE_INSTANCES": "2"},
        {"GUNICORN_WORKERS": "2", "RATELIMIT_STORAGE_URI": "memory://"},
    ],
)
def test_memory_storage_with_several_processes_is_refused(env: dict[str, str]) -> None:
    result = _load(env)
    assert result.returncode == 3
    assert "Refusing to start" in result.stderr
    assert "RATELIMIT_STORAGE_URI=redis://" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"GUNICORN_WORKERS": "1"},
        {"GUNICORN_WORKERS": "2", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"},
        {"GUNICORN_WORKERS": "2", "SERVE_INSTANCES": "2", "RATELIMIT_ENABLED": "false"},
    ],
)
def test_shared_storage_one_process_or_no_limits_start(env: dict[str, str]) -> None:
    result = _load(env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_explicit_override_starts_and_says_why_loudly() -> None:
    result = _load({"GUNICORN_WORKERS": "2", "RATELIMIT_ALLOW_PER_PROCESS": "true"})
    assert result.returncode == 0
    assert "WARNING (RATELIMIT_ALLOW_PER_PROCESS=true)" in result.stderr
    assert "up to 2 times its setting" in result.stderr
