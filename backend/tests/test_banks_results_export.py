"""Results export: CSV columns, quoting, BOM and formula safety; the JSON variant."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import event

from online_exam.extensions import db

QUESTIONS: list[dict[str, Any]] = [
    {
        "type": "single",
        "text": "2 + 2?",
        "points": 2.0,
        "alternatives": [{"text": "4", "credit": 1.0}, {"text": "5", "credit": 0.0}],
    },
    {"type": "numeric", "text": "Pi?", "points": 1.0, "numeric_answer": 3.14},
    {
        "type": "short_answer",
        "text": "Capital?",
        "points": 1.5,
        "alternatives": [{"text": "Paris", "credit": 1.0}],
    },
]


def _csv(client: Any, exam: int, headers: dict[str, str]) -> tuple[Any, list[list[str]]]:
    response = client.get(f"/api/exams/{exam}/results/export?format=csv", headers=headers)
    assert response.status_code == 200, response.json
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def exam(build_exam, users, make_user, record_attempt) -> Any:
    info = build_exam(
        users["author"],
        questions=QUESTIONS,
        title="Attempts exam",
        max_attempts=None,
        pass_mark_percent=50.0,
    )
    q1, q2, q3 = info.questions
    zoe = make_user("student", email="zoe@example.com", name="Zoë Ünal")
    comma = make_user("student", email="jay@example.com", name='Doe, "Jay"\nJr.')
    evil = make_user("student", email="evil@example.com", name='=HYPERLINK("http://x")')
    record_attempt(info.id, zoe, {q1: 1.0, q2: 1.0, q3: 0.5}, seconds=754.4, passed=True)
    record_attempt(info.id, zoe, {q1: 0.0}, state="in_progress")
    record_attempt(info.id, comma, {q1: 0.0, q3: 1.0}, state="expired", seconds=3600, passed=False)
    record_attempt(info.id, evil, {}, seconds=1.6, passed=False)
    return info


def test_csv_columns_rows_and_quoting(client, auth, exam):
    response, rows = _csv(client, exam.id, auth["author"])
    assert response.mimetype == "text/csv"
    assert response.mimetype_params.get("charset") == "utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="exam-{exam.id}-results.csv"'
    )
    assert rows[0] == [
        "Student", "Email", "Attempt", "State", "Started at", "Submitted at", "Duration (s)",
        "Score", "Max score", "Percentage", "Passed", "Q1 (2 pts)", "Q2 (1 pt)", "Q3 (1.5 pts)",
    ]  # fmt: skip
    # Ordered by name (case-insensitive): "=HYPERLINK…", "Doe…", "Zoë…" (first, then second).
    assert rows[1:] == [
        [
            "'=HYPERLINK(\"http://x\")",  # would run as a formula: made text
            "evil@example.com", "1", "submitted", "2030-01-01T10:00:00+00:00",
            "2030-01-01T10:00:01+00:00", "2", "0", "4.5", "0", "no", "0", "0", "0",
        ],
        [
            'Doe, "Jay"\nJr.',  # comma, quotes and newline survive the quoting
            "jay@example.com", "1", "expired", "2030-01-01T10:00:00+00:00",
            "2030-01-01T11:00:00+00:00", "3600", "1.5", "4.5", "33.33", "no",
            "0", "0", "1.5",  # Q2 unanswered: 0
        ],
        [
            "Zoë Ünal", "zoe@example.com", "1", "submitted", "2030-01-01T10:00:00+00:00",
            "2030-01-01T10:12:34+00:00", "754", "3.75", "4.5", "83.33", "yes",
            "2", "1", "0.75",  # credit x points: 1 x 2, 1 x 1, .5 x 1.5
        ],
        [
            "Zoë Ünal", "zoe@example.com", "2", "in_progress", "2030-01-01T11:00:00+00:00",
            "", "", "", "", "", "", "", "", "",  # nothing graded yet
        ],
    ]  # fmt: skip


def test_csv_raw_text_uses_crlf_and_quotes_only_when_needed(client, auth, exam):
    text = client.get(f"/api/exams/{exam.id}/results/export", headers=auth["admin"]).get_data(
        as_text=True
    )
    lines = text.split("\r\n")
    assert lines[0] == (
        "\ufeffStudent,Email,Attempt,State,Started at,Submitted at,Duration (s),Score,"
        "Max score,Percentage,Passed,Q1 (2 pts),Q2 (1 pt),Q3 (1.5 pts)"
    )
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")",evil@example.com,1,')
    assert lines[2].startswith('"Doe, ""Jay""\nJr.",jay@example.com,1,expired,')
    assert text.endswith("\r\n")


def test_json_export(client, auth, exam):
    response = client.get(f"/api/exams/{exam.id}/results/export?format=json", headers=auth["admin"])
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.json
    assert body["exam"] == {
        "id": exam.id,
        "title": "Attempts exam",
        "total_points": 4.5,
        "pass_mark_percent": 50.0,
    }
    assert [(q["number"], q["points"]) for q in body["questions"]] == [(1, 2.0), (2, 1.0), (3, 1.5)]
    zoe = body["attempts"][2]
    assert zoe["student_name"] == "Zoë Ünal"  # JSON keeps the name as it is
    assert (zoe["attempt"], zoe["state"], zoe["duration_seconds"]) == (1, "submitted", 754)
    assert (zoe["score"], zoe["max_score"], zoe["percentage"], zoe["passed"]) == (
        3.75,
        4.5,
        83.33,
        True,
    )
    assert zoe["questions"] == [
        {"question_id": exam.questions[0], "credit": 1.0, "score": 2.0},
        {"question_id": exam.questions[1], "credit": 1.0, "score": 1.0},
        {"question_id": exam.questions[2], "credit": 0.5, "score": 0.75},
    ]
    open_attempt = body["attempts"][3]
    assert open_attempt["score"] is None
    assert [q["credit"] for q in open_attempt["questions"]] == [None, None, None]
    assert body["attempts"][0]["student_name"] == '=HYPERLINK("http://x")'


def test_an_exam_without_attempts_has_only_the_header(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft")
    _, rows = _csv(client, exam, auth["author"])
    assert len(rows) == 1
    assert rows[0][11:] == ["Q1 (2 pts)", "Q2 (3 pts)", "Q3 (1 pt)", "Q4 (2 pts)", "Q5 (2 pts)"]


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 401), ("student", 403), ("other_author", 404), ("author", 200), ("admin", 200)],
)
def test_who_may_export_results(client, auth, exam, actor, status):
    response = client.get(f"/api/exams/{exam.id}/results/export", headers=auth[actor])
    assert response.status_code == status


def test_a_constant_number_of_queries(app, client, auth, exam, make_user, record_attempt):
    with app.app_context():
        engine = db.engine

    def count_queries() -> int:
        statements: list[str] = []

        def before(*_args: Any) -> None:
            statements.append("q")

        event.listen(engine, "before_cursor_execute", before)
        try:
            _csv(client, exam.id, auth["author"])
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return len(statements)

    few = count_queries()
    for _ in range(15):
        record_attempt(exam.id, make_user("student"), {exam.questions[0]: 1.0})
    assert count_queries() == few
