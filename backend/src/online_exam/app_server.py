"""One app instance: `python -m online_exam.app_server` starts the chosen WSGI server.

APP_SERVER picks it (README "Configuration"):

- ``granian`` (default): Granian, an HTTP server in Rust running the WSGI app on a few Python
  threads per worker process. Its HTTP handling costs a third less CPU per autosave than
  gunicorn's pure-Python parser (README "Exam day"). Its settings are Granian's own environment
  variables (GRANIAN_WORKERS, GRANIAN_BLOCKING_THREADS, ...); this module only sets defaults;
- ``gunicorn``: gunicorn gthread with backend/gunicorn.conf.py, the server before Granian.

Either way the instance listens on APP_BIND (host:port, default 127.0.0.1:8000) and never faces
clients itself: a slow client holds a Granian worker while it sends its body, so nginx
(deploy/serve.py) reads every request first. What every app process needs whichever server
runs it lives here too: the pool sized to the threads, the rate-limit startup check, and the
garbage-collector tuning (called by wsgi.py once the app is built).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from .config import env_bool, env_int

SERVERS = ("granian", "gunicorn")
DEFAULT_BIND = "127.0.0.1:8000"
# Requests in flight per worker process: one long request (a large import) must not stall the
# ones behind it, and more threads than that only add contention on two cores (README "Exam day").
DEFAULT_THREADS = 2
DEFAULT_BACKLOG = 2048  # the exam-day burst arrives at once: let the kernel queue connections
BACKEND = Path(__file__).resolve().parents[2]


def default_workers() -> int:
    """One worker process per core, unless WEB_CONCURRENCY says otherwise: Python runs one
    thread at a time per process, so more processes than cores only add switching."""
    return env_int("WEB_CONCURRENCY", os.cpu_count() or 1)


def size_pool(threads: int) -> None:
    """One database connection per request thread plus a small overflow, in each worker
    (read by config.py; an explicit DB_POOL_SIZE / DB_MAX_OVERFLOW wins)."""
    os.environ.setdefault("DB_POOL_SIZE", str(threads))
    os.environ.setdefault("DB_MAX_OVERFLOW", "2")


def refuse_per_process_rate_limits(workers: int) -> None:
    """With `memory://` storage every worker process counts on its own: on 2 workers the
    per-account sign-in limit of 10/min let 19 wrong passwords through. Refuse to start when
    more than one process (workers x SERVE_INSTANCES) would count separately, unless the
    operator says so explicitly — and then say loudly what it means."""
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://").strip()
    processes = workers * env_int("SERVE_INSTANCES", 1)
    if not env_bool("RATELIMIT_ENABLED", True) or not storage.startswith("memory://"):
        return
    if processes <= 1:
        return
    message = (
        f"RATELIMIT_STORAGE_URI={storage} keeps the rate-limit counters in each process, and "
        f"{processes} processes would count separately: every sign-in limit would be up to "
        f"{processes} times its setting. Set RATELIMIT_STORAGE_URI=redis://host:6379/0 (make "
        "serve-prod defaults to redis://127.0.0.1:6379/0), or run one worker, or set "
        "RATELIMIT_ALLOW_PER_PROCESS=true to accept the multiplied limits."
    )
    if env_bool("RATELIMIT_ALLOW_PER_PROCESS", False):
        sys.stderr.write(f"WARNING (RATELIMIT_ALLOW_PER_PROCESS=true): {message}\n")
        return
    sys.stderr.write(f"Refusing to start: {message}\n")
    raise SystemExit(3)


def tune_gc() -> None:
    """Freeze the freshly built app out of the garbage collector (never scanned again) and
    collect less often: submit 4.7 -> 4.3 ms, deadline-burst p99 1.6 -> 0.86 s (bench/bursts.py).
    APP_GC=default keeps Python's settings."""
    if os.environ.get("APP_GC", "tuned") == "default":
        return
    gc.freeze()
    gc.set_threshold(env_int("APP_GC_GEN0", 20000), 20, 20)


def granian_command() -> list[str]:
    """Granian's command line; its settings are defaulted in the environment, where Granian
    reads them (GRANIAN_*), so an operator's own GRANIAN_* values win."""
    bind = os.environ.get("APP_BIND", DEFAULT_BIND)
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        sys.stderr.write(f"APP_BIND={bind!r}: expected host:port, e.g. {DEFAULT_BIND}\n")
        raise SystemExit(2)
    defaults = {
        "GRANIAN_INTERFACE": "wsgi",
        "GRANIAN_HOST": host,
        "GRANIAN_PORT": port,
        "GRANIAN_WORKERS": str(default_workers()),
        "GRANIAN_BLOCKING_THREADS": str(DEFAULT_THREADS),
        "GRANIAN_BACKLOG": str(DEFAULT_BACKLOG),
        # a killed or crashed worker is replaced (a crash loop stops the instance instead)
        "GRANIAN_RESPAWN_FAILED_WORKERS": "true",
        "GRANIAN_WORKERS_KILL_TIMEOUT": "30",  # graceful stop: finish what is in flight
        "GRANIAN_WEBSOCKETS": "false",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    workers = env_int("GRANIAN_WORKERS", 1)
    refuse_per_process_rate_limits(workers)
    size_pool(env_int("GRANIAN_BLOCKING_THREADS", DEFAULT_THREADS))
    return [str(Path(sys.executable).parent / "granian"), "online_exam.wsgi:app"]


def gunicorn_command() -> list[str]:
    """gunicorn with backend/gunicorn.conf.py, which reads APP_BIND and does its own checks
    when it loads."""
    conf = BACKEND / "gunicorn.conf.py"
    return [str(Path(sys.executable).parent / "gunicorn"), "-c", str(conf), "online_exam.wsgi:app"]


def command(server: str) -> list[str]:
    if server not in SERVERS:
        sys.stderr.write(f"APP_SERVER={server!r}: choose one of {', '.join(SERVERS)}\n")
        raise SystemExit(2)
    return granian_command() if server == "granian" else gunicorn_command()


def resolved_settings(server: str) -> dict[str, object]:
    """What an instance started now with this environment would run (bench/ reports it
    beside every figure)."""
    from importlib.metadata import version

    command(server)
    if server == "gunicorn":
        import runpy

        conf = runpy.run_path(str(BACKEND / "gunicorn.conf.py"))
        name = f"gunicorn {version('gunicorn')} {conf['worker_class']}"
        workers, threads = conf["workers"], conf["threads"]
    else:
        name = f"granian {version('granian')} wsgi"
        workers = env_int("GRANIAN_WORKERS", 1)
        threads = env_int("GRANIAN_BLOCKING_THREADS", DEFAULT_THREADS)
    return {
        "app_server": name,
        "workers": workers,
        "threads": threads,
        "db_pool": f"{os.environ['DB_POOL_SIZE']}+{os.environ['DB_MAX_OVERFLOW']}",
        "gc": os.environ.get("APP_GC", "tuned"),
    }


def main() -> None:
    argv = command(os.environ.get("APP_SERVER", "granian").strip() or "granian")
    # exec: the server keeps this pid, so supervisors (deploy/serve.py, a container) signal
    # it directly and its workers are this process's children.
    os.execv(argv[0], argv)  # noqa: S606 - a fixed program from this venv


if __name__ == "__main__":
    main()
