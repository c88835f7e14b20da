"""Starting an attempt in two statements and one transaction, on PostgreSQL (issue 19).

service._start runs five ORM statements (exam locked FOR SHARE, the student locked, the
course check, the student's attempts, the accommodations), the insert and the commit, then
builds ORM objects for the view. Here the common start — a published exam the student may
take, no attempt in progress, within the window and the attempts allowed, the exam's
questions already cached (snapshot.py) — runs on the pool's psycopg connection itself:

1. ONE read that takes the same locks as the full path (the exam FOR SHARE, the student's
   row FOR NO KEY UPDATE, which is also the account check) and reads what the rules need:
   the exam's terms, the enrolment (courses/access.may_take's EXISTS), the student's
   attempts (count, last number, one in progress?) and their accommodations (the per-exam
   and the course-wide row, merged by courses/accommodations.merge, as effective_for does);
2. the draw and the orders in Python, with the full path's own functions and rng
   (ATTEMPT_SHUFFLE_SEED), then ONE INSERT ... RETURNING, and the commit.

The read's subqueries see the snapshot taken before the student's lock was granted, so a
concurrent start of the same student that committed meanwhile is not seen: its attempt
collides with ours on the one-in-progress index (or unique (exam, user, number)), the insert
fails, and the full path answers (it re-reads after the lock: a resume). Only starts insert
attempts, and every start holds the student's lock: nothing else can make the read stale.

Anything else — not PostgreSQL, no such exam or not published, a deactivated account, not
enrolled (teachers, 404s), an attempt in progress (resume, or an overdue one to finalize),
outside the window, no attempts left, questions not cached, a pool too small, any database
error — rolls back after writing nothing and returns None: service.start_view's full path
then answers exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import psycopg
from psycopg.types.json import Json

from ..courses.accommodations import Effective, merge
from ..database import on_pooled_psycopg
from ..domain import AttemptState, ExamStatus, ReviewPolicy
from ..errors import Conflict
from ..exams.public import public_question_dumped
from ..exams.spec import QuestionSpec
from . import clock, fast_save, service, snapshot

_READ = """
SELECT e.status, e.course_id, e.updated_at, e.time_limit_minutes, e.opens_at, e.closes_at,
       e.max_attempts, e.shuffle_questions, e.shuffle_alternatives, e.grace_period_seconds,
       e.title, e.description, e.one_question_per_page, e.review_policy, e.pass_mark_percent,
       e.language,
       e.course_id IS NULL OR EXISTS (
           SELECT 1 FROM enrolments n JOIN courses c ON c.id = n.course_id
           WHERE n.course_id = e.course_id AND n.user_id = u.id AND c.archived IS false
       ),
       (SELECT count(*) FROM attempts a WHERE a.exam_id = e.id AND a.user_id = u.id),
       (SELECT coalesce(max(a.number), 0) FROM attempts a
        WHERE a.exam_id = e.id AND a.user_id = u.id),
       EXISTS (SELECT 1 FROM attempts a
               WHERE a.exam_id = e.id AND a.user_id = u.id AND a.state = 'in_progress'),
       pe.id IS NOT NULL, pe.extra_minutes, pe.extra_time_percent, pe.extra_attempts,
       pe.opens_at, pe.closes_at,
       cw.id IS NOT NULL, cw.extra_minutes, cw.extra_time_percent, cw.extra_attempts,
       cw.opens_at, cw.closes_at
FROM exams e
JOIN users u ON u.id = %(user_id)s AND u.is_active
LEFT JOIN accommodations pe ON pe.user_id = u.id AND pe.exam_id = e.id
LEFT JOIN accommodations cw ON cw.user_id = u.id AND cw.course_id = e.course_id
WHERE e.id = %(exam_id)s
FOR SHARE OF e FOR NO KEY UPDATE OF u
"""

_INSERT = """
INSERT INTO attempts (exam_id, user_id, number, state, started_at, deadline, question_order,
                      alternative_order, awaiting_grading)
VALUES (%(exam_id)s, %(user_id)s, %(number)s, %(state)s, %(started_at)s, %(deadline)s,
        %(question_order)s, %(alternative_order)s, 0)
