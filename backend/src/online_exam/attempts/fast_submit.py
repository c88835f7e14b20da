"""The submit in three statements and one transaction, on PostgreSQL (the exam-day hot path).

service._submit locks the attempt through the ORM, loads the responses as ORM objects, grades,
writes the credits and closes the attempt (two statements), looks up grade-passback links,
commits; then builds the view from those objects. Here, on the pool's psycopg connection
itself (no Session, no ORM objects; as fast_save.py does):

1. ONE statement locks the attempt (as _lock_own: the caller's own, the account active,
   FOR NO KEY UPDATE of the attempt) and returns what grading and the view need of the
   attempt, the exam and the student, and whether the exam has a grade-passback link for
   the student; a second one, after the lock, reads the stored responses (one JSON array:
   see _RESPONSES for why it cannot be a subquery of the first);
2. grading in Python, with the same functions (grading.grade, service.score_fields);
3. ONE statement writes every credit and closes the attempt (a CTE with both UPDATEs), then
   COMMIT. regraded() (lti/grades.enqueue) would queue nothing: an attempt with a passback
   link takes the full path (step 1 says so before anything is written).

The view is then built by service.attempt_view itself, from plain objects with the
attributes it reads (_Attempt, _Exam, _Response, _Viewer): the same function, so the same
JSON (tests/test_fast_submit.py compares it with the full path's for every question type).

Only the common case is taken: a student's own attempt, in progress, not past deadline +
grace, no final answers in the body, the exam's questions in this worker's snapshot cache,
no passback link. Anything else — and any database error — rolls back what was read (nothing
was written) and returns None: the full path (service.py) answers exactly as before
(403/404/401, the idempotent repeat, "expired" after the grace, final answers by the
autosave's rule). SQLite keeps the full path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from .. import grading
from ..database import on_pooled_psycopg
from ..domain import AttemptState, ExamStatus, ReviewPolicy, Role
from ..exams.spec import QuestionSpec
from . import clock, review, snapshot

_READ = """
SELECT t.number, t.state, t.started_at, t.deadline, t.question_order, t.alternative_order,
       u.role,
       e.id, e.updated_at, e.grace_period_seconds, e.title, e.description,
       e.time_limit_minutes, e.opens_at, e.closes_at, e.one_question_per_page,
       e.review_policy, e.pass_mark_percent, e.language, e.status, e.course_id,
       e.created_by_id,
       EXISTS (
           SELECT 1 FROM lti_resource_links l
           JOIN lti_users lu ON lu.platform_id = l.platform_id
           WHERE l.exam_id = e.id AND lu.user_id = t.user_id
       )
FROM attempts t
JOIN exams e ON e.id = t.exam_id
JOIN users u ON u.id = t.user_id AND u.is_active
WHERE t.id = %(attempt_id)s AND t.user_id = %(user_id)s
FOR NO KEY UPDATE OF t
"""
# A statement of its own, after the lock: a statement sees the rows committed before it
# began, so a subquery of _READ that waited for the lock (held by an autosave) would miss the
# answer that autosave then committed. One row: the JSON array of the responses.
_RESPONSES = """
SELECT json_agg(json_build_array(
    id, question_id, selected_ids, text, number, pairs, ordered_ids, gaps, client_seq,
    saved_at, credit, graded_by_id, grader_comment))
FROM responses WHERE attempt_id = %(attempt_id)s
"""

_CLOSE = """
WITH credited AS (
    UPDATE responses SET credit = c.credit
    FROM unnest(%(ids)s::integer[], %(credits)s::double precision[]) AS c(id, credit)
    WHERE responses.id = c.id
)
UPDATE attempts
SET score = %(score)s, max_score = %(max_score)s, percentage = %(percentage)s,
    passed = %(passed)s, awaiting_grading = %(awaiting_grading)s, state = %(state)s,
    submitted_at = %(submitted_at)s
WHERE id = %(attempt_id)s
"""


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


@dataclass(slots=True)
class _Response:
    """A stored response with the attributes grading and the view read of a Response."""

    id: int
    question_id: int
    selected_ids: list[int] | None
    text: str | None
    number: float | None
    pairs: Any
    ordered_ids: Any
    gaps: Any
    client_seq: int
    saved_at: datetime
    credit: float | None
    graded_by_id: int | None
    grader_comment: str


@dataclass(frozen=True, slots=True)
class _Exam:
    """The exam's columns the view reads (AttemptExamOut, the review policy and who may see
    results, accommodations.latest_close)."""

    id: int
    updated_at: datetime
    grace_period_seconds: int
    title: str
    description: str
    time_limit_minutes: int | None
    opens_at: datetime | None
    closes_at: datetime | None
    one_question_per_page: bool
    review_policy: ReviewPolicy
    pass_mark_percent: float | None
    language: str
    status: ExamStatus
    course_id: int | None
    created_by_id: int


@dataclass(slots=True)
class _Attempt:
    """The attempt's columns the view reads, with its exam."""

    id: int
    user_id: int
    number: int
    state: AttemptState
    started_at: datetime
    deadline: datetime | None
    question_order: list[int]
    alternative_order: dict[str, Any]
    exam: _Exam
    submitted_at: datetime | None = None
    score: float | None = None
    max_score: float | None = None
    percentage: float | None = None
    passed: bool | None = None
    awaiting_grading: int = 0


