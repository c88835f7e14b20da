"""Who may do what with an exam: one rule per question, one name each, used everywhere.

- "May manage this exam" (`may_manage`): its author and admins change it, copy it, import
  into it and export it. `managed_exam` loads an exam for them; to anyone else it is 404 —
  or 403 when it is published (its existence is public anyway).
- "May see these results" (`may_see_results`): the same people see every attempt at it
  (read-only, always with the full review), its results, statistics and exports.
  `results_exam` loads an exam for them; to anyone else it is 404, never a hint it exists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

from .. import database
from ..app import MAX_ID
from ..auth.models import User
from ..domain import ExamStatus, Role
from ..errors import Forbidden, NotFound
from ..extensions import db
from .models import Exam, Question


def valid_id(value: int) -> bool:
    """Ids are 32-bit: larger (or negative) ids in a path simply do not exist."""
    return 0 < value <= MAX_ID


def may_manage(exam: Exam, user: User | None) -> bool:
    return user is not None and (user.role == Role.ADMIN or exam.created_by_id == user.id)


def may_see_results(exam: Exam, user: User) -> bool:
    return may_manage(exam, user)


def managed_by(user: User) -> list[Any]:
    """may_manage as a filter on Exam rows: every exam for an admin, else the user's own."""
    return [] if user.role == Role.ADMIN else [Exam.created_by_id == user.id]


def managed_exam(
    exam_id: int, user: User, *, lock: bool = False, not_found: str = "No such exam."
) -> Exam:
    """The exam with its questions and alternatives, if `user` may manage it; with `lock`,
    its row is locked until the commit so a concurrent edit or attempt start cannot
    interleave."""
    if not valid_id(exam_id):
        raise NotFound(not_found)
    statement = (
        select(Exam)
        .where(Exam.id == exam_id)
        .options(selectinload(Exam.questions).selectinload(Question.alternatives))
        .execution_options(populate_existing=True)
    )
    if lock:  # for update: waits for starts in flight, and they wait for this edit
        exam = next(iter(database.lock(statement)), None)
    else:
        exam = db.session.scalars(statement).one_or_none()
    if exam is None:
        raise NotFound(not_found)
    if not may_manage(exam, user):
        if exam.status == ExamStatus.PUBLISHED:
            raise Forbidden("Only the exam's author or an admin may do this.")
        raise NotFound(not_found)
    return exam


def results_exam(exam_id: int, user: User, *options: ExecutableOption) -> Exam:
    """The exam (loaded with `options`), if `user` may see its results."""
    exam = None
    if valid_id(exam_id):
        exam = db.session.scalars(
            select(Exam).where(Exam.id == exam_id).options(*options)
        ).one_or_none()
    if exam is None or not may_see_results(exam, user):
        raise NotFound("No such exam.")
    return exam
