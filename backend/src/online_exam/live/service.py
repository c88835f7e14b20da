"""A course's teachers on exam day: accommodations (course-wide or for one exam), "one more
attempt", and the live view of an exam.

Who: a course's accommodations belong to its teachers (`taught_course`, else 404); an exam's
accommodations and live view to whoever may see its results (`results_exam`, else 404).
Whom: a student on the course's roster, or for a public exam any student account (else 422).
Writes lock the student's row first (as starting an attempt does), so an accommodation
changes between two starts of that student, never during one.

The live view costs a fixed number of queries whatever the class size: a fingerprint (one
statement of aggregates, the ETag) and, when it changed, the roster, the attempts, the
answers counted per attempt in SQL, and the accommodations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.functions import coalesce

from ..attempts import clock
from ..attempts.models import Attempt, Response
from ..audit import service as audit
from ..auth.models import User
from ..bank.models import ExamSlot
from ..courses.access import is_enrolled, taught_course
from ..courses.accommodations import effective_for, effective_for_all
from ..courses.models import Accommodation, Course, CourseTeacher, Enrolment
from ..database import lock
from ..domain import AttemptState, LiveState, Role
from ..errors import Conflict, NotFound, ValidationFailed
from ..exams.access import results_exam, valid_id
from ..exams.models import Exam, Question
from ..extensions import db
from .schemas import EXTRA_ATTEMPTS_MAX

FIELDS = ("extra_minutes", "extra_time_percent", "extra_attempts", "opens_at", "closes_at")


# --------------------------------------------------------------------------- accommodations


def _out(row: Accommodation) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in ("id", "user_id", "course_id", "exam_id")}
    data.update({name: getattr(row, name) for name in FIELDS})
    data.update(display_name=row.user.display_name, email=row.user.email, updated_at=row.updated_at)
    return data


def _listed(where: ColumnElement[bool]) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Accommodation)
        .join(User, User.id == Accommodation.user_id)
        .where(where)
        .order_by(User.display_name, User.id)
    )
    return [_out(row) for row in rows]


def course_accommodations(course_id: int, teacher: User) -> list[dict[str, Any]]:
    course = taught_course(course_id, teacher)
    return _listed(Accommodation.course_id == course.id)


def exam_accommodations(exam_id: int, teacher: User) -> list[dict[str, Any]]:
    exam = results_exam(exam_id, teacher)
    return _listed(Accommodation.exam_id == exam.id)


def _not_eligible(message: str) -> ValidationFailed:
    return ValidationFailed(message, {"path": {"user_id": [message]}})


def _student(user_id: int, course_id: int | None) -> User:
    """The student an accommodation is for, locked (see the module's docstring)."""
    found = lock(select(User).where(User.id == user_id)) if valid_id(user_id) else []
    student = found[0] if found else None
    if course_id is not None:
        if student is None or not is_enrolled(student.id, course_id):
            raise _not_eligible("Not a student on this course's roster.")
    elif student is None or student.role != Role.STUDENT or not student.is_active:
        raise _not_eligible("Not an active student account.")
    return student


def _scope(course_id: int | None, exam_id: int | None) -> ColumnElement[bool]:
    if course_id is not None:
        return Accommodation.course_id == course_id
    return Accommodation.exam_id == exam_id


def _existing(user_id: int, course_id: int | None, exam_id: int | None) -> Accommodation | None:
    return db.session.scalar(
        select(Accommodation).where(Accommodation.user_id == user_id, _scope(course_id, exam_id))
    )


def _audit_fields(row: Accommodation) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in FIELDS}
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def _put(
    teacher: User,
    student: User,
    course_id: int | None,
    exam_id: int | None,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    row = _existing(student.id, course_id, exam_id)
    if row is None:
        row = Accommodation(user_id=student.id, course_id=course_id, exam_id=exam_id)
        db.session.add(row)
    for name in FIELDS:
        setattr(row, name, data[name])
    row.updated_by_id = teacher.id
    row.user = student
    db.session.flush()
    audit.record(teacher, "accommodation.set", row, user_id=student.id, **_audit_fields(row))
    return _out(row)


def set_course_accommodation(
    course_id: int, user_id: int, teacher: User, data: Mapping[str, Any]
) -> dict[str, Any]:
    course = taught_course(course_id, teacher)
    return _put(teacher, _student(user_id, course.id), course.id, None, data)


def set_exam_accommodation(
    exam_id: int, user_id: int, teacher: User, data: Mapping[str, Any]
) -> dict[str, Any]:
    exam = results_exam(exam_id, teacher)
    opens = data["opens_at"] or exam.opens_at
    closes = data["closes_at"] or exam.closes_at
    if opens is not None and closes is not None and closes <= opens:
        message = "The student's window must close after it opens (with the exam's times)."
        raise ValidationFailed(message, {"json": {"closes_at": [message]}})
    return _put(teacher, _student(user_id, exam.course_id), None, exam.id, data)


def _delete(teacher: User, user_id: int, course_id: int | None, exam_id: int | None) -> None:
    row = _existing(user_id, course_id, exam_id) if valid_id(user_id) else None
    if row is None:
        raise NotFound("No such accommodation.")
    audit.record(teacher, "accommodation.deleted", row, user_id=user_id, **_audit_fields(row))
    db.session.delete(row)
    db.session.flush()


def delete_course_accommodation(course_id: int, user_id: int, teacher: User) -> None:
    _delete(teacher, user_id, taught_course(course_id, teacher).id, None)


def delete_exam_accommodation(exam_id: int, user_id: int, teacher: User) -> None:
    _delete(teacher, user_id, None, results_exam(exam_id, teacher).id)


def grant_extra_attempt(exam_id: int, user_id: int, teacher: User) -> dict[str, Any]:
    """One more attempt at this exam than the student is allowed now (per-exam accommodation).
    The per-exam value replaces the course-wide one, so it is set to what the student has in
    all plus one."""
    exam = results_exam(exam_id, teacher)
    if exam.max_attempts is None:
        raise Conflict("This exam allows unlimited attempts already.")
    student = _student(user_id, exam.course_id)
    allowed = effective_for(student.id, exam).attempts_allowed or exam.max_attempts
    extra = allowed - exam.max_attempts + 1
    if extra > EXTRA_ATTEMPTS_MAX:
        raise Conflict(f"At most {EXTRA_ATTEMPTS_MAX} extra attempts.")
    row = _existing(student.id, None, exam.id)
    if row is None:
        row = Accommodation(user_id=student.id, exam_id=exam.id)
        db.session.add(row)
    row.extra_attempts = extra
    row.updated_by_id = teacher.id
    row.user = student
    db.session.flush()
    audit.record(
        teacher,
        "accommodation.extra_attempt",
        row,
        user_id=student.id,
        attempts_allowed=allowed + 1,
    )
    return _out(row)


# --------------------------------------------------------------------------- the live view


def live_exam(exam_id: int, teacher: User) -> Exam:
    return results_exam(exam_id, teacher)


def _epoch(column: Any, dialect: str) -> ColumnElement[Any]:
    """Whole seconds since 1970 of a stored time, on either database."""
    if dialect == "sqlite":
        return cast(func.strftime("%s", column), BigInteger)
    return cast(func.extract("epoch", column), BigInteger)


def _students_of(exam: Exam) -> ColumnElement[bool]:
    """Who the view lists: everyone with an attempt, and for a course's exam its roster too
    (a student removed from the roster keeps their attempt, so they stay listed)."""
    attempted = User.id.in_(select(Attempt.user_id).where(Attempt.exam_id == exam.id))
    if exam.course_id is None:
        return attempted
    enrolled = User.id.in_(select(Enrolment.user_id).where(Enrolment.course_id == exam.course_id))
    return or_(attempted, enrolled)


def _fingerprint_statement(dialect: str, course_id: Any = None) -> Select[Any]:
    """The ETag's one statement of aggregates, per dialect: every save moves max(saved_at),
    every start, finish, extension and close moves the attempts' figures, roster and
    accommodation changes move theirs. A NULL course_id matches no row. `course_id`: the
    exam's course as an expression (default: a bind parameter)."""
    exam_id: BindParameter[int] = bindparam("exam_id", type_=Integer)
    if course_id is None:
        course_id = bindparam("course_id", type_=Integer)
    attempts = select(
        func.count(Attempt.id),
        func.max(Attempt.id),
        func.sum(case((Attempt.state == AttemptState.IN_PROGRESS, 1), else_=0)),
        func.sum(_epoch(Attempt.deadline, dialect)),
        func.max(Attempt.submitted_at),
    ).where(Attempt.exam_id == exam_id)
    saves = (
        # max(graded_at): a grade changes a score the view shows.
        select(func.count(Response.id), func.max(Response.saved_at), func.max(Response.graded_at))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.exam_id == exam_id)
    )
    accommodations = select(func.count(Accommodation.id), func.max(Accommodation.updated_at)).where(
        or_(Accommodation.exam_id == exam_id, Accommodation.course_id == course_id)
    )
    roster = select(func.count(), func.max(Enrolment.enrolled_at)).where(
        Enrolment.course_id == course_id
    )
    # One round trip: each part is a one-row subquery, cross-joined (ON true).
    subqueries = [part.subquery() for part in (attempts, saves, accommodations, roster)]
    joined: FromClause = subqueries[0]
    for other in subqueries[1:]:
        joined = joined.join(other, true())
    return select(*(c for s in subqueries for c in s.c)).select_from(joined)


