"""An exam's questions from the bank: a fixed copy of one version, and random slots.

- Fixed: the version's QuestionSpec is copied into the exam as an ordinary question that
  remembers `bank_version_id`; later bank edits never reach it.
- Random slot: "`count` questions from category C and its subcategories (tagged T, if set),
  `points` each". At publish (`freeze`) the slot's pool — the current version of every
  matching live bank question, except those the exam already holds as fixed questions — is
  copied into the exam as questions with `slot_id`, so editing the bank later never changes
  a published exam, and grading, review, results and exports work on ordinary questions.
  Publishing refuses (422, naming the slot) a slot whose pool cannot always give `count`
  questions. Each attempt holds only the ones drawn for it (draw.py).
Slot changes follow the question editing rules (exams/questions.py): refused once attempted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..auth.models import User
from ..domain import ExamStatus
from ..errors import NotFound, ValidationFailed
from ..exams import questions as exam_questions
from ..exams.access import managed_exam, valid_id
from ..exams.models import Exam, Question
from ..exams.publishing import question_problems
from ..exams.schemas import MAX_QUESTIONS
from ..exams.service import touch
from ..exams.spec import QuestionSpec
from ..extensions import db
from . import access
from .models import BankQuestion, BankQuestionVersion, BankTag, ExamSlot
from .service import current_version, subtree_ids

MAX_SLOTS = 50
POOL_POSITION = 100_000  # pool questions sort after every fixed question


# --- fixed questions from the bank ---------------------------------------------------------


def add_fixed(exam_id: int, user: User, data: dict[str, Any]) -> Question:
    """Copy a bank question's version (default: the current one) into the exam."""
    bank_question, _ = access.question(data["bank_question_id"], user)
    number = data.get("version") or bank_question.version
    version = next((v for v in bank_question.versions if v.number == number), None)
    if version is None:
        raise NotFound("No such version.")
    document = dict(version.document)
    if data.get("points") is not None:
        document["points"] = data["points"]
    question = exam_questions.add_question(exam_id, user, document)
    question.bank_version_id = version.id
    db.session.flush()
    exam = question.exam
    if exam.status == ExamStatus.PUBLISHED and exam.slots:
        freeze(exam)  # the pools leave out what the exam now holds as a fixed question
    return question


# --- slots ---------------------------------------------------------------------------------


def list_slots(exam_id: int, user: User) -> list[ExamSlot]:
    return list(managed_exam(exam_id, user).slots)


def add_slot(exam_id: int, user: User, data: dict[str, Any]) -> ExamSlot:
    exam = exam_questions._editable(exam_id, user)
    if len(exam.slots) >= MAX_SLOTS:
        raise ValidationFailed(f"An exam holds at most {MAX_SLOTS} random slots.")
    category = access.category(data["category_id"], user)
    slot = ExamSlot(
        position=len(exam.slots),
        category_id=category.id,
        tag=(data.get("tag") or "").strip().lower() or None,
        count=data["count"],
        points=data["points"],
    )
    exam.slots.append(slot)
    _changed(exam, user)
    return slot


def update_slot(exam_id: int, slot_id: int, user: User, data: dict[str, Any]) -> ExamSlot:
    exam, slot = _slot_of(exam_id, slot_id, user)
    if "category_id" in data:
        slot.category_id = access.category(data["category_id"], user).id
    if "tag" in data:
        slot.tag = (data["tag"] or "").strip().lower() or None
    for key in ("count", "points"):
        if key in data:
            setattr(slot, key, data[key])
    _changed(exam, user)
    return slot


def delete_slot(exam_id: int, slot_id: int, user: User) -> None:
    exam, slot = _slot_of(exam_id, slot_id, user)
    _drop_pool(exam)  # its pool questions first (they point at it)
    exam.slots.remove(slot)
    for position, other in enumerate(exam.slots):
        other.position = position
    _changed(exam, user)


def _slot_of(exam_id: int, slot_id: int, user: User) -> tuple[Exam, ExamSlot]:
    exam = exam_questions._editable(exam_id, user)
    slot = next((s for s in exam.slots if s.id == slot_id), None) if valid_id(slot_id) else None
    if slot is None:
        raise NotFound("No such slot.")
    return exam, slot


