"""An exam's results as a spreadsheet (CSV) or JSON: one row per attempt, one column per
question.

Rows: every attempt (in progress ones too, with empty results), ordered by student name,
e-mail and attempt number. Columns: Student, Email, Attempt, State, Started at, Submitted at
(ISO 8601, UTC), Duration (s), Score, Max score, Percentage, Passed (yes/no, empty without a
pass mark), then "Q1 (2 pts)", "Q2 (1 pt)"… in exam order: the points earned on each question
(credit x points; 0 when unanswered; empty while the attempt is in progress or the answer
waits for a person). An attempt awaiting grading has the State "Awaiting grading" and empty
Score, Percentage and Passed until its last answer is graded.

CSV: RFC 4180 (comma, double-quote quoting, CRLF) in UTF-8 with a byte-order mark, which Excel
needs to read accented names correctly (other tools ignore it). Text cells that a spreadsheet
would run as a formula (starting with = + - @ or a tab/CR) are prefixed with an apostrophe
(OWASP "CSV injection"): student names are chosen by students.

JSON: the same figures, with ids and credit fractions as well.

The CSV's header and labels (State, Passed) are in the downloader's language (`i18n`: their
own setting, else the browser's); the English ones are the above. JSON keys and values are
for programs and stay as they are.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..attempts.models import Attempt, Response
from ..attempts.service import finalize_overdue
from ..auth.models import User
from ..db_types import utcnow
from ..domain import AttemptState
from ..exams.access import results_exam
from ..exams.models import Exam, Question
from ..extensions import db
from ..i18n import DEFAULT, t

FORMATS = ("csv", "json")
# The State cell of a finished attempt whose answers still wait for a person (score empty).
AWAITING = "results.state.awaiting_grading"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _question_label(locale: str, number: int, points: float) -> str:
    key = "results.question_one_point" if points == 1 else "results.question_points"
    return t(locale, key, number=number, points=_number(points))


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not evaluate as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _rows(exam: Exam) -> list[dict[str, Any]]:
    questions: list[Question] = exam.all_questions
    attempts = db.session.execute(
        select(Attempt, User.display_name, User.email)
        .join(User, User.id == Attempt.user_id)
        .where(Attempt.exam_id == exam.id)
        .order_by(func.lower(User.display_name), User.email, Attempt.number, Attempt.id)
    ).all()
    credits: dict[tuple[int, int], float | None] = {
        (attempt_id, question_id): credit
        for attempt_id, question_id, credit in db.session.execute(
            select(Response.attempt_id, Response.question_id, Response.credit)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.exam_id == exam.id)
        )
    }
    rows = []
    for attempt, name, email in attempts:
        finished = attempt.state != AttemptState.IN_PROGRESS
        duration = attempt.duration_seconds if finished else None
        per_question = []
        for question in questions:
            key = (attempt.id, question.id)
            credit = credits.get(key) if finished else None
            if finished and key not in credits:
                credit = 0.0  # unanswered; an answer with no credit waits for a person
            per_question.append(
                {
                    "question_id": question.id,
                    "credit": credit,
                    "score": None if credit is None else round(credit * question.points, 4),
                }
            )
        rows.append(
            {
                "student_name": name,
                "email": email,
                "user_id": attempt.user_id,
                "attempt_id": attempt.id,
                "attempt": attempt.number,
                "state": attempt.state,
                "awaiting_grading": attempt.awaiting_grading > 0,
                "started_at": _time(attempt.started_at),
                "submitted_at": _time(attempt.submitted_at),
                "duration_seconds": None if duration is None else round(duration),
                "score": attempt.score if finished else None,
                "max_score": attempt.max_score if finished else None,
                "percentage": attempt.percentage if finished else None,
                "passed": attempt.passed if finished else None,
                "questions": per_question,
            }
        )
    return rows


def results(exam_id: int, user: User) -> tuple[Exam, list[dict[str, Any]]]:
    exam = results_exam(
        exam_id, user, selectinload(Exam.questions), selectinload(Exam.pool_questions)
    )
    finalize_overdue(exam_id=exam.id)  # time-ups not yet swept count as finalized
    return exam, _rows(exam)


COLUMNS = (
    "student",
    "email",
    "attempt",
    "state",
    "started_at",
    "submitted_at",
    "duration",
    "score",
    "max_score",
    "percentage",
    "passed",
)


def header(exam: Exam, locale: str = DEFAULT) -> list[str]:
    return [
        *(t(locale, f"results.{column}") for column in COLUMNS),
        *(
            _question_label(locale, number, q.points)
            for number, q in enumerate(exam.all_questions, start=1)
        ),
    ]


def _state(locale: str, row: dict[str, Any]) -> str:
    return t(locale, AWAITING if row["awaiting_grading"] else f"results.state.{row['state']}")


def to_csv(exam: Exam, rows: list[dict[str, Any]], locale: str = DEFAULT) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(exam, locale))
    yes, no = t(locale, "results.yes"), t(locale, "results.no")
    for row in rows:
        passed = row["passed"]
        writer.writerow(
            [
                safe_cell(row["student_name"]),
                safe_cell(row["email"]),
                row["attempt"],
                _state(locale, row),
                row["started_at"] or "",
                row["submitted_at"] or "",
                "" if row["duration_seconds"] is None else row["duration_seconds"],
                _number(row["score"]),
                _number(row["max_score"]),
                _number(row["percentage"]),
                "" if passed is None else (yes if passed else no),
                *(_number(item["score"]) for item in row["questions"]),
            ]
        )
    return buffer.getvalue()


def to_json(exam: Exam, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "exam": {
            "id": exam.id,
            "title": exam.title,
            "total_points": exam.total_points,
            "pass_mark_percent": exam.pass_mark_percent,
        },
        "exported_at": _time(utcnow()),
        "questions": [
            {"number": number, "id": q.id, "type": q.type, "text": q.text, "points": q.points}
            for number, q in enumerate(exam.all_questions, start=1)
        ],
        "attempts": rows,
    }