RETURNING id
"""


@dataclass(frozen=True, slots=True)
class _Exam:
    """The exam's terms as the rules read them (accommodations.ExamTerms, service._rng and
    service._fixed_order) and its part of the view (AttemptExamOut)."""

    id: int
    course_id: int | None
    time_limit_minutes: int | None
    opens_at: datetime | None
    closes_at: datetime | None
    max_attempts: int | None
    shuffle_questions: bool
    shuffle_alternatives: bool
    title: str
    description: str
    one_question_per_page: bool
    review_policy: ReviewPolicy
    pass_mark_percent: float | None
    language: str


@dataclass(frozen=True, slots=True)
class _Grant:
    """An accommodation row as accommodations.merge reads it."""

    extra_minutes: int | None
    extra_time_percent: int | None
    extra_attempts: int
    opens_at: datetime | None
    closes_at: datetime | None


@dataclass(frozen=True, slots=True)
class _Caller:
    id: int


def _utc(moment: datetime | None) -> datetime | None:
    """As UTCDateTime reads a timestamptz: aware, in UTC (psycopg gives the session's zone)."""
    return None if moment is None else moment.astimezone(UTC)


def _grant(values: tuple[Any, ...]) -> _Grant | None:
    present, minutes, percent, extra, opens_at, closes_at = values
    if not present:
        return None
    return _Grant(minutes, percent, extra, _utc(opens_at), _utc(closes_at))


def _open(terms: Effective, now: datetime) -> bool:
    """service._check_window's rule: False where it would refuse."""
    if terms.opens_at is not None and now < terms.opens_at:
        return False
    return terms.closes_at is None or now < terms.closes_at


@dataclass(frozen=True, slots=True)
class _Started:
    view: dict[str, Any]
    question_order: list[int]
    questions: Mapping[int, QuestionSpec]


def try_start(exam_id: int, user_id: int) -> dict[str, Any] | None:
    """The new attempt's view (as service.start_view builds it), or None after writing
    nothing: the full path answers (a concurrent start that won: its insert hits the unique
    index, see the docstring; a COMMIT lost in flight that did commit: the full path resumes
    the attempt, 200)."""
    started = on_pooled_psycopg(lambda connection: _run(connection, exam_id, user_id))
    if started is None:
        return None
    # The first autosave can take its fast path (as service.start_view does).
    fast_save.remember(started.view["id"], user_id, started.question_order, started.questions)
    return started.view


def _run(connection: psycopg.Connection[Any], exam_id: int, user_id: int) -> _Started | None:
    row = connection.execute(_READ, {"exam_id": exam_id, "user_id": user_id}).fetchone()
    if row is None:
        return None  # no such exam, or no active account
    (
        status,
        course_id,
        version,
        time_limit_minutes,
        opens_at,
        closes_at,
        max_attempts,
        shuffle_questions,
        shuffle_alternatives,
        grace,
        title,
        description,
        one_per_page,
        review_policy,
        pass_mark,
        language,
        enrolled,
        used,
        last_number,
        in_progress,
    ) = row[:20]
    if status != ExamStatus.PUBLISHED or not enrolled or in_progress:
        return None  # the full path's 404 (or a teacher's start), or the resume
    exam_questions = snapshot.cached(exam_id, version.astimezone(UTC))
    if exam_questions is None:
        return None  # the full path loads and caches them under its lock
    exam = _Exam(
        exam_id,
        course_id,
        time_limit_minutes,
        _utc(opens_at),
        _utc(closes_at),
        max_attempts,
        shuffle_questions,
        shuffle_alternatives,
        title,
        description,
        one_per_page,
        ReviewPolicy(review_policy),
        pass_mark,
        language,
    )
    terms = merge(exam, _grant(row[26:32]), _grant(row[20:26]))  # course-wide, per exam
    now = clock.now()
    allowed = terms.attempts_allowed
    if not _open(terms, now) or (allowed is not None and used >= allowed):
        return None  # the full path's 409
    number = last_number + 1
    rng = service._rng(exam, _Caller(user_id), number)
    try:
        questions = service._attempt_questions(exam_questions, rng)
    except Conflict:  # a pool too small: the full path's 409
        return None
    question_order, alternative_order = service._fixed_order(questions, exam, rng)
    deadline = service.deadline_for(terms, now)
    values = {
        "exam_id": exam_id,
        "user_id": user_id,
        "number": number,
        "state": AttemptState.IN_PROGRESS.value,
        "started_at": now,
        "deadline": deadline,
        "question_order": Json(question_order),
        "alternative_order": Json(alternative_order),
    }
    inserted = connection.execute(_INSERT, values).fetchone()
    by_id = exam_questions.by_id
    view = {  # service.attempt_view of the new attempt: no responses, not finished
        "id": cast(tuple[int], inserted)[0],
        "number": number,
        "started_at": now,
        "submitted_at": None,
        "state": AttemptState.IN_PROGRESS,
        "deadline": deadline,
        "server_now": clock.now(),
        "grace_period_seconds": grace,
        "read_only": False,
        "exam": exam,
        "questions": [
            public_question_dumped(by_id[qid], alternative_order.get(str(qid)))
            for qid in question_order
            if qid in by_id
        ],
        "responses": [],
        "result": None,
    }
    return _Started(view, question_order, by_id)
