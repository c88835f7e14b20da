"""gunicorn settings for Online Exam (`make serve-prod`, and bench/ uses the same file).

Every setting can be overridden from the environment; the defaults were chosen by measuring
the exam-day scenario on a 2-core machine with PostgreSQL on the same host (README.md,
"Exam day"):

- GUNICORN_WORKER_CLASS (default ``gthread``): its main loop keeps HTTP connections alive
  while the request threads work (``sync`` closes every connection after one request);
- GUNICORN_WORKERS / WEB_CONCURRENCY (default: CPU cores): one process per core — Python runs
  one thread at a time per process, so more processes than cores only add switching;
- GUNICORN_THREADS (default 2): requests in flight per worker. With one thread, a long request
  (a 1 MiB import takes seconds) stalls every request queued behind it on that worker; with
  two, the other thread serves them (bench/results/imports.md). The bursts cost 2-8 % more CPU
  per request with 2 threads than with 1, within their noise, and 4 cost 15 % more and tripled
  the deadline p99 (bench/bursts.py): 2 it is. With the database on another host requests wait
  longer on the network: measure 2-4 threads there;
- the SQLAlchemy pool per worker is sized to the threads (DB_POOL_SIZE, unless set) with a
  small overflow (DB_MAX_OVERFLOW, default 2), so at most workers x (threads + 2) connections.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _env_int("GUNICORN_WORKERS", _env_int("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = _env_int("GUNICORN_THREADS", 2) if worker_class == "gthread" else 1
# Generous: the longest request is a submit of a large exam; a stuck worker is restarted.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# gthread: connections one worker holds (in flight + kept alive); see README "Exam day" on
# keep-alive and the balance between workers.
worker_connections = _env_int("GUNICORN_WORKER_CONNECTIONS", 1000)
# The exam-day burst arrives at once: let the kernel queue the connections.
backlog = _env_int("GUNICORN_BACKLOG", 2048)
# The app is built once in the master (imports, argon2's dummy hash) and forked: faster worker
# (re)starts, e.g. after a worker is killed mid-exam. No connection is opened before the fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None  # off by default: it costs throughput
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "online-exam"
# gunicorn 23+'s runtime control socket is one fixed path per user: several servers on one
# host (bench/ runs two) would fight over it. Off unless asked for.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def _refuse_per_process_rate_limits() -> None:
    """With `memory://` storage every worker process counts on its own: on 2 workers the
    per-account sign-in limit of 10/min let 19 wrong passwords through. Refuse to start when
    more than one process (workers x SERVE_INSTANCES) would count separately, unless the
    operator says so explicitly — and then say loudly what it means."""
    enabled = os.environ.get("RATELIMIT_ENABLED", "true").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://").strip()
    processes = workers * _env_int("SERVE_INSTANCES", 1)
    if not enabled or not storage.startswith("memory://") or processes <= 1:
        return
    message = (
        f"RATELIMIT_STORAGE_URI={storage} keeps the rate-limit counters in each process, and "
        f"{processes} processes would count separately: every sign-in limit would be up to "
        f"{processes} times its setting. Set RATELIMIT_STORAGE_URI=redis://host:6379/0 (make "
        "serve-prod defaults to redis://127.0.0.1:6379/0), or run one worker, or set "
        "RATELIMIT_ALLOW_PER_PROCESS=true to accept the multiplied limits."
    )
    if os.environ.get("RATELIMIT_ALLOW_PER_PROCESS", "").strip().lower() in {"1", "true", "yes"}:
        sys.stderr.write(f"WARNING (RATELIMIT_ALLOW_PER_PROCESS=true): {message}\n")
        return
    sys.stderr.write(f"Refusing to start: {message}\n")
    raise SystemExit(3)


_refuse_per_process_rate_limits()

# One connection per thread, plus a little overflow, in each worker (read by config.py).
os.environ.setdefault("DB_POOL_SIZE", str(threads))
os.environ.setdefault("DB_MAX_OVERFLOW", "2")


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """A forked worker must never share a connection the master opened (none is expected)."""
    app = getattr(worker, "wsgi", None)
    if app is None or "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # not our app (bench/bare_app.py uses this file too)
    from online_exam.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """Tune the worker's garbage collector (GUNICORN_GC=default keeps Python's settings)."""
    if os.environ.get("GUNICORN_GC", "tuned") == "default":
        return
    gc.freeze()  # the preloaded app: never scanned again
    gc.set_threshold(int(os.environ.get("GUNICORN_GC_GEN0", "20000")), 20, 20)