# Built once per dialect: building it costs more CPU than the 304 it serves.
_FINGERPRINTS: dict[str, Select[Any]] = {}


def live_etag(exam: Exam) -> str:
    """A strong ETag of what the view shows (see _fingerprint_statement)."""
    dialect = db.session.get_bind().dialect.name
    statement = _FINGERPRINTS.get(dialect)
    if statement is None:
        statement = _FINGERPRINTS[dialect] = _fingerprint_statement(dialect)
    row = db.session.execute(statement, {"exam_id": exam.id, "course_id": exam.course_id}).one()
    return _etag(exam.id, exam.updated_at, row)


def _etag(exam_id: int, version: datetime, figures: Sequence[Any]) -> str:
    digest = hashlib.sha256(repr([exam_id, version, *figures]).encode()).hexdigest()[:32]
    return f'"live-{digest}"'


def _checked_fingerprint_statement(dialect: str) -> Select[Any]:
    """live_etag's statement with the access check folded in (a teacher's poll is answered
    304 by this one statement): the caller's account (active only: no row otherwise) and
    whether they may see the exam's results (exams/access.may_manage: an admin, the author
    of a public exam, a teacher of the exam's course), the exam's version, the figures."""
    user_id: BindParameter[int] = bindparam("user_id", type_=Integer)
    exam_id: BindParameter[int] = bindparam("exam_id", type_=Integer)
    course = select(Exam.course_id).where(Exam.id == exam_id).scalar_subquery()
    figures = _fingerprint_statement(dialect, course).subquery()
    teaches = exists().where(
        Course.id == Exam.course_id,
        or_(
            Course.owner_id == User.id,
            Course.id.in_(select(CourseTeacher.course_id).where(CourseTeacher.user_id == User.id)),
        ),
    )
    allowed = or_(
        User.role == Role.ADMIN,
        and_(Exam.course_id.is_(None), Exam.created_by_id == User.id),
        and_(Exam.course_id.is_not(None), User.role != Role.STUDENT, teaches),
    )
    return (
        select(allowed, Exam.updated_at, *figures.c)
        .select_from(User)
        .join(Exam, true())
        .join(figures, true())
        .where(User.id == user_id, User.is_active.is_(True), Exam.id == exam_id)
    )


