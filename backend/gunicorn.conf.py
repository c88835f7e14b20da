"""gunicorn settings for Online Exam: an app instance with APP_SERVER=gunicorn (app_server.py;
Granian is the default), and bench/ serves its yardsticks with this file.

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

import os

from online_exam.app_server import (
    DEFAULT_BACKLOG,
    DEFAULT_BIND,
    DEFAULT_THREADS,
    default_workers,
    refuse_per_process_rate_limits,
    size_pool,
)
from online_exam.config import env_int as _env_int

bind = os.environ.get("GUNICORN_BIND") or os.environ.get("APP_BIND") or DEFAULT_BIND
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _env_int("GUNICORN_WORKERS", default_workers())
threads = _env_int("GUNICORN_THREADS", DEFAULT_THREADS) if worker_class == "gthread" else 1
# Generous: the longest request is a submit of a large exam; a stuck worker is restarted.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# gthread: connections one worker holds (in flight + kept alive); see README "Exam day" on
# keep-alive and the balance between workers.
worker_connections = _env_int("GUNICORN_WORKER_CONNECTIONS", 1000)
# The exam-day burst arrives at once: let the kernel queue the connections.
backlog = _env_int("GUNICORN_BACKLOG", DEFAULT_BACKLOG)
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


refuse_per_process_rate_limits(workers)

size_pool(threads)


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """A forked worker must never share a connection the master opened (none is expected)."""
    app = getattr(worker, "wsgi", None)
    if app is None or "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # not our app (bench/bare_app.py uses this file too)
    from online_exam.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
