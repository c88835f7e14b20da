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
it off. The entries are QuestionSpec values (exams/spec.py), which grading and review read.
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

from ..bank.draw import SlotPool
from ..bank.models import BankQuestionVersion, ExamSlot
from ..exams.models import Exam, Question
from ..exams.spec import QuestionSpec
from ..extensions import db

DEFAULT_SIZE = 64  # exams per worker process


@dataclass(frozen=True, slots=True)
class ExamQuestions:
    ordered: tuple[QuestionSpec, ...]  # authored order (position, id), pool questions last
    by_id: Mapping[int, QuestionSpec]
    fixed: tuple[QuestionSpec, ...] = ()  # every attempt's questions (not a slot's pool)
    slots: tuple[SlotPool, ...] = ()  # random slots, in order (bank/draw.py)
    fixed_bank_ids: frozenset[int] = frozenset()  # bank questions held as fixed copies


_cache: OrderedDict[tuple[int, datetime], ExamQuestions] = OrderedDict()
_lock = threading.Lock()


def _size() -> int:
    if has_app_context():
        return int(current_app.config.get("QUESTION_CACHE_SIZE", DEFAULT_SIZE))
    return DEFAULT_SIZE


def _load(exam_id: int) -> ExamQuestions:
    rows = list(
        db.session.scalars(
            select(Question)
            .where(Question.exam_id == exam_id)
            .order_by(Question.position, Question.id)
            .options(selectinload(Question.alternatives))
        )
    )
    ordered = tuple(QuestionSpec.from_model(q) for q in rows)
    by_id = MappingProxyType({q.id: q for q in ordered})
    fixed = tuple(spec for spec, row in zip(ordered, rows, strict=True) if row.slot_id is None)
    if not any(row.bank_version_id for row in rows):
        return ExamQuestions(ordered, by_id, fixed)
    # Copied from the bank: which bank question each copy is (no repeats per attempt), and
    # the random slots' counts. Only exams using the bank pay these two queries, on a miss.
    bank_of: dict[int, int] = dict(
        db.session.execute(
            select(Question.id, BankQuestionVersion.question_id)
            .join(BankQuestionVersion, BankQuestionVersion.id == Question.bank_version_id)
            .where(Question.exam_id == exam_id)
        ).all()
    )
    slot_rows = db.session.execute(
        select(ExamSlot.id, ExamSlot.count)
        .where(ExamSlot.exam_id == exam_id)
        .order_by(ExamSlot.position)
    ).all()
    pools = []
    for slot_id, count in slot_rows:
        members = [row.id for row in rows if row.slot_id == slot_id]
        pools.append(SlotPool(count, tuple(members), tuple(bank_of[m] for m in members)))
    held = frozenset(bank_of[q.id] for q in fixed if q.id in bank_of)
    return ExamQuestions(ordered, by_id, fixed, tuple(pools), held)


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


def cached(exam_id: int, version: datetime) -> ExamQuestions | None:
    """The cached questions of this exam version, or None (nothing is loaded: the fast paths
    hold a connection of their own and must not take a second one from the pool to load)."""
    if _size() <= 0:
        return None
    key = (exam_id, version)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def clear() -> None:
    with _lock:
        _cache.clear()