_CHECKED: dict[str, Select[Any]] = {}


def checked_live_etag(exam_id: int, user_id: int) -> str | None:
    """The live view's ETag for a poll, with the account and access checked in the same
    statement; None when that is not allowed (no such exam, not theirs, account gone): the
    full path then answers (401/404)."""
    if not valid_id(exam_id):
        return None
    dialect = db.session.get_bind().dialect.name
    statement = _CHECKED.get(dialect)
    if statement is None:
        statement = _CHECKED[dialect] = _checked_fingerprint_statement(dialect)
    params = {"exam_id": exam_id, "user_id": user_id}
    session = db.session()
    if dialect == "postgresql" and not session.in_transaction():
        # Read-only and alone: in autocommit (no BEGIN/COMMIT round trips), then the session
        # is back to a normal transaction for whatever the request does next.
        options = {"isolation_level": "AUTOCOMMIT"}
        row = session.connection(execution_options=options).execute(statement, params).first()
        session.rollback()
    else:
        row = session.execute(statement, params).first()
    if row is None or not row[0]:
        return None
    return _etag(exam_id, row[1], row[2:])


# What the view reads of each attempt: (id, user, then `_NOT_STARTED`'s shape).
# What the view reads of an attempt; a student without one shows `_NOT_STARTED` (its shape).
_LIVE_ATTEMPT = (
    Attempt.id,
    Attempt.user_id,
    Attempt.state,
    Attempt.deadline,
    Attempt.score,
    Attempt.max_score,
    Attempt.percentage,
)

