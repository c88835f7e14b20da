"""Exam rules: creating, changing and deleting an exam, its life cycle, the editing guards.

Questions and alternatives are edited in `questions.py`, completeness is checked in
`publishing.py`, and what clients read (catalogue, details, author views) is built in
`views.py`. Services flush, never commit (the request layer commits once).

Access is access.py's "may manage this exam": authors change the public exams they created
and the exams of the courses they teach, admins all. An exam goes into a course its author
teaches (courses/service.py `course_for_exam`); it cannot change course once attempted.

Life cycle: draft -> published (only when complete) -> draft (only while nobody has attempted
it) ; any -> archived, which is final and read-only (copy it to reuse it).

Editing safety: once an exam has an attempt, everything that grades those attempts is frozen
(questions, alternatives, points, the pass mark); settings that are fixed per attempt at start
or only affect future attempts (titles, texts, window, time limit, attempts, review policy…)
stay editable. A published exam must stay complete: an edit that breaks it is refused (422).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from ..attempts.models import Attempt
from ..audit import service as audit
from ..auth.models import User
from ..courses.models import Course
from ..courses.service import course_for_exam
from ..courses.service import ensure_not_archived as ensure_course_not_archived
from ..db_types import utcnow
from ..domain import ExamStatus
from ..errors import Conflict, ValidationFailed
from ..extensions import db
from .access import managed_exam
from .models import Exam, Question
from .publishing import publish_problems
from .schemas import TITLE_MAX
from .spec import QuestionSpec

FROZEN_BY_ATTEMPTS = ("pass_mark_percent",)
EXAM_FIELDS = tuple(column.key for column in Exam.__table__.columns)


# --- guards (shared with questions.py) ------------------------------------------


def attempt_count(exam_id: int) -> int:
    count = db.session.scalar(
        select(func.count()).select_from(Attempt).where(Attempt.exam_id == exam_id)
    )
    return int(count or 0)


def ensure_not_archived(exam: Exam) -> None:
    if exam.status == ExamStatus.ARCHIVED:
        raise Conflict("This exam is archived and read-only; copy it to make changes.")


def ensure_no_attempts(exam: Exam, refusal: str) -> None:
    """409 when the exam has attempts: "This exam has 2 attempts{refusal}"."""
    count = attempt_count(exam.id)
    if count:
        plural = "s" if count != 1 else ""
        raise Conflict(f"This exam has {count} attempt{plural}{refusal}", {"attempt_count": count})


def ensure_grading_unlocked(exam: Exam, what: str = "its questions") -> None:
    """Refuse changes that would alter the grading of existing attempts."""
    ensure_not_archived(exam)
    ensure_no_attempts(
        exam,
        f"; changing {what} would alter how they are graded. Archive the exam and copy it instead.",
    )


def ensure_still_publishable(exam: Exam) -> None:
    """A published exam must stay complete after every edit."""
    if exam.status != ExamStatus.PUBLISHED:
        return
    db.session.flush()
    problems = publish_problems(exam)
    if problems:
        raise ValidationFailed(
            "A published exam must stay complete, and this change would break it; see "
            "details. Unpublish it to make the change in several steps.",
            problems,
        )


def touch(exam: Exam, user: User) -> None:
    exam.updated_at = utcnow()
    exam.updated_by_id = user.id


# --- create, read, update, delete ----------------------------------------------------------


def _utc(data: dict[str, Any]) -> dict[str, Any]:
    """Datetimes in UTC, as the database gives them back (clients may send any offset)."""
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in data.items()}


def create_exam(user: User, data: dict[str, Any]) -> Exam:
    course_for_exam(data.get("course_id"), user)
    # Written in the author's language unless they say otherwise.
    data = {**data, "language": data.get("language") or user.locale or "en"}
    exam = Exam(**_utc(data), status=ExamStatus.DRAFT, created_by_id=user.id, updated_by_id=user.id)
    db.session.add(exam)
    db.session.flush()
    audit.record(user, "exam.created", exam)
    return exam


def update_exam(exam_id: int, user: User, data: dict[str, Any]) -> Exam:
    exam = managed_exam(exam_id, user, lock=True)
    changed = {key: value for key, value in _utc(data).items() if getattr(exam, key) != value}
    if not changed:
        return exam
    ensure_not_archived(exam)
    frozen = [key for key in FROZEN_BY_ATTEMPTS if key in changed]
    if frozen:
        ensure_grading_unlocked(exam, what=" and ".join(frozen))
    moving = "course_id" in changed
    destination = _move(exam, changed["course_id"], user) if moving else None
    for key, value in changed.items():
        setattr(exam, key, value)
    if moving:
        exam.course = destination  # the relationship too, not only the column
    touch(exam, user)
    audit.record(user, "exam.updated", exam, fields=sorted(changed))
    ensure_still_publishable(exam)
    return exam


def _move(exam: Exam, course_id: int | None, user: User) -> Course | None:
    """Into another course (or out, to public): a course the user teaches, neither course
    archived, and only while nobody has attempted it (its results belong to the course)."""
    destination = course_for_exam(course_id, user)
    if exam.course is not None:
        ensure_course_not_archived(exam.course)
    ensure_no_attempts(
        exam, "; it cannot move to another course (its results belong to this one). Copy it."
    )
    return destination


def delete_exam(exam_id: int, user: User) -> None:
    exam = managed_exam(exam_id, user, lock=True)
    ensure_no_attempts(
        exam, " and cannot be deleted; archive it instead (that keeps every attempt)."
    )
    audit.record(user, "exam.deleted", exam, title=exam.title)
    db.session.delete(exam)
    db.session.flush()


def _copied(question: Question) -> Question:
    copy = QuestionSpec.from_model(question).to_model(question.position)
    copy.bank_version_id = question.bank_version_id
    return copy


# --- life cycle ----------------------------------------------------------------------------


def publish(exam_id: int, user: User) -> Exam:
    exam = managed_exam(exam_id, user, lock=True)
    if exam.status == ExamStatus.ARCHIVED:
        raise Conflict("An archived exam cannot be published again; copy it instead.")
    if exam.status == ExamStatus.PUBLISHED:
        return exam
    from ..bank.slots import freeze  # the bank builds on exams: imported when used

    freeze(exam)  # random slots: their pools are taken now, frozen with the exam
    problems = publish_problems(exam)
    if problems:
        raise ValidationFailed("The exam is not ready to publish; see details.", problems)
    exam.status = ExamStatus.PUBLISHED
    if exam.published_at is None:
        exam.published_at = utcnow()
    touch(exam, user)
    audit.record(user, "exam.published", exam)
    return exam


def unpublish(exam_id: int, user: User) -> Exam:
    exam = managed_exam(exam_id, user, lock=True)
    if exam.status == ExamStatus.ARCHIVED:
        raise Conflict("An archived exam stays archived; copy it instead.")
    if exam.status == ExamStatus.DRAFT:
        return exam
    ensure_no_attempts(
        exam, "; it cannot go back to draft. Archive it instead (that keeps every attempt)."
    )
    from ..bank.slots import unfreeze

    unfreeze(exam)
    exam.status = ExamStatus.DRAFT
    touch(exam, user)
    audit.record(user, "exam.unpublished", exam)
    return exam


def archive(exam_id: int, user: User) -> Exam:
    exam = managed_exam(exam_id, user, lock=True)
    if exam.status != ExamStatus.ARCHIVED:
        exam.status = ExamStatus.ARCHIVED
        touch(exam, user)
        audit.record(user, "exam.archived", exam)
    return exam


def copy_exam(exam_id: int, user: User) -> Exam:
    """A new draft owned by `user` with the same settings, questions and alternatives, in the
    same course (public when that course is archived)."""
    source = managed_exam(exam_id, user)
    settings = {
        key: getattr(source, key)
        for key in EXAM_FIELDS
        if key not in {"id", "status", "published_at", "created_at", "updated_at", "created_by_id"}
    }
    settings["title"] = f"Copy of {source.title}"[:TITLE_MAX]
    if source.course is not None and source.course.archived:
        settings["course_id"] = None  # a public draft, free to move into this term's course
    settings["updated_by_id"] = user.id
    copy = Exam(**_utc(settings), status=ExamStatus.DRAFT, created_by_id=user.id)
    copy.questions = [_copied(question) for question in source.questions]
    copy.slots = [
        type(slot)(
            position=slot.position,
            category_id=slot.category_id,
            tag=slot.tag,
            count=slot.count,
            points=slot.points,
        )
        for slot in source.slots
    ]
    db.session.add(copy)
    db.session.flush()
    audit.record(user, "exam.created", copy, copied_from=source.id)
    return copy
