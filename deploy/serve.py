"""The production stack on one machine: nginx in front of N app instances.

    .venv/bin/python deploy/serve.py            (what `make serve-prod` runs)

1. `flask db upgrade`, once, before any instance starts;
2. SERVE_INSTANCES (default 2) app instances (`python -m online_exam.app_server`: Granian, or
   gunicorn with APP_SERVER=gunicorn), each bound to a free loopback port, with
   TRUSTED_PROXY_HOPS=1 and the rate-limit counters in Redis (RATELIMIT_STORAGE_URI, default
   redis://127.0.0.1:6379/0); WEB_CONCURRENCY (worker processes per instance) defaults to
   cores / instances, so the machine still runs one app process per core;
3. nginx (deploy/nginx/, rendered into the run directory, no root) on PROD_HOST:PROD_PORT
   (127.0.0.1:8000), serving the built web app and passing /api to the instances.

An instance that dies is started again (nginx sends its requests to the others meanwhile).
Ctrl+C or SIGTERM stops everything: nginx first (no new requests), then the instances
(gracefully, then SIGKILL to their whole process group after a bound). Each child also gets
SIGTERM from the kernel if this supervisor itself is killed (PR_SET_PDEATHSIG): no orphans.
The benchmarks (bench/) start the same stack through `Stack`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import render

ROOT = render.ROOT
BACKEND = ROOT / "backend"
VENV_BIN = Path(sys.executable).parent
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
STOP_GRACE_SECONDS = 20.0
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded before any fork


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies, however it dies. (Linux
    sends it when the forking *thread* ends: start the stack from a thread that lives on.)"""
    with contextlib.suppress(AttributeError):
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, seconds: float, process: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"exited with status {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - http://127.0.0.1
                if response.status == 200:
                    return
                last = f"status {response.status}"
        except urllib.error.HTTPError as error:
            last = f"status {error.code}"
        except OSError as error:
            last = str(error)
        time.sleep(0.2)
    raise RuntimeError(f"{url} not healthy within {seconds:.0f} s ({last})")


def check_redis(uri: str) -> None:
    """Fail early and clearly when the rate-limit storage is Redis and nobody answers there
    (otherwise every sign-in would fail later, one by one)."""
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme not in ("redis", "rediss"):
        return
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 3):
            pass
    except OSError as error:
        raise RuntimeError(
            f"Redis is unreachable at {uri} ({error}); start it or set RATELIMIT_STORAGE_URI"
        ) from error