_NOT_STARTED: tuple[Any, ...] = (None, None, None, None, None, None)
_NO_PROGRESS: tuple[int, datetime | None] = (0, None)

# A stored response counts as answered unless its answer was cleared (see answers.given).
_ANSWERED = or_(
    coalesce(cast(Response.selected_ids, Text), "[]") != "[]",
    and_(Response.text.is_not(None), Response.text != ""),
    Response.number.is_not(None),
)


def live_view(exam: Exam) -> dict[str, Any]:
    """Every student of the exam as not started / in progress / submitted, with progress."""
    students = db.session.execute(
        select(User.id, User.display_name, User.email)
        .where(_students_of(exam))
        .order_by(User.display_name, User.id)
    ).all()
    # Per student: how many attempts, and the one shown (in progress, else the last). Plain
    # columns, not ORM objects: thousands of rows on every poll, and an Attempt would also
    # decode its question and alternative orders (JSON) for nothing.
    used: dict[int, int] = {}
    shown: dict[int, tuple[Any, ...]] = {}
    for attempt_id, user_id, *outcome in db.session.execute(
        select(*_LIVE_ATTEMPT).where(Attempt.exam_id == exam.id).order_by(Attempt.number)
    ):
        used[user_id] = used.get(user_id, 0) + 1
        current = shown.get(user_id)
        if current is None or current[1] != AttemptState.IN_PROGRESS:
            shown[user_id] = (attempt_id, *outcome)
    progress: dict[int, tuple[int, datetime | None]] = {
        attempt_id: (int(answered or 0), last_saved)
        for attempt_id, answered, last_saved in db.session.execute(
            select(
                Response.attempt_id,
                func.sum(case((_ANSWERED, 1), else_=0)),
                func.max(Response.saved_at),
            )
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.exam_id == exam.id)
            .group_by(Response.attempt_id)
        )
    }
    accommodated, usual = effective_for_all(exam)
    # What each attempt holds: the fixed questions and each random slot's count.
    fixed = (
        select(func.count(Question.id))
        .where(Question.exam_id == exam.id, Question.slot_id.is_(None))
        .scalar_subquery()
    )
    drawn = (
        select(func.coalesce(func.sum(ExamSlot.count), 0))
        .where(ExamSlot.exam_id == exam.id)
        .scalar_subquery()
    )
    question_count = db.session.scalar(select(fixed + drawn))
    rows = []
    counts = dict.fromkeys(LiveState, 0)
    for user_id, display_name, email in students:
        attempt_id, attempt_state, deadline, score, max_score, percentage = shown.get(
            user_id, _NOT_STARTED
        )
        if attempt_id is None:
            state = LiveState.NOT_STARTED
        elif attempt_state == AttemptState.IN_PROGRESS:
            state = LiveState.IN_PROGRESS
            score = max_score = percentage = None  # not while the attempt is open
        else:
            state = LiveState.SUBMITTED
        counts[state] += 1
        answered, last_saved_at = progress.get(attempt_id, _NO_PROGRESS)
        terms = accommodated.get(user_id, usual)
        rows.append(
            {
                "user_id": user_id,
                "display_name": display_name,
                "email": email,
                "state": state,
                "attempt_id": attempt_id,
                "answered": answered,
                "last_saved_at": last_saved_at,
                "deadline": deadline,
                "score": score,
                "max_score": max_score,
                "percentage": percentage,
                "attempts_used": used.get(user_id, 0),
                "attempts_allowed": terms.attempts_allowed,
                "accommodated": terms.accommodated,
            }
        )
    return {
        "server_now": clock.now(),
        "question_count": int(question_count or 0),
        "counts": {state.value: count for state, count in counts.items()},
        "students": rows,
    }