def _changed(exam: Exam, user: User) -> None:
    touch(exam, user)
    db.session.flush()
    if exam.status == ExamStatus.PUBLISHED:
        freeze(exam)  # a published exam stays complete: its pools follow the slots


# --- publish: freeze the pools -------------------------------------------------------------


def _drop_pool(exam: Exam) -> None:
    for question in db.session.scalars(
        select(Question).where(Question.exam_id == exam.id, Question.slot_id.is_not(None))
    ):
        db.session.delete(question)
    db.session.flush()
    db.session.expire(exam, ["pool_questions"])


def unfreeze(exam: Exam) -> None:
    """Back to draft: the pools are taken again at the next publish."""
    if exam.slots:
        _drop_pool(exam)


def _pool(exam: Exam, slot: ExamSlot, fixed_bank_ids: set[int]) -> list[BankQuestion]:
    statement = (
        select(BankQuestion)
        .where(
            BankQuestion.category_id.in_(subtree_ids(slot.category_id)),
            BankQuestion.deleted_at.is_(None),
        )
        .order_by(BankQuestion.id)
    )
    if slot.tag:
        statement = statement.where(
            BankQuestion.id.in_(select(BankTag.question_id).where(BankTag.tag == slot.tag))
        )
    return [q for q in db.session.scalars(statement) if q.id not in fixed_bank_ids]


def freeze(exam: Exam) -> None:
    """Copy each slot's pool into the exam (replacing any earlier copy); 422 naming every
    slot whose pool is too small. The draw takes the slots in order, each avoiding what the
    earlier ones drew, so a slot needs its count plus what earlier overlapping slots may
    take from its pool."""
    _drop_pool(exam)
    if not exam.slots:
        return
    fixed_versions = [q.bank_version_id for q in exam.questions if q.bank_version_id]
    fixed_bank_ids = set(
        db.session.scalars(
            select(BankQuestionVersion.question_id).where(
                BankQuestionVersion.id.in_(fixed_versions)
            )
        )
    )
    pools: list[list[BankQuestion]] = [_pool(exam, s, fixed_bank_ids) for s in exam.slots]
    problems: dict[str, Any] = {}
    for index, (slot, pool) in enumerate(zip(exam.slots, pools, strict=True)):
        ids = {q.id for q in pool}
        taken_before = sum(
            min(earlier.count, len(ids & {q.id for q in pools[j]}))
            for j, earlier in enumerate(exam.slots[:index])
        )
        if len(pool) < slot.count + taken_before:
            problems[str(slot.id)] = {
                "position": slot.position,
                "problems": [
                    f"Random slot {slot.position + 1} draws {slot.count} questions but its "
                    f"category (with the tag, if any) offers {len(pool) - taken_before}."
                ],
            }
    total = len(exam.questions) + sum(len(p) for p in pools)
    if total > MAX_QUESTIONS * 10:
        raise ValidationFailed("The random slots' pools are too large to publish.")
    position = POOL_POSITION
    for slot, pool in zip(exam.slots, pools, strict=True):
        for bank_question in pool:
            version = current_version(bank_question)
            spec = QuestionSpec.from_data({**version.document, "points": slot.points})
            question = spec.to_model(position)
            question.exam_id = exam.id
            question.slot_id = slot.id
            question.bank_version_id = version.id
            position += 1
            db.session.add(question)
            if found := question_problems(question):
                problems.setdefault(str(slot.id), {"position": slot.position, "problems": []})[
                    "problems"
                ].append(f"Bank question {bank_question.id}: " + " ".join(found))
    if problems:
        # `exam` repeats them as sentences: the editor's publish checklist lists those.
        sentences = [p for slot in problems.values() for p in slot["problems"]]
        raise ValidationFailed(
            "A random slot cannot be filled; see details.",
            {"slots": problems, "exam": sentences},
        )
    db.session.flush()
    db.session.expire(exam, ["pool_questions"])


def slot_exam(slot: ExamSlot) -> Exam:
    exam = db.session.get(Exam, slot.exam_id)
    assert exam is not None  # the slot was just written to it
    return exam
