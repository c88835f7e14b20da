"""An exam's questions as plain, immutable data, cached per process: what the exam-day paths
(start, view, autosave, submit and grading) read on every request.

Loading 20 questions and their alternatives as ORM objects costs more CPU than everything
else an attempt view does, and on exam day thousands of requests read the same exam. Questions
cannot change under an attempt: every question/alternative write is refused once the exam has
an attempt, and every such write touches the exam (exams/questions.py). So:

- the key is (exam id, exam.updated_at): any edit of the exam or its questions changes it,
  and the next request loads afresh (each gunicorn worker has its own small cache);
- an entry is a picture of one exam version, read in the same transaction as that version's
  updated_at (start reads it under the exam's shared lock, so no edit is half-applied). If the
  start then rolls back and the author edits the exam, the edit makes a new key: an entry is
  never wrong for its key, it only goes unused.

This is only a cache: nothing depends on it between requests, and QUESTION_CACHE_SIZE=0 turns
it off. The review and grading code read these objects like the models (same attribute names).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..exams.models import Exam, Question
from ..extensions import db

DEFAULT_SIZE = 64  # exams per worker process


@dataclass(frozen=True, slots=True)
class AlternativeData:
    id: int
    position: int
    text: str
    credit: float
    feedback: str


@dataclass(frozen=True, slots=True)
class QuestionData:
    id: int
    exam_id: int
    position: int
    type: str
    text: str
    points: float
    general_feedback: str
    numeric_answer: float | None
    numeric_tolerance: float | None
    case_sensitive: bool
    alternatives: tuple[AlternativeData, ...]


QuestionLike = Question | QuestionData  # what grading, review and the views read


@dataclass(frozen=True, slots=True)
class ExamQuestions:
    ordered: tuple[QuestionData, ...]  # authored order (position, id)
    by_id: Mapping[int, QuestionData]


_cache: OrderedDict[tuple[int, datetime], ExamQuestions] = OrderedDict()
_lock = threading.Lock()


def _size() -> int:
    if has_app_context():
        return int(current_app.config.get("QUESTION_CACHE_SIZE", DEFAULT_SIZE))
    return DEFAULT_SIZE


def _freeze(question: Question) -> QuestionData:
    return QuestionData(
        id=question.id,
        exam_id=question.exam_id,
        position=question.position,
        type=question.type,
        text=question.text,
        points=question.points,
        general_feedback=question.general_feedback,
        numeric_answer=question.numeric_answer,
        numeric_tolerance=question.numeric_tolerance,
        case_sensitive=question.case_sensitive,
        alternatives=tuple(
            AlternativeData(a.id, a.position, a.text, a.credit, a.feedback)
            for a in question.alternatives
        ),
    )


def _load(exam_id: int) -> ExamQuestions:
    rows = db.session.scalars(
        select(Question)
        .where(Question.exam_id == exam_id)
        .order_by(Question.position, Question.id)
        .options(selectinload(Question.alternatives))
    )
    ordered = tuple(_freeze(q) for q in rows)
    return ExamQuestions(ordered, MappingProxyType({q.id: q for q in ordered}))


def exam_questions(exam: Exam) -> ExamQuestions:
    """The exam's questions: from the cache, else loaded (two queries) and kept."""
    return questions_of(exam.id, exam.updated_at)


def questions_of(exam_id: int, version: datetime) -> ExamQuestions:
    """exam_questions() for the exam `exam_id` whose updated_at is `version`."""
    size = _size()
    key = (exam_id, version)
    if size > 0:
        with _lock:
            found = _cache.get(key)
            if found is not None:
                _cache.move_to_end(key)
                return found
    loaded = _load(exam_id)
    if size > 0:
        with _lock:
            for old in [k for k in _cache if k[0] == exam_id]:
                del _cache[old]  # an older version of this exam
            _cache[key] = loaded
            while len(_cache) > size:
                _cache.popitem(last=False)
    return loaded


def clear() -> None:
    with _lock:
        _cache.clear()
