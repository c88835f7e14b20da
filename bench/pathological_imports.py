"""Pathological imports: 1 MiB files of every awkward shape, timed through the real API, and
what two of them at once do to other requests on the production server.

    .venv/bin/python bench/pathological_imports.py                  # both parts
    .venv/bin/python bench/pathological_imports.py --part api --databases sqlite
    .venv/bin/python bench/pathological_imports.py --label before --src /tmp/old/backend/src

1. `api`: every shape of bench/import_shapes.py, sized so that the request body is just under
   the 1 MiB request limit, through the Flask test client (every layer of a request but the
   socket): the parse and validation alone (CPU seconds, in process), then
   POST /api/exams/{id}/import as a dry run and as a real import (partial=true, so every valid
   question of the file is inserted), on SQLite and on PostgreSQL (a fresh oe_bench_imports
   database). Goal: every case within a couple of seconds.
2. `serve`: the production server (gunicorn with backend/gunicorn.conf.py, APP_ENV=production)
   on a fresh PostgreSQL database; one client polls GET /api/health and another autosaves an
   answer, each back to back, first alone (baseline), then while two 1 MiB imports run at once.
   Reports the imports' durations and the health/autosave latencies during them. `--stack`
   serves through `make serve-prod`'s stack instead (nginx in front of 2 instances).

`--label` names the run in bench/results/imports.json (runs under other labels are kept, so
a `before` run of the old code and an `after` run of this one end up in one table);
`--src` serves and imports that source tree instead of backend/src (e.g. an old commit's,
from `git archive`). The machine's load average is recorded with every run: it is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from import_shapes import LARGEST, SHAPES, Shape

LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH
GOAL_S = 2.0  # "a couple of seconds"
DB_NAME = "oe_bench_imports"
SERVE_SHAPES = ("aiken_many_options", "gift_many_questions", "gift_largest_valid")
ALL_SHAPES = [*SHAPES, *LARGEST]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--part", choices=("api", "serve", "all"), default="all")
    p.add_argument("--databases", default="sqlite,postgres")
    p.add_argument("--shapes", default="", help="comma-separated substrings of shape names")
    p.add_argument("--serve-shapes", default=",".join(SERVE_SHAPES))
    p.add_argument("--modes", default="parse,dry_run,import,new_exam")
    p.add_argument(
        "--pg", default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")
    )
    p.add_argument("--label", default="after")
    p.add_argument(
        "--stack", action="store_true", help="serve through nginx + 2 instances (make serve-prod)"
    )
    p.add_argument("--src", default=str(common.BACKEND / "src"))
    p.add_argument("--out", default=str(common.RESULTS))
    p.add_argument(
        "--skip-after",
        type=float,
        default=30.0,
        help="skip a shape's further requests once one took longer than this (seconds)",
    )
    return p.parse_args()


# --------------------------------------------------------------------------- sizing


def fitted_text(shape: Shape, limit: int = LIMIT) -> str:
    """The largest text of this shape whose import request stays within `limit` bytes."""
    low, high = 1, limit
    best = shape.make(1)
    while low <= high:
        middle = (low + high) // 2
        text = shape.make(middle)
        body = {"format": shape.format, "text": text, "dry_run": False, "partial": True}
        if len(json.dumps(body).encode()) <= limit:
            best, low = text, middle + 1
        else:
            high = middle - 1
    return best


def body_for(shape: Shape, text: str, dry_run: bool) -> bytes:
    return json.dumps(
        {"format": shape.format, "text": text, "dry_run": dry_run, "partial": True}
    ).encode()


def selected(names: str, shapes: list[Shape]) -> list[Shape]:
    wanted = [name for name in names.split(",") if name]
    return [s for s in shapes if not wanted or any(w in s.name for w in wanted)]


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def calibration_ms() -> float:
    """CPU milliseconds of a fixed pure-Python loop (best of 5): how fast this machine ran
    Python at the time (lower is faster), to compare runs on a shared machine."""
    best = math.inf
    for _ in range(5):
        start = time.process_time()
        sum(range(200_000))
        best = min(best, time.process_time() - start)
    return round(1000 * best, 2)


# --------------------------------------------------------------------------- part 1: the API


def database_url(kind: str, pg: str, workdir: Path) -> str:
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'imports.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "online_exam"}
        subprocess.run(
            [str(common.VENV_BIN / "flask"), "db", "upgrade"],
            cwd=common.BACKEND,
            env=env,
            check=True,
            capture_output=True,
        )
        return url
    return common.fresh_database(pg, DB_NAME).replace("postgresql://", "postgresql+psycopg://", 1)


def new_exam(client: Any, headers: dict[str, str]) -> int:
    response = client.post("/api/exams", json={"title": "Import"}, headers=headers)
    assert response.status_code == 201, response.json
    return int(response.json["id"])


def api_part(args: argparse.Namespace, shapes: list[Shape]) -> dict[str, Any]:
    from online_exam import create_app
    from online_exam.auth.models import User
    from online_exam.auth.tokens import issue_access_token
    from online_exam.banks import importer
    from online_exam.exams.schemas import MAX_QUESTIONS
    from online_exam.extensions import db

    modes = set(args.modes.split(","))
    texts = {shape.name: fitted_text(shape) for shape in shapes}
    results: dict[str, Any] = {}
    for kind in args.databases.split(","):
        with tempfile.TemporaryDirectory() as workdir:
            url = database_url(kind, args.pg, Path(workdir))
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": url,
                    "SECRET_KEY": secrets.token_urlsafe(32),
                    "RATELIMIT_ENABLED": False,
                }
            )
            with app.app_context():
                author = User(email="author@bench.example", display_name="Author", role="author")
                db.session.add(author)
                db.session.commit()
                token, _ = issue_access_token(author.id, "author")
            headers = {"Authorization": f"Bearer {token}"}
            client = app.test_client()

            for shape in shapes:
                text = texts[shape.name]
                row: dict[str, Any] = {"format": shape.format, "chars": len(text)}
                row["request_bytes"] = len(body_for(shape, text, False))
                if "parse" in modes and kind == args.databases.split(",")[0]:
                    with app.app_context():
                        start = time.process_time()
                        _, parsed = importer.parse(shape.format, text)
                        importer._validate(parsed, room=MAX_QUESTIONS, published=False)
                        row["parse_cpu_s"] = round(time.process_time() - start, 3)
                        row["questions"] = len(parsed.questions)
                        row["errors"] = len(parsed.errors)
                    print(f"[{kind}] {shape.name}: parse {row['parse_cpu_s']} s", flush=True)
                for mode in ("dry_run", "import", "new_exam"):
                    if mode not in modes or (mode == "new_exam" and shape.format != "json"):
                        continue
                    if max(row.get("parse_cpu_s", 0), row.get("dry_run_s", 0)) > args.skip_after:
                        row[f"{mode}_s"] = None  # too slow to repeat (the old code)
                        continue
                    if mode == "new_exam":  # POST /api/exams/import: the document is the body
                        path = "/api/exams/import"
                        body = json.dumps({**json.loads(text), "exam": {"title": "New"}}).encode()
                    else:
                        path = f"/api/exams/{new_exam(client, headers)}/import"
                        body = body_for(shape, text, mode == "dry_run")
                    start, cpu = time.perf_counter(), time.process_time()
                    response = client.post(
                        path, data=body, content_type="application/json", headers=headers
                    )
                    row[f"{mode}_s"] = round(time.perf_counter() - start, 3)
                    # This process's CPU: the whole request (and SQLite's work; not PostgreSQL's).
                    row[f"{mode}_cpu_s"] = round(time.process_time() - cpu, 3)
                    row[f"{mode}_status"] = response.status_code
                    if response.status_code == 200:
                        row[f"{mode}_imported"] = response.json["imported"]
                    elif response.status_code == 201:
                        row[f"{mode}_imported"] = response.json["question_count"]
                    print(
                        f"[{kind}] {shape.name}: {mode} {response.status_code} "
                        f"{row[f'{mode}_s']} s (cpu {row[f'{mode}_cpu_s']} s)",
                        flush=True,
                    )
                results.setdefault(kind, {})[shape.name] = row
            with app.app_context():
                db.engine.dispose()
    return results


# --------------------------------------------------------------------------- part 2: serving


async def serve_part(args: argparse.Namespace, shapes: list[Shape]) -> dict[str, Any]:
    url = common.fresh_database(args.pg, DB_NAME)
    secret_key = secrets.token_urlsafe(32)
    seeded = common.seed(url, students=1, questions=5, minutes=180, secret_key=secret_key)
    author_id = await asyncio.to_thread(_author_id, url)
    student_id = seeded.students[0][0]
    log = Path(args.out) / "scratch" / "imports-server.log"  # ignored by git
    env = common.server_env(url, secret_key, {"PYTHONPATH": f"{args.src}:{common.ROOT / 'bench'}"})
    server: Any
    if args.stack:  # make serve-prod's stack: nginx in front of 2 instances
        server = await asyncio.to_thread(common.start_stack, env, log.parent)
    else:
        server = common.start_server("online_exam.wsgi:app", env, log)
    recorder = common.Recorder()
    client = common.Client(server.base, recorder, connections=16, timeout=600, max_tries=1)
    author = common.mint_token(secret_key, author_id)
    student = common.mint_token(secret_key, student_id)
    results: dict[str, Any] = {"server": common_settings(args.stack)}
    try:
        status, view = await client.call(
            "start", "POST", f"/api/exams/{seeded.capacity_exam_id}/attempts", student
        )
        assert status in (200, 201), view
        # The exam shuffles its questions: take one with alternatives to choose between.
        question = next(q for q in view["questions"] if len(q["alternatives"]) >= 2)
        path = f"/api/attempts/{view['id']}/responses/{question['id']}"
        seq = 0

        async def probe(stop: asyncio.Event, tag: str) -> None:
            """Two loops of their own, so a health check stuck behind an import does not hold
            the autosaves back (nor the other way round)."""

            async def health() -> None:
                while not stop.is_set():
                    await client.call(f"health_{tag}", "GET", "/api/health", retry=False)
                    await asyncio.sleep(0.02)

            async def autosave() -> None:
                nonlocal seq
                while not stop.is_set():
                    seq += 1
                    choice = question["alternatives"][seq % 2]["id"]
                    body = {"selected_ids": [choice], "seq": seq}
                    await client.call(f"autosave_{tag}", "PUT", path, student, body, retry=False)
                    await asyncio.sleep(0.02)

            await asyncio.gather(health(), autosave())

        async def baseline(tag: str, seconds: float = 3.0) -> None:
            stop = asyncio.Event()
            task = asyncio.create_task(probe(stop, tag))
            await asyncio.sleep(seconds)
            stop.set()
            await task

        await baseline("warmup", 2.0)
        await baseline("baseline")
        for shape in shapes:
            text = fitted_text(shape)
            exams = []
            for _ in range(2):
                status, exam = await client.call(
                    "exam", "POST", "/api/exams", author, {"title": "Import"}
                )
                assert status == 201, exam
                exams.append(exam["id"])
            stop = asyncio.Event()
            prober = asyncio.create_task(probe(stop, shape.name))
            await asyncio.sleep(0.5)
            started = time.monotonic()
            body = json.loads(body_for(shape, text, False))
            outcomes = await asyncio.gather(
                *(
                    client.call(
                        f"import_{shape.name}",
                        "POST",
                        f"/api/exams/{exam}/import",
                        author,
                        body,
                        retry=False,
                        ok=(200, 422),
                    )
                    for exam in exams
                )
            )
            both = time.monotonic() - started
            await asyncio.sleep(0.5)
            stop.set()
            await prober
            imports = [s for s in recorder.samples if s.op == f"import_{shape.name}"]
            results[shape.name] = {
                "request_bytes": len(body_for(shape, text, False)),
                "import_statuses": [status for status, _ in outcomes],
                "import_s": [round(s.latency, 2) for s in imports],
                "both_done_s": round(both, 2),
                "health": _latencies(recorder, f"health_{shape.name}"),
                "autosave": _latencies(recorder, f"autosave_{shape.name}"),
                "load": load(),
            }
            print(f"[serve] {shape.name}: {json.dumps(results[shape.name])}", flush=True)
        results["baseline"] = {
            "health": _latencies(recorder, "health_baseline"),
            "autosave": _latencies(recorder, "autosave_baseline"),
        }
    finally:
        await client.close()
        server.stop()
    return results


def _author_id(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT id FROM users WHERE role = 'author'").fetchone()
    assert row is not None
    return int(row[0])


def _latencies(recorder: common.Recorder, op: str) -> dict[str, Any]:
    samples = [s for s in recorder.samples if s.op == op]
    values = sorted(s.latency for s in samples)
    return {
        "requests": len(values),
        "errors": sum(1 for s in samples if s.status not in (200, 201)),
        "p50_ms": round(1000 * common.percentile(values, 0.5), 1),
        "p99_ms": round(1000 * common.percentile(values, 0.99), 1),
        "max_ms": round(1000 * max(values, default=0.0), 1),
    }


def common_settings(stack: bool) -> dict[str, Any]:
    cores = os.cpu_count() or 1
    return {
        "stack": "nginx + 2 instances" if stack else "gunicorn alone",
        "workers": os.environ.get("GUNICORN_WORKERS", str(cores // 2 if stack else cores)),
        "threads": os.environ.get("GUNICORN_THREADS", "2"),
        "worker_class": os.environ.get("GUNICORN_WORKER_CLASS", "gthread"),
    }


# --------------------------------------------------------------------------- report


def save(args: argparse.Namespace, run: dict[str, Any]) -> dict[str, Any]:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "imports.json"
    everything = json.loads(path.read_text()) if path.exists() else {}
    previous = everything.get(args.label, {})
    if "api" in run:  # merged row by row: a run of some shapes or modes keeps the others
        api = previous.setdefault("api", {})
        for kind, rows in run["api"].items():
            for name, row in rows.items():
                api.setdefault(kind, {}).setdefault(name, {}).update(row)
        previous.setdefault("api_runs", []).append(run["meta"])
    if "serve" in run:
        previous["serve"] = run["serve"]
        previous["serve_meta"] = run["meta"]
    everything[args.label] = previous
    path.write_text(json.dumps(everything, indent=2) + "\n")
    (out / "imports.md").write_text(markdown(everything))
    return everything


def _seconds(value: Any) -> str:
    if value is None:
        return "not run"
    mark = "" if value <= GOAL_S else " ⚠"
    return f"{value:.2f}{mark}"


def _timed(row: dict[str, Any], mode: str) -> str:
    if row.get(f"{mode}_s") is None:
        return "not run"
    return f"{_seconds(row[f'{mode}_cpu_s'])} / {row[f'{mode}_s']:.2f}"


def markdown(everything: dict[str, Any]) -> str:
    lines = ["# Pathological imports (bench/pathological_imports.py)", ""]
    lines.append(
        "Every file is as large as the 1 MiB request limit allows. parse = parse + validate "
        "(CPU seconds, in process); dry run and import (partial=true: every valid question is "
        "inserted) = one POST /api/exams/{id}/import through the Flask test client, new exam "
        "= POST /api/exams/import of the same JSON document (with exam settings): CPU "
        "seconds of the process (with SQLite's work, without PostgreSQL's) / wall seconds. "
        f"Goal: every case within {GOAL_S:.0f} s of CPU (⚠ above). The machine (2 cores) is "
        "shared with other work: wall times grow with the load average of each run."
    )
    lines.append("")
    after = everything.get("after", {})
    before = everything.get("before", {})
    for label, run in (("after", after), ("before", before)):
        for meta in run.get("api_runs", []):
            lines.append(
                f"- `{label}` ({meta.get('what', 'all')}): {meta['when']}, load average "
                f"{meta['load']} → {meta['load_end']}, calibration loop "
                f"{meta.get('calibration_ms', '?')} → {meta.get('calibration_end_ms', '?')} ms "
                "(calibration_ms(): lower is faster)"
            )
    lines.append("")
    api = after.get("api", {})
    old = before.get("api", {})
    for kind, rows in api.items():
        lines.append(f"## {kind}")
        lines.append("")
        head = "| shape | format | request | questions | parse | dry run | import | new exam |"
        if old:
            head += " parse before |"
        lines.append(head)
        lines.append("|" + "---|" * (head.count("|") - 1))
        for name, row in rows.items():
            cells = [
                name,
                row["format"],
                f"{row['request_bytes'] / 1024:.0f} KiB",
                str(row.get("questions", "")),
                _seconds(row.get("parse_cpu_s")) if "parse_cpu_s" in row else "",
                f"{_timed(row, 'dry_run')} ({row.get('dry_run_status', '-')})",
                f"{_timed(row, 'import')} ({row.get('import_status', '-')}"
                + (f", {row['import_imported']} in" if "import_imported" in row else "")
                + ")",
                ""
                if "new_exam_s" not in row
                else f"{_timed(row, 'new_exam')} ({row.get('new_exam_status', '-')})",
            ]
            if old:
                before_row = next(
                    (r.get(name) for r in old.values() if r.get(name, {}).get("parse_cpu_s")),
                    None,
                )
                cells.append(_seconds(before_row["parse_cpu_s"]) if before_row else "")
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    for label, run in everything.items():
        serve = run.get("serve")
        if not serve:
            continue
        meta = run["serve_meta"]
        lines.append(f"## Two imports at once on the production server ({label})")
        lines.append("")
        settings = serve["server"]
        lines.append(
            f"{settings.get('stack', 'gunicorn alone')}: gunicorn {settings['worker_class']}, "
            f"{settings['workers']} worker(s) x "
            f"{settings['threads']} thread(s), PostgreSQL; {meta['when']}, load average "
            f"{meta['load']} → {meta['load_end']}. One client polls GET /api/health, another "
            "autosaves, each back to back; two imports of the same 1 MiB file start together."
        )
        lines.append("")
        lines.append(
            "| while | imports (s) | health p50 / p99 / max (ms) | autosave p50 / p99 / max (ms) |"
        )
        lines.append("|---|---|---|---|")
        base = serve.get("baseline")
        if base:
            health, autosave = _lat(base["health"]), _lat(base["autosave"])
            lines.append(f"| nothing else (baseline) | - | {health} | {autosave} |")
        for name, row in serve.items():
            if name in ("server", "baseline"):
                continue
            imports = ", ".join(f"{s:.2f}" for s in row["import_s"])
            statuses = "/".join(str(s) for s in row["import_statuses"])
            lines.append(
                f"| 2 x {name} ({statuses}) | {imports} | {_lat(row['health'])} | "
                f"{_lat(row['autosave'])} |"
            )
        lines.append("")
    return "\n".join(lines)


def _lat(stats: dict[str, Any]) -> str:
    errors = f", {stats['errors']} errors" if stats["errors"] else ""
    return f"{stats['p50_ms']:.0f} / {stats['p99_ms']:.0f} / {stats['max_ms']:.0f}{errors}"


def main() -> int:
    args = parse_args()
    sys.path.insert(0, args.src)
    os.environ.setdefault("FLASK_APP", "online_exam")
    run: dict[str, Any] = {
        "meta": {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "load": load(),
            "calibration_ms": calibration_ms(),
            "what": f"shapes {args.shapes or 'all'}, modes {args.modes}",
        }
    }
    if args.part in ("api", "all"):
        run["api"] = api_part(args, selected(args.shapes, ALL_SHAPES))
    if args.part in ("serve", "all"):
        serve_shapes = selected(args.serve_shapes, ALL_SHAPES)
        run["serve"] = asyncio.run(serve_part(args, serve_shapes))
    run["meta"]["load_end"] = load()
    run["meta"]["calibration_end_ms"] = calibration_ms()
    save(args, run)
    print(f"wrote {Path(args.out) / 'imports.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
