"""A throwaway PostgreSQL cluster for the fault tests (and profiling with pg_stat_statements),
so restarting PostgreSQL never disturbs the shared server on :5432.

    .venv/bin/python bench/pgcluster.py start   # initdb (once) + start on 127.0.0.1:5499
    .venv/bin/python bench/pgcluster.py stop    # stop and delete it

The data directory lives under /tmp/oe_bench_pg (BENCH_PG_DIR); it listens on loopback only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DIR = Path(os.environ.get("BENCH_PG_DIR", "/tmp/oe_bench_pg"))  # noqa: S108 - a scratch cluster
PORT = int(os.environ.get("BENCH_PG_PORT", "5499"))
URL = f"postgresql://postgres@127.0.0.1:{PORT}/postgres"


def bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if not found:
        sys.exit("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return found[-1].parent


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _run(args: list[str]) -> None:
    subprocess.run(_as_postgres(args), check=True, stdout=subprocess.DEVNULL)


def pg_ctl(*args: str) -> None:
    data = DIR / "data"
    options = (
        f"-p {PORT} -k {DIR} -c listen_addresses=127.0.0.1 -c max_connections=200 "
        "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
    )
    _run(
        [
            str(bindir() / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(DIR / "log"),
            "-w",
            "-t",
            "60",
            *args,
        ]
    )


def start() -> str:
    data = DIR / "data"
    if not data.exists():
        DIR.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(DIR, "postgres", "postgres")
        _run(
            [
                str(bindir() / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        )
    if (
        subprocess.run(
            _as_postgres([str(bindir() / "pg_ctl"), "-D", str(data), "status"]), capture_output=True
        ).returncode
        != 0
    ):
        pg_ctl("start")
    return URL


def restart() -> None:
    pg_ctl("restart", "-m", "fast")


def stop(remove: bool = True) -> None:
    if (DIR / "data").exists():
        subprocess.run(
            _as_postgres(
                [str(bindir() / "pg_ctl"), "-D", str(DIR / "data"), "stop", "-m", "fast", "-w"]
            ),
            capture_output=True,
        )
    if remove:
        shutil.rmtree(DIR, ignore_errors=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        print(start())
    elif command == "stop":
        stop()
    elif command == "restart":
        restart()
    else:
        sys.exit(__doc__)
