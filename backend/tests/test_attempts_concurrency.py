"""Real races against PostgreSQL: many threads, each with its own test client (and so its own
app context, session and pooled connection), released together.

Run with TEST_DATABASE_URL set; these tests fail (never skip) without it.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from online_exam import create_app
from online_exam.app import OnlineExamApp
from online_exam.attempts import fast_submit, service
from online_exam.attempts.models import Attempt, Response
from online_exam.attempts.review import answer_of
from online_exam.auth.models import User
from online_exam.database import run_in_transaction
from online_exam.exams.models import Question
from online_exam.exams.spec import QuestionSpec
from online_exam.extensions import db
from online_exam.grading import grade

pytestmark = pytest.mark.postgres

WORKERS = 32


@pytest.fixture(scope="module")
def big_app(app: OnlineExamApp) -> Iterator[OnlineExamApp]:
    """The test app's database with a connection pool as large as the thread pool (the
    default pool of 5 + 10 would queue the threads instead of letting them race)."""
    keys = ("APP_ENV", "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SPA_DIST")
    application = create_app(
        {
            **{key: app.config[key] for key in keys},
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_size": WORKERS + 4,
                "max_overflow": 0,
                "pool_timeout": 60,
                "pool_pre_ping": True,
            },
        }
    )
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def bulk_students(
    app: OnlineExamApp, password_hash: str, token_for: Callable[[User], dict[str, str]]
) -> Callable[[int], list[dict[str, str]]]:
    """bulk_students(n) -> auth headers of n new students, inserted in one statement."""

    def make(n: int) -> list[dict[str, str]]:
        with app.app_context():
            db.session.execute(
                insert(User),
                [
                    {
                        "email": f"bulk{i}@example.com",
                        "display_name": f"Bulk {i}",
                        "password_hash": password_hash,
                        "role": "student",
                    }
                    for i in range(n)
                ],
            )
            db.session.commit()
            students = list(db.session.scalars(select(User).where(User.email.like("bulk%"))))
            db.session.expunge_all()
        return [token_for(student) for student in students]

    return make


@pytest.fixture
def gradings(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """How many times each attempt was graded (all threads share the patched functions): the
    full path's _finalize, or PostgreSQL's fast submit (fast_submit._grade)."""
    count: Counter[int] = Counter()
    lock = threading.Lock()

    def counted(module: Any, name: str) -> None:
        real = getattr(module, name)

        def counting(attempt: Attempt, *args: Any, **kwargs: Any) -> Any:
            with lock:
                count[attempt.id] += 1
            return real(attempt, *args, **kwargs)

        monkeypatch.setattr(module, name, counting)

    counted(service, "_finalize")
    counted(fast_submit, "_grade")
    return count


def race(tasks: list[Callable[[], Any]], workers: int = WORKERS) -> tuple[list[Any], float]:
    """Run the tasks on a thread pool; the first `workers` start together (a gate they all
    wait at), the rest as workers free up. Returns (results in order, seconds)."""
    gate = threading.Event()

    def gated(task: Callable[[], Any]) -> Any:
        gate.wait()
        return task()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(gated, task) for task in tasks]
        time.sleep(0.3)  # let every worker thread reach the gate
        began = time.perf_counter()
        gate.set()
        results = [future.result() for future in futures]
        return results, time.perf_counter() - began


# --- (a) a burst of starts ----------------------------------------------------------------


def test_300_students_start_the_same_exam_at_once(big_app, users, build_exam, bulk_students):
    exam = build_exam(
        users["author"], time_limit_minutes=60, shuffle_questions=True, shuffle_alternatives=True
    )
    students = bulk_students(300)

    def start(headers: dict[str, str]) -> Callable[[], tuple[int, Any]]:
        def run() -> tuple[int, Any]:
            response = big_app.test_client().post(f"/api/exams/{exam.id}/attempts", headers=headers)
            return response.status_code, response.json

        return run

    results, seconds = race([start(headers) for headers in students])
    print(f"\n300 concurrent starts ({WORKERS} threads): {seconds:.2f} s, {300 / seconds:.0f}/s")

    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 300}, [body for status, body in results if status != 201][:3]
    assert len({body["id"] for _, body in results}) == 300
    with big_app.app_context():
        rows = db.session.execute(
            select(Attempt.user_id, func.count())
            .where(Attempt.exam_id == exam.id)
            .group_by(Attempt.user_id)
        ).all()
    assert len(rows) == 300
    assert all(count == 1 for _, count in rows)


def test_one_student_firing_20_starts_gets_one_attempt(big_app, users, auth, build_exam):
    exam = build_exam(users["author"], max_attempts=None)
    barrier = threading.Barrier(20)

    def start() -> tuple[int, Any]:
        client = big_app.test_client()
        barrier.wait()
        response = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"])
        return response.status_code, response.json

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: start(), range(20)))
    assert Counter(status for status, _ in results) == {201: 1, 200: 19}
    assert len({body["id"] for _, body in results}) == 1
    with big_app.app_context():
        count = db.session.scalar(select(func.count()).where(Attempt.exam_id == exam.id))
    assert count == 1


# --- (b) submit, autosaves and the sweep on one attempt -----------------------------------


def _answers(exam: Any) -> dict[int, Callable[[int], dict[str, Any]]]:
    """Per question: the answer a saver sends with seq k (alternating right and wrong)."""
    return {
        exam.q["single"]: lambda k: {"selected_ids": [exam.alt[("single", "4" if k % 2 else "3")]]},
        exam.q["multiple"]: lambda k: {
            "selected_ids": [exam.alt[("multiple", t)] for t in (("2", "3") if k % 2 else ("4",))]
        },
        exam.q["true_false"]: lambda k: {
            "selected_ids": [exam.alt[("true_false", "True" if k % 2 else "False")]]
        },
        exam.q["short_answer"]: lambda k: {"text": "key-paris" if k % 2 else f"guess {k}"},
        exam.q["numeric"]: lambda k: {"number": 3.14 if k % 2 else float(k)},
    }


def _stored(attempt_id: int) -> tuple[Attempt, dict[int, Response], dict[int, QuestionSpec]]:
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt is not None
    responses = {
        r.question_id: r
        for r in db.session.scalars(select(Response).where(Response.attempt_id == attempt_id))
    }
    questions = {q.id: QuestionSpec.from_model(q) for q in db.session.scalars(select(Question))}
    return attempt, responses, questions


def test_submit_races_autosaves_and_the_sweep(big_app, client, users, auth, build_exam, gradings):
    exam = build_exam(users["author"], time_limit_minutes=60)
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    answers = _answers(exam)
    submitted = threading.Event()
    barrier = threading.Barrier(len(answers) + 3 + 1)

    def saver(question_id: int) -> list[tuple[int, int, bool]]:
        client = big_app.test_client()
        acks = []
        barrier.wait()
        for seq in range(1, 1000):
            response = client.put(
                f"/api/attempts/{attempt_id}/responses/{question_id}",
                json={**answers[question_id](seq), "seq": seq},
                headers=auth["student"],
            )
            acks.append((seq, response.status_code, bool(response.json.get("stale"))))
            if response.status_code != 200:
                break
        return acks

    def submitter() -> tuple[int, Any]:
        client = big_app.test_client()
        barrier.wait()
        time.sleep(random.uniform(0.2, 0.4))  # let saves through first
        response = client.post(f"/api/attempts/{attempt_id}/submit", headers=auth["student"])
        submitted.set()
        return response.status_code, response.json

    def sweeper() -> int:
        finalized = 0
        barrier.wait()
        with big_app.app_context():
            while not submitted.is_set():
                finalized += run_in_transaction(service.finalize_overdue, commit=lambda _: True)
                time.sleep(0.005)
        return finalized

    with ThreadPoolExecutor(max_workers=len(answers) + 4) as pool:
        saves = {q: pool.submit(saver, q) for q in answers}
        submits = [pool.submit(submitter) for _ in range(3)]
        sweep = pool.submit(sweeper)
        save_acks = {q: future.result() for q, future in saves.items()}
        submit_results = [future.result() for future in submits]
        assert sweep.result() == 0  # not overdue: nothing for the sweep

    assert gradings[attempt_id] == 1
    assert {status for status, _ in submit_results} == {200}
    results = [body["result"] for _, body in submit_results]
    assert all(result == results[0] for result in results)
    with big_app.app_context():
        attempt, responses, questions = _stored(attempt_id)
        assert attempt.state == "submitted"
        total = 0.0
        for question_id, acks in save_acks.items():
            assert {status for _, status, _ in acks} <= {200, 409}
            assert acks[-1][1] == 409  # every saver ran into the submit
            acknowledged = [seq for seq, status, stale in acks if status == 200 and not stale]
            response = responses.get(question_id)
            if not acknowledged:
                assert response is None
                continue
            # The last acknowledged save is the graded one, with the credit its answer earns.
            assert response is not None
            assert response.client_seq == acknowledged[-1]
            expected = grade(questions[question_id], answer_of(response))
            assert response.credit == expected
            total += expected * questions[question_id].points
        assert attempt.score == pytest.approx(total)
    assert results[0]["score"] == pytest.approx(total)


def test_overdue_submit_sweep_saves_views_and_starts_race(
    big_app, client, users, auth, build_exam, gradings, attempt_clock
):
    exam = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    single = exam.q["single"]
    right = {"selected_ids": [exam.alt[("single", "4")]], "seq": 1}
    assert (
        client.put(
            f"/api/attempts/{attempt_id}/responses/{single}", json=right, headers=auth["student"]
        ).status_code
        == 200
    )
    attempt_clock.advance(minutes=11)  # past deadline + grace: every path wants to finalize
    barrier = threading.Barrier(14)

    def request(method: str, path: str, body: Any = None) -> Callable[[], tuple[str, int, Any]]:
        def run() -> tuple[str, int, Any]:
            client = big_app.test_client()
            barrier.wait()
            response = client.open(path, method=method, json=body, headers=auth["student"])
            return path, response.status_code, response.json

        return run

    def sweep() -> tuple[str, int, Any]:
        barrier.wait()
        with big_app.app_context():
            count = run_in_transaction(service.finalize_overdue, commit=lambda _: True)
        return "sweep", 200, count

    base = f"/api/attempts/{attempt_id}"
    save_body = {"selected_ids": [exam.alt[("single", "3")]], "seq": 2}
    tasks = (
        [request("POST", f"{base}/submit", {}) for _ in range(3)]
        + [request("PUT", f"{base}/responses/{single}", save_body) for _ in range(3)]
        + [request("GET", base) for _ in range(3)]
        + [sweep for _ in range(3)]
        + [request("POST", f"/api/exams/{exam.id}/attempts") for _ in range(2)]  # max 1 attempt
    )
    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        results = [future.result() for future in [pool.submit(task) for task in tasks]]

    assert gradings[attempt_id] == 1
    for path, status, body in results:
        if path == "sweep":
            assert body in (0, 1)
        elif path.endswith("/attempts"):
            assert status == 409, body
            assert body["error"]["message"] == "You have used all 1 attempt at this exam."
        elif path.endswith("/submit") or path == base:
            assert status == 200, body
            assert (body["state"], body["result"]["score"]) == ("expired", 2.0)
        else:
            assert status == 409, body
            assert body["error"]["details"] == {"state": "expired"}
    with big_app.app_context():
        attempt, responses, _ = _stored(attempt_id)
        assert (attempt.state, attempt.score) == ("expired", 2.0)
        assert responses[single].client_seq == 1
