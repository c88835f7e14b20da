"""The accommodation rule: what one student's exam looks like once their accommodations apply.

A student may have a course-wide accommodation (every exam of the course) and one for a single
exam. They merge field by field, the per-exam value winning where it is set (`None`; for
`extra_attempts`, which is never NULL, 0 counts as "not set"). Then:

- time limit: limit x (1 + percent / 100) + minutes, rounded up to whole seconds; an untimed
  exam stays untimed;
- window: the student's own opens_at / closes_at replace the exam's, each on its own;
- attempts: max_attempts + extra attempts; unlimited stays unlimited.

`merge` is pure (table-tested); `effective_for` reads the student's rows in one indexed query
(accommodations.user_id), `effective_for_all` every row of an exam in one query (live view).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, bindparam, or_, select

from ..extensions import db
from .models import Accommodation


class ExamTerms(Protocol):
    """What the rule reads of an exam (an `Exam`, or any object with these attributes)."""

    @property
    def id(self) -> int: ...
    @property
    def course_id(self) -> int | None: ...
    @property
    def time_limit_minutes(self) -> int | None: ...
    @property
    def opens_at(self) -> datetime | None: ...
    @property
    def closes_at(self) -> datetime | None: ...
    @property
    def max_attempts(self) -> int | None: ...


class Grant(Protocol):
    """What the rule reads of an accommodation (an `Accommodation` row, or a stand-in)."""

    @property
    def extra_minutes(self) -> int | None: ...
    @property
    def extra_time_percent(self) -> int | None: ...
    @property
    def extra_attempts(self) -> int: ...
    @property
    def opens_at(self) -> datetime | None: ...
    @property
    def closes_at(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class Effective:
    """One student's terms for one exam."""

    time_limit_seconds: int | None  # None = untimed
    opens_at: datetime | None
    closes_at: datetime | None
    attempts_allowed: int | None  # None = unlimited
    accommodated: bool  # an accommodation applies (even if it changes nothing today)

    @property
    def time_limit(self) -> timedelta | None:
        return (
            None if self.time_limit_seconds is None else timedelta(seconds=self.time_limit_seconds)
        )

    @property
    def time_limit_minutes(self) -> int | None:
        """Whole minutes, rounded down: a student is never told of time they do not get."""
        return None if self.time_limit_seconds is None else self.time_limit_seconds // 60


def _pick(per_exam: Any, course_wide: Any) -> Any:
    return per_exam if per_exam is not None else course_wide


def merge(exam: ExamTerms, course_wide: Grant | None, per_exam: Grant | None) -> Effective:
    """The exam's terms with the student's accommodations applied (pure)."""
    grants = [g for g in (per_exam, course_wide) if g is not None]
    if not grants:
        return Effective(
            None if exam.time_limit_minutes is None else exam.time_limit_minutes * 60,
            exam.opens_at,
            exam.closes_at,
            exam.max_attempts,
            False,
        )

    def field(name: str) -> Any:
        return _pick(getattr(per_exam, name, None), getattr(course_wide, name, None))

    minutes = field("extra_minutes") or 0
    percent = field("extra_time_percent") or 0
    extra_attempts = _pick(
        per_exam.extra_attempts if per_exam is not None and per_exam.extra_attempts else None,
        course_wide.extra_attempts if course_wide is not None else None,
    )
    limit = None
    if exam.time_limit_minutes is not None:
        # Integer arithmetic: ceil(seconds x (100 + percent) / 100), exact for any input.
        stretched = -(-exam.time_limit_minutes * 60 * (100 + percent) // 100)
        limit = stretched + minutes * 60
    opens_at = field("opens_at")
    closes_at = field("closes_at")
    return Effective(
        time_limit_seconds=limit,
        opens_at=opens_at if opens_at is not None else exam.opens_at,
        closes_at=closes_at if closes_at is not None else exam.closes_at,
        attempts_allowed=None
        if exam.max_attempts is None
        else exam.max_attempts + (extra_attempts or 0),
        accommodated=True,
    )


def applying_to(exam: ExamTerms) -> ColumnElement[bool]:
    """Accommodation rows that can apply to `exam`: its own, and its course's if it has one."""
    if exam.course_id is None:
        return Accommodation.exam_id == exam.id
    return or_(Accommodation.exam_id == exam.id, Accommodation.course_id == exam.course_id)


def _split(rows: Iterable[Accommodation]) -> tuple[Accommodation | None, Accommodation | None]:
    course_wide = per_exam = None
    for row in rows:
        if row.exam_id is not None:
            per_exam = row
        else:
            course_wide = row
    return course_wide, per_exam


# Every start runs it: built once (building a statement costs about as much CPU as running
# it). A bound None never equals: an exam outside a course matches its own rows only.
_FOR_STUDENT = select(Accommodation).where(
    Accommodation.user_id == bindparam("user_id"),
    or_(
        Accommodation.exam_id == bindparam("exam_id"),
        Accommodation.course_id == bindparam("course_id"),
    ),
)


def effective_for(user_id: int, exam: ExamTerms) -> Effective:
    """The student's terms for `exam`: at most two rows, one indexed read."""
    rows = db.session.scalars(
        _FOR_STUDENT, {"user_id": user_id, "exam_id": exam.id, "course_id": exam.course_id}
    )
    return merge(exam, *_split(rows))


def effective_for_exams(user_id: int, exams: Sequence[ExamTerms]) -> dict[int, Effective]:
    """The student's terms for each of `exams` (by exam id): one indexed read for them all."""
    exam_ids = [exam.id for exam in exams]
    course_ids = {exam.course_id for exam in exams if exam.course_id is not None}
    rows = db.session.scalars(
        select(Accommodation).where(
            Accommodation.user_id == user_id,
            or_(Accommodation.exam_id.in_(exam_ids), Accommodation.course_id.in_(course_ids)),
        )
    ).all()
    per_exam = {row.exam_id: row for row in rows if row.exam_id is not None}
    course_wide = {row.course_id: row for row in rows if row.course_id is not None}
    return {
        exam.id: merge(
            exam,
            course_wide.get(exam.course_id) if exam.course_id is not None else None,
            per_exam.get(exam.id),
        )
        for exam in exams
    }


def effective_for_all(exam: ExamTerms) -> tuple[dict[int, Effective], Effective]:
    """Every accommodated student's terms for `exam` (one query) and everyone else's."""
    by_user: dict[int, list[Accommodation]] = {}
    for row in db.session.scalars(select(Accommodation).where(applying_to(exam))):
        by_user.setdefault(row.user_id, []).append(row)
    accommodated = {user_id: merge(exam, *_split(rows)) for user_id, rows in by_user.items()}
    return accommodated, merge(exam, None, None)


def latest_close(exam: ExamTerms) -> datetime | None:
    """The last moment any student's own window closes (None: the exam's closes_at is None)."""
    if exam.closes_at is None:
        return None
    later = db.session.scalar(
        select(Accommodation.closes_at)
        .where(applying_to(exam), Accommodation.closes_at > exam.closes_at)
        .order_by(Accommodation.closes_at.desc())
        .limit(1)
    )
    return later if later is not None else exam.closes_at
