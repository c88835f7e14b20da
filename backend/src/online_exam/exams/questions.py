"""Questions and alternatives of an exam: add, edit, delete, reorder.

Every write here locks the exam row, is refused (409) once the exam has an attempt or is
archived (it would change how attempts are graded), touches the exam (updated_at/_by), keeps
positions dense (0..n-1) and leaves a published exam complete (else 422, nothing saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from ..auth.models import User
from ..db_types import utcnow
from ..domain import QuestionType
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from .access import managed_exam, valid_id
from .models import Alternative, Exam, Question
from .schemas import MAX_ALTERNATIVES, MAX_QUESTIONS
from .service import ensure_grading_unlocked, ensure_still_publishable, touch
from .spec import AlternativeSpec, QuestionSpec, true_false_alternatives

NO_QUESTION = "No such question."
NO_ALTERNATIVE = "No such alternative."


# --- questions -----------------------------------------------------------------------------


def list_questions(exam_id: int, user: User) -> list[Question]:
    return list(managed_exam(exam_id, user).questions)


def add_question(exam_id: int, user: User, data: dict[str, Any]) -> Question:
    exam = _editable(exam_id, user)
    if len(exam.questions) >= MAX_QUESTIONS:
        raise ValidationFailed(f"An exam holds at most {MAX_QUESTIONS} questions.")
    question = QuestionSpec.from_data(data).to_model(len(exam.questions))
    exam.questions.append(question)
    _saved(exam, user)
    return question


def update_question(question_id: int, user: User, data: dict[str, Any]) -> Question:
    exam, question = _question_of(question_id, user)
    fields = dict(data)
    alternatives = fields.pop("alternatives", None)
    correct = fields.pop("correct", None)
    for key, value in fields.items():
        if getattr(question, key) != value:
            setattr(question, key, value)
    _set_alternatives(question, alternatives, correct)
    _saved(exam, user)
    return question


def delete_question(question_id: int, user: User) -> None:
    exam, question = _question_of(question_id, user)
    exam.questions.remove(question)
    _renumber(exam.questions)
    _saved(exam, user)


def reorder_questions(exam_id: int, user: User, question_ids: list[int]) -> list[Question]:
    exam = _editable(exam_id, user)
    _check_permutation(question_ids, [q.id for q in exam.questions], "question_ids")
    by_id = {q.id: q for q in exam.questions}
    for position, question_id in enumerate(question_ids):
        by_id[question_id].position = position
    exam.questions.sort(key=lambda q: q.position)
    _saved(exam, user)
    return list(exam.questions)


# --- alternatives --------------------------------------------------------------------------


def add_alternative(question_id: int, user: User, data: dict[str, Any]) -> Alternative:
    exam, question = _question_of(question_id, user)
    if question.type in (QuestionType.NUMERIC, QuestionType.ESSAY):
        raise ValidationFailed(f"{_label(question.type)} questions take no alternatives.")
    if len(question.alternatives) >= MAX_ALTERNATIVES:
        raise ValidationFailed(f"A question holds at most {MAX_ALTERNATIVES} alternatives.")
    alternative = AlternativeSpec(**data).to_model(len(question.alternatives))
    question.alternatives.append(alternative)
    question.updated_at = utcnow()
    _saved(exam, user)
    return alternative


def update_alternative(alternative_id: int, user: User, data: dict[str, Any]) -> Alternative:
    exam, question, alternative = _alternative_of(alternative_id, user)
    for key, value in data.items():
        if getattr(alternative, key) != value:
            setattr(alternative, key, value)
    question.updated_at = utcnow()
    _saved(exam, user)
    return alternative


def delete_alternative(alternative_id: int, user: User) -> None:
    exam, question, alternative = _alternative_of(alternative_id, user)
    question.alternatives.remove(alternative)
    _renumber(question.alternatives)
    question.updated_at = utcnow()
    _saved(exam, user)


def reorder_alternatives(question_id: int, user: User, alternative_ids: list[int]) -> Question:
    exam, question = _question_of(question_id, user)
    _check_permutation(alternative_ids, [a.id for a in question.alternatives], "alternative_ids")
    by_id = {a.id: a for a in question.alternatives}
    for position, alternative_id in enumerate(alternative_ids):
        by_id[alternative_id].position = position
    question.alternatives.sort(key=lambda a: a.position)
    question.updated_at = utcnow()
    _saved(exam, user)
    return question


# --- helpers -------------------------------------------------------------------------------


def _editable(exam_id: int, user: User, not_found: str = "No such exam.") -> Exam:
    """The exam, locked, if the user may author it and its questions may still change."""
    exam = managed_exam(exam_id, user, lock=True, not_found=not_found)
    ensure_grading_unlocked(exam)
    return exam


def _question_of(question_id: int, user: User) -> tuple[Exam, Question]:
    exam_id = None
    if valid_id(question_id):
        exam_id = db.session.scalar(select(Question.exam_id).where(Question.id == question_id))
    if exam_id is None:
        raise NotFound(NO_QUESTION)
    exam = _editable(exam_id, user, not_found=NO_QUESTION)
    question = next((q for q in exam.questions if q.id == question_id), None)
    if question is None:  # deleted or moved between the two queries
        raise NotFound(NO_QUESTION)
    return exam, question


def _alternative_of(alternative_id: int, user: User) -> tuple[Exam, Question, Alternative]:
    row = None
    if valid_id(alternative_id):
        row = db.session.execute(
            select(Question.exam_id, Question.id)
            .join(Alternative, Alternative.question_id == Question.id)
            .where(Alternative.id == alternative_id)
        ).one_or_none()
    if row is None:
        raise NotFound(NO_ALTERNATIVE)
    exam = _editable(row[0], user, not_found=NO_ALTERNATIVE)
    question = next((q for q in exam.questions if q.id == row[1]), None)
    alternatives = question.alternatives if question else []
    alternative = next((a for a in alternatives if a.id == alternative_id), None)
    if question is None or alternative is None:
        raise NotFound(NO_ALTERNATIVE)
    return exam, question, alternative


def _set_alternatives(
    question: Question,
    alternatives: list[dict[str, Any]] | None,
    correct: bool | None,
) -> None:
    """Replace the alternatives when a list (or the true/false shorthand) is given."""
    specs: tuple[AlternativeSpec, ...]
    if correct is not None:
        if question.type != QuestionType.TRUE_FALSE:
            raise ValidationFailed(
                "`correct` is only for true_false questions.",
                {"json": {"correct": ["Only for true_false questions."]}},
            )
        specs = true_false_alternatives(correct)
    elif alternatives is None:
        return
    else:
        specs = tuple(AlternativeSpec(**fields) for fields in alternatives)
    if specs and question.type in (QuestionType.NUMERIC, QuestionType.ESSAY):
        message = f"{_label(question.type)} questions take no alternatives."
        raise ValidationFailed(message, {"json": {"alternatives": [message]}})
    question.alternatives.clear()
    question.alternatives.extend(spec.to_model(i) for i, spec in enumerate(specs))
    question.updated_at = utcnow()


def _renumber(items: Sequence[Question | Alternative]) -> None:
    for position, item in enumerate(items):
        item.position = position


def _check_permutation(given: list[int], current: list[int], field: str) -> None:
    if len(given) != len(current) or set(given) != set(current):
        raise ValidationFailed(
            "The new order must list every current id exactly once.",
            {"json": {field: [f"Expected each of {sorted(current)} exactly once."]}},
        )


def _saved(exam: Exam, user: User) -> None:
    touch(exam, user)
    db.session.flush()
    ensure_still_publishable(exam)


def _label(question_type: QuestionType) -> str:
    return "Essay" if question_type == QuestionType.ESSAY else "Numeric"
