"""No N+1 on the exam-day paths: the number of SQL statements per request (start, view,
autosave, resume, submit) does not grow with the number of questions, and stays small.

Counted with a `before_cursor_execute` listener: one executemany (a batch of UPDATEs or
INSERTs sent as one statement) counts once. Runs on SQLite and on PostgreSQL. On SQLite the
ORM cannot batch `INSERT … RETURNING` (no guaranteed row order) and sends the rows one by
one — in-process, no round trips — so there a run of identical INSERTs counts once; on
PostgreSQL it is one statement anyway (insertmanyvalues).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from online_exam.extensions import db
from tests.conftest import EXAM_QUESTIONS

# Upper bounds per request (today's counts: a regression shows); BEGIN/COMMIT are not counted.
# "start" is the exam's first start (it loads and caches the questions, see snapshot.py);
# "start_warm" is every later one.
# A start reads the student's accommodations once (courses/accommodations.py): +1 since issue 14.
# A submit looks up the exam's learning-platform links for grade passback once
# (lti/grades.enqueue, one indexed SELECT): +1 since issue 17.
# On PostgreSQL a warm start is 2 statements (attempts/fast_start.py, tests/test_fast_start.py);
# a resume pays fast_start's read before the full path: +1 since issue 19.
BOUNDS = {
    "start": 8,
    "start_warm": 6,
    "resume": 6,
    "view": 3,
    "autosave": 3,
    "submit": 6,
    "submit_final": 6,
}


@contextmanager
def counting(app: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    with app.app_context():
        engine = db.engine
    sqlite = engine.dialect.name == "sqlite"

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        batched = sqlite and statement.startswith("INSERT") and statement.endswith("RETURNING id")
        if batched and statements and statements[-1] == statement:
            return
        statements.append(statement)

    # The autosave's fast path runs its statement on the pool's psycopg connection itself
    # (fast_save._execute), past SQLAlchemy's events: count those at psycopg's door too.
    import psycopg

    execute = psycopg.Connection.execute

    def execute_recorded(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        statements.append(str(query))
        return execute(self, query, *args, **kwargs)

    event.listen(engine, "before_cursor_execute", record)
    psycopg.Connection.execute = execute_recorded  # type: ignore[method-assign]
    try:
        yield statements
    finally:
        psycopg.Connection.execute = execute  # type: ignore[method-assign]
        event.remove(engine, "before_cursor_execute", record)


def _questions(n: int) -> list[dict[str, Any]]:
    return [EXAM_QUESTIONS[i % len(EXAM_QUESTIONS)] for i in range(n)]


def _answer(question: dict[str, Any], alternative_ids: list[int], seq: int) -> dict[str, Any]:
    if question["type"] in ("single", "multiple", "true_false"):
        return {"selected_ids": alternative_ids[:1], "seq": seq}
    if question["type"] == "short_answer":
        return {"text": "Paris", "seq": seq}
    return {"number": 3.14, "seq": seq}


def _counts(app, client, make_user, build_exam, author, n: int) -> dict[str, int]:
    student = make_user("student")
    from online_exam.auth.tokens import issue_access_token

    with app.test_request_context():
        headers = {"Authorization": f"Bearer {issue_access_token(student.id, 'student')[0]}"}
    specs = _questions(n)
    exam = build_exam(author, questions=specs, time_limit_minutes=30, max_attempts=None)
    counts: dict[str, int] = {}

    def measure(name: str, call: Callable[[], Any], status: int = 200) -> Any:
        with counting(app) as statements:
            response = call()
        assert response.status_code == status, response.json
        counts[name] = len(statements)
        return response.json

    attempt = measure(
        "start", lambda: client.post(f"/api/exams/{exam.id}/attempts", headers=headers), 201
    )
    assert len(attempt["questions"]) == n
    alternatives = {q["id"]: [a["id"] for a in q["alternatives"]] for q in attempt["questions"]}
    by_id = dict(zip(exam.questions, specs, strict=True))
    measure("resume", lambda: client.post(f"/api/exams/{exam.id}/attempts", headers=headers))
    measure("view", lambda: client.get(f"/api/attempts/{attempt['id']}", headers=headers))
    other = make_user("student")
    with app.test_request_context():
        other_headers = {"Authorization": f"Bearer {issue_access_token(other.id, 'student')[0]}"}
    measure(
        "start_warm",
        lambda: client.post(f"/api/exams/{exam.id}/attempts", headers=other_headers),
        201,
    )
    # Every question answered (the last one measured), so the submit grades n responses.
    for qid in exam.questions:
        body = _answer(by_id[qid], alternatives[qid], 1)
        measure(
            "autosave",
            lambda qid=qid, body=body: client.put(
                f"/api/attempts/{attempt['id']}/responses/{qid}", json=body, headers=headers
            ),
        )
    measure(
        "submit",
        lambda: client.post(
            f"/api/attempts/{attempt['id']}/submit", json={"responses": []}, headers=headers
        ),
    )
    # A second attempt submitted with every answer in the submit itself (no autosave before).
    second = client.post(f"/api/exams/{exam.id}/attempts", headers=headers).json
    final = [
        {"question_id": qid, **_answer(by_id[qid], alternatives[qid], 1)} for qid in exam.questions
    ]
    result = measure(
        "submit_final",
        lambda: client.post(
            f"/api/attempts/{second['id']}/submit", json={"responses": final}, headers=headers
        ),
    )
    assert result["state"] == "submitted"
    assert len(result["responses"]) == n
    return counts


@pytest.fixture
def sized_counts(app, client, make_user, build_exam, users) -> Callable[[int], dict[str, int]]:
    return lambda n: _counts(app, client, make_user, build_exam, users["author"], n)


def test_statements_per_request_do_not_grow_with_the_number_of_questions(sized_counts):
    small, large = sized_counts(10), sized_counts(30)
    print(f"statements per request: {large}")
    assert small == large, f"10 questions: {small}\n30 questions: {large}"
    too_many = {
        name: (count, BOUNDS[name]) for name, count in large.items() if count > BOUNDS[name]
    }
    assert not too_many, f"over the bound (count, bound): {too_many}"
