"""Who may do what with an exam: one rule per question, one name each, used everywhere.

- "May manage this exam" (`may_manage`): a public exam its author, a course's exam the
  course's teachers (courses/access.py `teaches`: owner, co-teachers), and admins change it,
  copy it, import into it and export it. `managed_exam` loads an exam for them; to anyone
  else it is 404 — or 403 when it is published and they may take it (its existence is no
  secret to them; a course's exam stays 404 to everyone outside the course).
- "May see these results" (`may_see_results`): the same people see every attempt at it
  (read-only, always with the full review), its results, statistics and exports.
  `results_exam` loads an exam for them; to anyone else it is 404, never a hint it exists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

from .. import database
from ..app import valid_id as valid_id  # re-exported: the exam modules' one import
from ..auth.models import User
from ..courses import access as course_access
from ..domain import ExamStatus, Role
from ..errors import Conflict, Forbidden, NotFound
from ..extensions import db
from .models import Exam, Question


def may_manage(exam: Exam, user: User | None) -> bool:
    if user is None:
        return False
    if user.role == Role.ADMIN:
        return True
    if exam.course_id is None:
        return exam.created_by_id == user.id
    return course_access.teaches_id(exam.course_id, user)


def may_see_results(exam: Exam, user: User) -> bool:
    return may_manage(exam, user)


def managed_by(user: User) -> list[Any]:
    """may_manage as a filter on Exam rows: every exam for an admin, else the user's own
    public exams and the exams of the courses they teach."""
    if user.role == Role.ADMIN:
        return []
    own_public = and_(Exam.course_id.is_(None), Exam.created_by_id == user.id)
    return [or_(own_public, Exam.course_id.in_(course_access.taught_course_ids(user)))]


def managed_exam(
    exam_id: int, user: User, *, lock: bool = False, not_found: str = "No such exam."
) -> Exam:
    """The exam with its questions and alternatives, if `user` may manage it; with `lock` (a
    write), its row is locked until the commit so a concurrent edit or attempt start cannot
    interleave, and an exam of an archived course is refused (409: read-only with it)."""
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
        if exam.status == ExamStatus.PUBLISHED and course_access.may_take(exam, user):
            raise Forbidden(
                "Only the exam's author (or its course's teachers) or an admin may do this."
            )
        raise NotFound(not_found)
    if lock and exam.course is not None and exam.course.archived:
        raise Conflict("This exam's course is archived and read-only; un-archive the course first.")
    return exam


# Built once: the live view's polls run it every few seconds per teacher.
_EXAM_BY_ID = select(Exam).where(Exam.id == bindparam("exam_id"))


def results_exam(exam_id: int, user: User, *options: ExecutableOption) -> Exam:
    """The exam (loaded with `options`), if `user` may see its results."""
    exam = None
    if valid_id(exam_id):
        statement = _EXAM_BY_ID.options(*options) if options else _EXAM_BY_ID
        exam = db.session.scalars(statement, {"exam_id": exam_id}).one_or_none()
    if exam is None or not may_see_results(exam, user):
        raise NotFound("No such exam.")
    return exam