def production_secret_key() -> str:
    """SECRET_KEY from the environment, else backend/instance/secret_key.production (made once,
    mode 600): every instance must sign and verify tokens with the same key."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    key_file = BACKEND / "instance" / "secret_key.production"
    if not key_file.is_file() or not key_file.read_text().strip():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(secrets.token_urlsafe(48) + "\n")
        print(f"Generated SECRET_KEY into {key_file}", flush=True)
    return key_file.read_text().strip()


def instance_command(address: str) -> list[str]:
    """One app instance (it listens on APP_BIND = `address`, which the environment carries)."""
    return [str(VENV_BIN / "python"), "-m", "online_exam.app_server"]


@dataclass
class Instance:
    index: int
    port: int
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        return f"http://{self.address}"

    def worker_pids(self) -> list[int]:
        if self.process is None or self.process.poll() is not None:
            return []
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]


@dataclass
class Stack:
    """nginx + `instances` app instances; `env` is the app's environment (DATABASE_URL,
    SECRET_KEY, ...), to which the stack adds its own settings unless they are set."""

    env: dict[str, str]
    instances: int = 2
    host: str = "127.0.0.1"
    port: int = 8000
    run_dir: Path = BACKEND / "instance" / "serve"
    web_root: Path = render.WEB_ROOT
    log_dir: Path | None = None  # None: the children write to this process's stdout/stderr
    restart: bool = True
    nginx: subprocess.Popen[bytes] | None = None
    members: list[Instance] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ------------------------------------------------------------------ environment
    def app_env(self) -> dict[str, str]:
        cores = os.cpu_count() or 1
        env = {**os.environ, **self.env}
        env.setdefault("APP_ENV", "production")
        env.setdefault("TRUSTED_PROXY_HOPS", "1")  # nginx, and only nginx, sets X-Forwarded-For
        env.setdefault("RATELIMIT_STORAGE_URI", DEFAULT_REDIS)
        env.setdefault("WEB_CONCURRENCY", str(max(1, cores // self.instances)))
        env["SERVE_INSTANCES"] = str(self.instances)  # read by the rate-limit startup check
        env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '')}"
        env.setdefault("FLASK_APP", "online_exam")
        return env

    def _output(self, name: str) -> IO[bytes] | None:
        if self.log_dir is None:
            return None
        self.log_dir.mkdir(parents=True, exist_ok=True)
        handle = (self.log_dir / f"{name}.log").open("ab")
        self._logs.append(handle)
        return handle

    # ------------------------------------------------------------------ start
    def migrate(self) -> None:
        subprocess.run(
            [str(VENV_BIN / "flask"), "db", "upgrade"], cwd=BACKEND, env=self.app_env(), check=True
        )

    def _spawn_instance(self, member: Instance) -> None:
        env = {**self.app_env(), "APP_BIND": member.address}
        out = self._output(f"app-{member.index}")
        member.process = subprocess.Popen(
            instance_command(member.address),
            cwd=BACKEND,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,  # its own process group: stopped (or killed) as a whole
            preexec_fn=_die_with_parent,
        )

    def start(self, migrate: bool = True) -> None:
        check_redis(self.app_env()["RATELIMIT_STORAGE_URI"])
        if migrate:
            self.migrate()
        self.members = [Instance(i + 1, free_port()) for i in range(self.instances)]
        for member in self.members:
            self._spawn_instance(member)
        for member in self.members:
            wait_healthy(f"{member.base}/api/health", 90, member.process)
        settings = render.values(
            self.run_dir,
            f"{self.host}:{self.port}",
            [m.address for m in self.members],
            self.web_root,
            access_log=os.environ.get("NGINX_ACCESS_LOG", "off"),
        )
        conf = render.render(self.run_dir, settings)
        checked = render.nginx_test(conf)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
        out = self._output("nginx")
        self.nginx = subprocess.Popen(
            [
                render.NGINX,
                *("-p", str(self.run_dir)),
                *("-e", str(self.run_dir / "nginx-error.log")),
                *("-c", str(conf)),
            ],
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        wait_healthy(f"{self.base}/api/health", 30, self.nginx)
        if self.restart:
            threading.Thread(target=self._watch, name="stack-watch", daemon=True).start()

    def _watch(self) -> None:
        """Start an instance again when it died (not while stopping)."""
        while not self._stopping.wait(0.5):
            for member in self.members:
                with self._lock:
                    if self._stopping.is_set() or member.process is None:
                        continue
                    if member.process.poll() is None:
                        continue
                    print(
                        f"instance {member.index} ({member.address}) exited with "
                        f"{member.process.returncode}; starting it again",
                        file=sys.stderr,
                        flush=True,
                    )
                    _kill_group(member.process.pid)  # workers left behind, if any
                    member.restarts += 1
                    self._spawn_instance(member)

    # ------------------------------------------------------------------ faults and metrics
    def kill_instance(self, index: int) -> list[int]:
        """SIGKILL one whole instance (its master and workers); returns the pids."""
        member = self.members[index]
        assert member.process is not None
        pids = [member.process.pid, *member.worker_pids()]
        _kill_group(member.process.pid)
        return pids

    def worker_pids(self) -> list[int]:
        return [pid for m in self.members for pid in m.worker_pids()]

    def nginx_pids(self) -> list[int]:
        if self.nginx is None or self.nginx.poll() is not None:
            return []
        out = subprocess.run(
            ["pgrep", "-P", str(self.nginx.pid)], capture_output=True, text=True
        ).stdout
        return [self.nginx.pid, *(int(p) for p in out.split())]

    # ------------------------------------------------------------------ stop
    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            if self.nginx is not None and self.nginx.poll() is None:
                self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            for member in self.members:
                if member.process is not None and member.process.poll() is None:
                    member.process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + STOP_GRACE_SECONDS
            for process in [self.nginx, *(m.process for m in self.members)]:
                if process is None:
                    continue
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(max(0.1, deadline - time.monotonic()))
                _kill_group(process.pid)  # anything left in its group
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(5)
        for handle in self._logs:
            handle.close()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def main() -> int:
    env = {"SECRET_KEY": production_secret_key()}
    stack = Stack(
        env,
        instances=int(os.environ.get("SERVE_INSTANCES", "2")),
        host=os.environ.get("PROD_HOST", "127.0.0.1"),
        port=int(os.environ.get("PROD_PORT", "8000")),
        run_dir=Path(os.environ.get("SERVE_RUN_DIR", str(BACKEND / "instance" / "serve"))),
    )
    stopped = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stopped.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start()
        if not (stack.web_root / "index.html").is_file():
            print("The web app is not built (make frontend): serving the API only.", flush=True)
        app_env = stack.app_env()
        print(
            f"\nOnline Exam (production) on {stack.base}\n"
            f"  nginx -> {len(stack.members)} instances "
            f"({', '.join(m.address for m in stack.members)}), "
            f"{app_env.get('APP_SERVER') or 'granian'}, "
            f"{app_env['WEB_CONCURRENCY']} worker(s) each\n"
            f"  rate limits in {app_env['RATELIMIT_STORAGE_URI']}; run dir {stack.run_dir}\n"
            "Stop with Ctrl+C.\n",
            flush=True,
        )
        while not stopped.wait(0.5):
            if stack.nginx is not None and stack.nginx.poll() is not None:
                print("nginx exited; stopping.", file=sys.stderr, flush=True)
                return 1
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"serve-prod: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        print("Stopping ...", flush=True)
        stack.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