@dataclass(frozen=True, slots=True)
class _Viewer:
    """The student, as exams.access.may_see_results reads a User."""

    id: int
    role: Role


@dataclass(frozen=True, slots=True)
class Submitted:
    """What service.attempt_view needs (the view is the full path's own function)."""

    attempt: Any  # _Attempt: the Attempt attributes the view reads
    viewer: Any  # _Viewer
    questions: Mapping[int, QuestionSpec]
    responses: dict[int, Any]  # question id -> _Response


def _response(r: list[Any]) -> _Response:
    """From json_build_array(r.id ... r.grader_comment) in _READ: in JSON, a float may come
    as an integer (42 for 42.0) and saved_at as ISO 8601 text."""
    number, credit = r[4], r[10]
    return _Response(
        r[0],
        r[1],
        r[2],
        r[3],
        None if number is None else float(number),
        r[5],
        r[6],
        r[7],
        r[8],
        datetime.fromisoformat(r[9]).astimezone(UTC),
        None if credit is None else float(credit),
        r[11],
        r[12],
    )


def _read(connection: psycopg.Connection[Any], attempt_id: int, user_id: int) -> Any:
    """The attempt (locked), its exam, the student and the stored responses; or None when
    the fast path does not apply (nothing written: the caller rolls back)."""
    row = connection.execute(_READ, {"attempt_id": attempt_id, "user_id": user_id}).fetchone()
    if row is None:
        return None  # not theirs, or the account is gone: the full path says which
    number, state, started_at, deadline, question_order, alternative_order, role = row[:7]
    linked = row[22]
    if state != AttemptState.IN_PROGRESS or role != Role.STUDENT or linked:
        return None  # a repeat, staff, grade passback: the full path
    e = row[7:22]
    exam = _Exam(
        e[0],
        e[1].astimezone(UTC),
        e[2],
        e[3],
        e[4],
        e[5],
        _utc(e[6]),
        _utc(e[7]),
        e[8],
        ReviewPolicy(e[9]),
        e[10],
        e[11],
        ExamStatus(e[12]),
        e[13],
        e[14],
    )
    deadline = _utc(deadline)
    now = clock.now()
    if deadline is not None and now > clock.later(
        deadline, timedelta(seconds=exam.grace_period_seconds)
    ):
        return None  # overdue: the full path finalizes it as "expired"
    entry = snapshot.cached(exam.id, exam.updated_at)
    if entry is None:
        return None  # the full path loads and caches the questions
    stored = connection.execute(_RESPONSES, {"attempt_id": attempt_id}).fetchone()
    responses = {r[1]: _response(r) for r in (stored and stored[0]) or ()}
    attempt = _Attempt(
        attempt_id,
        user_id,
        number,
        AttemptState.IN_PROGRESS,
        started_at.astimezone(UTC),
        deadline,
        question_order,
        alternative_order,
        exam,
    )
    return attempt, entry.by_id, responses, now


def _grade(
    attempt: _Attempt,
    questions: Mapping[int, QuestionSpec],
    responses: Mapping[int, _Response],
    now: datetime,
) -> dict[str, Any]:
    """service._finalize's grading, on the plain rows: the parameters of _CLOSE."""
    from .service import score_fields  # service imports this module

    graded: list[tuple[float | None, float]] = []
    ids: list[int] = []
    credits: list[float | None] = []
    for question_id in attempt.question_order:
        question = questions.get(question_id)
        if question is None:
            continue  # deleted from the exam since (editing rules should prevent it)
        response = responses.get(question_id)
        credit = grading.grade(question, review.answer_of(response))  # type: ignore[arg-type]
        if response is not None:
            response.credit = credit
            ids.append(response.id)
            credits.append(None if credit is None else float(credit))
        graded.append((credit, question.points))
    outcome = {
        **score_fields(graded, attempt.exam.pass_mark_percent),
        "state": AttemptState.SUBMITTED,
        "submitted_at": now,
    }
    for name, value in outcome.items():
        setattr(attempt, name, value)
    return {"attempt_id": attempt.id, "ids": ids, "credits": credits, **outcome}


def try_submit(attempt_id: int, user_id: int) -> Submitted | None:
    """Grade and close the caller's attempt; None (nothing written) for the full path. A
    lost connection or a deadlock also returns None: the full path answers (with its retry);
    if the COMMIT did go through, it returns the submitted attempt."""

    def submit(connection: psycopg.Connection[Any]) -> Submitted | None:
        read = _read(connection, attempt_id, user_id)
        if read is None:
            return None  # the lock only: nothing was written
        attempt, questions, responses, now = read
        params = _grade(attempt, questions, responses, now)
        params["state"] = str(params["state"])
        connection.execute(_CLOSE, params)
        return Submitted(attempt, _Viewer(user_id, Role.STUDENT), questions, responses)

    return on_pooled_psycopg(submit)
