"""What clients read: the catalogue, an exam's public details, a practice exam's questions,
and the author's full view. Lists are built in one query each (no N+1): question counts and
total points come from a grouped subquery, the author's name from a join.

Public shapes never hold the answer key; only `author_view` does, for the owner and admins.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Select, func, literal, or_, select, union_all
from sqlalchemy.orm import selectinload

from ..attempts.models import Attempt
from ..auth.models import User
from ..bank.models import ExamSlot
from ..courses.access import may_take
from ..courses.accommodations import effective_for, merge
from ..courses.models import Course
from ..domain import ExamStatus
from ..errors import NotFound
from ..extensions import db
from ..pagination import Page
from .access import managed_by, managed_exam, may_manage, valid_id
from .models import Exam, Question
from .public import public_question
from .publishing import publish_problems
from .service import EXAM_FIELDS, attempt_count
from .spec import QuestionSpec

# --- the author's view ---------------------------------------------------------------------


def author_view(exam: Exam) -> dict[str, Any]:
    """The full, editable exam: settings, every question with its key, publish readiness."""
    data = _summary(exam, exam.question_count, exam.total_points, exam.created_by.display_name)
    data["course_name"] = exam.course.name if exam.course is not None else None
    data["attempt_count"] = attempt_count(exam.id)
    data["questions"] = exam.questions
    data["slots"] = slot_views(exam)
    data["publish_problems"] = publish_problems(exam)
    return data


def slot_views(exam: Exam) -> list[dict[str, Any]]:
    """The random slots; once published, with the size of each frozen pool."""
    if not exam.slots:
        return []
    sizes = Counter(q.slot_id for q in exam.pool_questions) if exam.status != "draft" else None
    return [
        {
            **{key: getattr(slot, key) for key in SLOT_FIELDS},
            "pool_size": None if sizes is None else sizes[slot.id],
        }
        for slot in exam.slots
    ]


SLOT_FIELDS = ("id", "exam_id", "position", "category_id", "tag", "count", "points")


def get_authored(exam_id: int, user: User) -> dict[str, Any]:
    return author_view(managed_exam(exam_id, user))


# --- what everyone sees --------------------------------------------------------------------


def catalogue(page: int, per_page: int, q: str) -> Page[dict[str, Any]]:
    """Published public exams (a course's exams are on its students' home), newest first."""
    filters = [Exam.status == ExamStatus.PUBLISHED, Exam.course_id.is_(None), *_search(q)]
    statement = _summaries().where(*filters).order_by(Exam.published_at.desc(), Exam.id.desc())
    return _page(statement, filters, page, per_page)


def author_exams(
    user: User, page: int, per_page: int, q: str, status: str | None
) -> Page[dict[str, Any]]:
    """The user's exams in every status (an admin's: everyone's), last changed first."""
    filters = [*_search(q), *managed_by(user)]
    if status:
        filters.append(Exam.status == status)
    # Counted per listed exam (index on attempts.exam_id), not grouped over every attempt in
    # the database: the page costs the same after a thousand exam days.
    attempts = select(func.count(Attempt.id)).where(Attempt.exam_id == Exam.id).scalar_subquery()
    course_name = select(Course.name).where(Course.id == Exam.course_id).scalar_subquery()
    statement = (
        _summaries()
        .add_columns(attempts, course_name)
        .where(*filters)
        .order_by(Exam.updated_at.desc(), Exam.id.desc())
    )
    return _page(statement, filters, page, per_page)


