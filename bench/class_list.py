"""Class-list enrolment: how long 3000 new students take, through the real API.

    .venv/bin/python bench/class_list.py                       # PostgreSQL, 3000 rows, 3 runs
    .venv/bin/python bench/class_list.py --databases sqlite,postgres --rows 5000

Through the Flask test client (every layer of a request but the socket), on a fresh
PostgreSQL database (oe_bench_class_list) and/or a SQLite file: for each run a new course
and a class list of `--rows` new addresses (name and external id each), then
1. the parse alone (CPU seconds, in process),
2. POST /api/courses/{id}/class-list?dry_run=true (the preview),
3. the real upload (accounts, enrolments and set-password links: one bulk INSERT each),
4. the same file again (every row already enrolled: nothing written),
5. GET /api/courses/{id}/setup-links.csv (a fresh link for every student without a password).
Each is timed (wall seconds) and its SQL statements counted. Mail is off (SMTP goes out after the
commit, in the background, and is not part of the request). The machine is shared: the load
average is recorded before and after.
"""

from __future__ import annotations

import argparse
import io
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

DB_NAME = "oe_bench_class_list"
GOAL_S = 5.0  # "3000 rows must enrol in seconds"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=3000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--databases", default="postgres")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    p.add_argument("--out", default=str(common.RESULTS))
    return p.parse_args()


def class_list(rows: int, run: int) -> bytes:
    lines = ["email,name,external_id"]
    lines += [
        f"s{run}-{i:05}@school.example,Student {run}-{i:05},ID-{run}-{i}" for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


@contextmanager
def counted(engine: Any) -> Iterator[list[int]]:
    """Counts the SQL statements run inside the block."""
    from sqlalchemy import event

    count = [0]

    def before(*_args: Any) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before)


def bench_database(kind: str, args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    from online_exam import create_app
    from online_exam.auth.models import User
    from online_exam.auth.tokens import issue_access_token
    from online_exam.courses.class_list import parse_class_list
    from online_exam.courses.models import Course
    from online_exam.extensions import db

    if kind == "postgres":
        url = common.fresh_database(args.pg, DB_NAME).replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets.token_urlsafe(32),
            "RATELIMIT_ENABLED": False,
        }
    )
    if kind == "sqlite":
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()
    with app.app_context():
        teacher = User(email="teacher@school.example", display_name="Teacher", role="author")
        db.session.add(teacher)
        db.session.commit()
        token, _ = issue_access_token(teacher.id, "author")
        teacher_id = teacher.id
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    runs = []
    for run in range(args.runs):
        with app.app_context():
            course = Course(name=f"Bench {run}", owner_id=teacher_id)
            db.session.add(course)
            db.session.commit()
            course_id = course.id
            engine = db.engine
        data = class_list(args.rows, run)
        row: dict[str, Any] = {"run": run + 1, "bytes": len(data)}
        start = time.process_time()
        parsed = parse_class_list(data)
        row["parse_cpu_s"] = round(time.process_time() - start, 3)
        assert not parsed.errors
        assert len(parsed.rows) == args.rows

        def upload(dry_run: bool, data: bytes = data, course_id: int = course_id) -> Any:
            return client.post(
                f"/api/courses/{course_id}/class-list?dry_run={str(dry_run).lower()}",
                data={"file": (io.BytesIO(data), "class.csv")},
                headers=headers,
            )

        steps = {
            "preview": lambda: upload(True),
            "enrol": lambda: upload(False),
            "again": lambda: upload(False),
            "links_csv": lambda course_id=course_id: client.get(
                f"/api/courses/{course_id}/setup-links.csv", headers=headers
            ),
        }
        for name, call in steps.items():
            with counted(engine) as statements:
                start = time.perf_counter()
                response = call()
                row[f"{name}_s"] = round(time.perf_counter() - start, 3)
            assert response.status_code == 200, response.get_data(as_text=True)[:500]
            row[f"{name}_statements"] = statements[0]
            if name == "enrol":
                assert response.json["will_create"] == args.rows
            if name == "again":
                assert response.json["already_enrolled"] == args.rows
        print(f"[{kind}] run {run + 1}: {row}", flush=True)
        runs.append(row)
    with app.app_context():
        db.engine.dispose()
    return runs


def main() -> None:
    args = parse_args()
    info = common.machine()
    results: dict[str, Any] = {"rows": args.rows, "machine": info, "databases": {}}
    with tempfile.TemporaryDirectory() as workdir:
        for kind in args.databases.split(","):
            results["databases"][kind] = bench_database(kind, args, Path(workdir))
    info["load_after"] = common.load_average()
    lines = [
        f"# Class-list enrolment: {args.rows} new students per upload",
        "",
        f"{info['when']}, {info['cpus']} CPUs, load average before {info['load_before']}, "
        f"after {info['load_after']} (the machine is shared). Through the Flask test client; "
        "median of the runs (each run a new course and new addresses), wall seconds; "
        "statements = SQL statements the request ran.",
        "",
        "| database | parse (CPU s) | preview s | enrol s | enrol statements | "
        "re-upload s | links CSV s | goal |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, runs in results["databases"].items():

        def median(key: str, runs: list[dict[str, Any]] = runs) -> float:
            return round(statistics.median(r[key] for r in runs), 3)

        lines.append(
            f"| {kind} | {median('parse_cpu_s')} | {median('preview_s')} | {median('enrol_s')} | "
            f"{median('enrol_statements'):.0f} | {median('again_s')} | {median('links_csv_s')} | "
            f"{'met' if median('enrol_s') <= GOAL_S else 'MISSED'} (≤ {GOAL_S} s) |"
        )
    common.write_report(Path(args.out), "class-list", results, lines)


if __name__ == "__main__":
    main()
