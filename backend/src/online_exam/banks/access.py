"""Who may read an exam's results and statistics: as GET /api/exams/{id}/results — the exam's
author and admins; anyone else (another author included) gets 404, never a hint it exists."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..errors import NotFound
from ..exams.models import Exam, Question
from ..exams.service import can_author, valid_id
from ..extensions import db


def staff_exam(exam_id: int, user: User, *, alternatives: bool = False) -> Exam:
    """The exam with its questions (and their alternatives), if `user` may see its results."""
    exam = None
    if valid_id(exam_id):
        questions = selectinload(Exam.questions)
        if alternatives:
            questions = questions.selectinload(Question.alternatives)
        exam = db.session.scalars(
            select(Exam).where(Exam.id == exam_id).options(questions)
        ).one_or_none()
    if exam is None or not can_author(exam, user):
        raise NotFound("No such exam.")
    return exam