def public_exam(exam_id: int, viewer: User | None) -> dict[str, Any]:
    """A published exam for anyone who may take it (a course's: its students and teachers); a
    draft or archived one for those who manage it. 404 for everyone else."""
    if not valid_id(exam_id):
        raise NotFound("No such exam.")
    row = db.session.execute(_summaries().where(Exam.id == exam_id)).one_or_none()
    if row is None:
        raise NotFound("No such exam.")
    exam = row[0]
    visible = may_take(exam, viewer) if exam.status == ExamStatus.PUBLISHED else None
    if not (visible or may_manage(exam, viewer)):
        raise NotFound("No such exam.")
    data = _summary(*row)
    # The viewer's own terms, never anyone else's (anonymous: the exam's own).
    terms = effective_for(viewer.id, exam) if viewer is not None else merge(exam, None, None)
    data.update(
        my_time_limit_minutes=terms.time_limit_minutes,
        my_time_limit_seconds=terms.time_limit_seconds,
        my_opens_at=terms.opens_at,
        my_closes_at=terms.closes_at,
        my_attempts_allowed=terms.attempts_allowed,
    )
    return data


def browse(exam_id: int, viewer: User | None) -> dict[str, Any]:
    """A published practice exam's questions in authored order, never the key; a course's
    only for its students and teachers."""
    exam = None
    if valid_id(exam_id):
        exam = db.session.scalars(
            select(Exam)
            .where(
                Exam.id == exam_id,
                Exam.status == ExamStatus.PUBLISHED,
                Exam.practice_mode.is_(True),
            )
            .options(
                selectinload(Exam.questions).selectinload(Question.alternatives),
                selectinload(Exam.created_by),
            )
        ).one_or_none()
    if exam is None or not may_take(exam, viewer):
        raise NotFound("No such practice exam.")
    data = _summary(exam, exam.question_count, exam.total_points, exam.created_by.display_name)
    data["questions"] = [public_question(QuestionSpec.from_model(q)) for q in exam.questions]
    return data


# --- listing helpers -----------------------------------------------------------------------


def _summaries() -> Select[*tuple[Any, ...]]:
    """Exam rows with their question count, total points and author name: one query."""
    # Fixed questions count once each; a random slot counts n questions of P points.
    parts = union_all(
        select(
            Question.exam_id.label("exam_id"),
            literal(1).label("n"),
            Question.points.label("points"),
        ).where(Question.slot_id.is_(None)),
        select(ExamSlot.exam_id, ExamSlot.count, ExamSlot.count * ExamSlot.points),
    ).subquery()
    stats = (
        select(
            parts.c.exam_id,
            func.sum(parts.c.n).label("question_count"),
            func.sum(parts.c.points).label("total_points"),
        )
        .group_by(parts.c.exam_id)
        .subquery()
    )
    return (
        select(
            Exam,
            func.coalesce(stats.c.question_count, 0),
            func.coalesce(stats.c.total_points, 0.0),
            User.display_name,
        )
        .join(User, User.id == Exam.created_by_id)
        .outerjoin(stats, stats.c.exam_id == Exam.id)
    )


def _search(q: str) -> list[Any]:
    needle = q.strip().lower()
    if not needle:
        return []
    return [
        or_(
            func.lower(Exam.title).contains(needle, autoescape=True),
            func.lower(Exam.description).contains(needle, autoescape=True),
        )
    ]


def _page(
    statement: Select[*tuple[Any, ...]], filters: list[Any], page: int, per_page: int
) -> Page[dict[str, Any]]:
    total = db.session.scalar(select(func.count()).select_from(Exam).where(*filters)) or 0
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page)).all()
    items = []
    for exam, question_count, total_points, author_name, *extra in rows:
        summary = _summary(exam, question_count, total_points, author_name)
        if extra:  # the author's list
            summary["attempt_count"], summary["course_name"] = int(extra[0]), extra[1]
        items.append(summary)
    return Page(items=items, page=page, per_page=per_page, total=total)


def _summary(
    exam: Exam, question_count: int, total_points: float, author_name: str
) -> dict[str, Any]:
    data = {key: getattr(exam, key) for key in EXAM_FIELDS}
    data.update(
        question_count=int(question_count),
        total_points=round(float(total_points), 2),
        author_name=author_name,
    )
    return data
