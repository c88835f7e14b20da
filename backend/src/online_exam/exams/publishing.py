"""Is an exam complete enough to publish? A pure function over the models (no queries).

`publish_problems(exam)` returns ``{}`` when the exam may be published, else every problem found:
``{"exam": ["…"], "questions": {"<question id>": {"position": 2, "problems": ["…"]}}}``
(keys with nothing to report are left out). Drafts may be incomplete; publishing, and any edit of
a published exam, must leave this empty.

`publish_warnings(exam)` lists what does not stop publishing but an author should know:
``[{"code": "…", "message": "…"}]``.
"""

from __future__ import annotations

import math
from typing import Any

from ..domain import CHOICE_TYPES, QuestionType
from ..grading import normalize
from . import structured
from .models import Alternative, Exam, Question

_EPSILON = 1e-9


def _is_full(credit: float) -> bool:
    return abs(credit - 1.0) <= _EPSILON


def _is_zero(credit: float) -> bool:
    return abs(credit) <= _EPSILON


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def exam_problems(exam: Exam) -> list[str]:
    problems: list[str] = []
    if _blank(exam.title):
        problems.append("The exam needs a title.")
    if not exam.questions and not exam.slots:
        problems.append("The exam needs at least one question.")
    if exam.opens_at and exam.closes_at and exam.closes_at <= exam.opens_at:
        problems.append("The exam must close after it opens (closes_at is not after opens_at).")
    return problems


def question_problems(question: Question) -> list[str]:
    problems: list[str] = []
    if _blank(question.text):
        problems.append("The question text is empty.")
    if not (question.points > 0 and math.isfinite(question.points)):
        problems.append("Points must be greater than 0.")
    alternatives = list(question.alternatives)
    # A matching question's distractor answers have no text (structured.py).
    if question.type not in (QuestionType.NUMERIC, QuestionType.MATCHING) and any(
        _blank(a.text) for a in alternatives
    ):
        what = "accepted answer" if question.type == QuestionType.SHORT_ANSWER else "alternative"
        problems.append(f"An {what} has an empty text.")
    checks = {
        QuestionType.SINGLE: _single,
        QuestionType.MULTIPLE: _multiple,
        QuestionType.TRUE_FALSE: _true_false,
        QuestionType.SHORT_ANSWER: _short_answer,
        QuestionType.NUMERIC: _numeric,
        QuestionType.ESSAY: _essay,
        QuestionType.MATCHING: _structured,
        QuestionType.ORDERING: _structured,
        QuestionType.CLOZE: _structured,
    }
    check = checks.get(question.type)
    if check is None:
        problems.append(f"Unknown question type {question.type!r}.")
    else:
        problems.extend(check(question, alternatives))
    if question.type in CHOICE_TYPES:
        texts = [normalize(a.text, False) for a in alternatives if not _blank(a.text)]
        if len(set(texts)) != len(texts):
            problems.append("Two alternatives have the same text.")
    return problems


def publish_problems(exam: Exam) -> dict[str, Any]:
    """Every reason the exam cannot be published; empty when it can."""
    result: dict[str, Any] = {}
    if exam_level := exam_problems(exam):
        result["exam"] = exam_level
    per_question: dict[str, Any] = {}
    for question in exam.questions:
        if found := question_problems(question):
            per_question[str(question.id)] = {"position": question.position, "problems": found}
    if per_question:
        result["questions"] = per_question
    return result


def publish_warnings(exam: Exam) -> list[dict[str, str]]:
    """Advice for a publishable exam; empty when there is none."""
    warnings = []
    if not exam.shuffle_alternatives:
        choice = [
            q
            for q in exam.questions
            if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE) and q.alternatives
        ]
        first = sum(1 for q in choice if _credited_first(list(q.alternatives)))
        if first >= 2 and first * 2 > len(choice):
            warnings.append(
                {
                    "code": "credited_alternative_first",
                    "message": f"{first} of {len(choice)} choice questions list a credited "
                    "alternative first and shuffling the alternatives is off, so the order "
                    "gives the answers away. Turn on shuffling of alternatives, or reorder them.",
                }
            )
    return warnings


def _credited_first(alternatives: list[Alternative]) -> bool:
    """The first alternative earns credit, as much as any other (true/false questions are left
    out by the caller: their order is fixed, True first)."""
    best = max(a.credit for a in alternatives)
    return alternatives[0].credit > _EPSILON and alternatives[0].credit >= best - _EPSILON


def _single(_question: Question, alternatives: list[Alternative]) -> list[str]:
    problems = []
    if len(alternatives) < 2:
        problems.append("A single-choice question needs at least 2 alternatives.")
    full = sum(1 for a in alternatives if _is_full(a.credit))
    if full != 1:
        problems.append(
            f"A single-choice question needs exactly one alternative with full credit (1); "
            f"it has {full}."
        )
    return problems


def _multiple(_question: Question, alternatives: list[Alternative]) -> list[str]:
    problems = []
    if len(alternatives) < 2:
        problems.append("A multiple-response question needs at least 2 alternatives.")
    positive = [a.credit for a in alternatives if a.credit > _EPSILON]
    if not positive:
        problems.append(
            "A multiple-response question needs at least one alternative with positive credit."
        )
    elif math.fsum(positive) < 1 - _EPSILON:
        problems.append(
            f"The positive credits add up to {round(math.fsum(positive), 4)}, less than 1: "
            "full marks would be impossible."
        )
    return problems


def _true_false(_question: Question, alternatives: list[Alternative]) -> list[str]:
    if len(alternatives) != 2:
        return [f"A true/false question needs exactly 2 alternatives; it has {len(alternatives)}."]
    credits = sorted(a.credit for a in alternatives)
    if not (_is_zero(credits[0]) and _is_full(credits[1])):
        return ["A true/false question needs one alternative with credit 1 and the other with 0."]
    return []


def _short_answer(_question: Question, alternatives: list[Alternative]) -> list[str]:
    if not any(_is_full(a.credit) for a in alternatives):
        return ["A short-answer question needs at least one accepted answer with full credit (1)."]
    return []


def _numeric(question: Question, alternatives: list[Alternative]) -> list[str]:
    problems = []
    if question.numeric_answer is None or not math.isfinite(question.numeric_answer):
        problems.append("A numeric question needs a correct answer (numeric_answer).")
    tolerance = question.numeric_tolerance
    if tolerance is not None and not (tolerance >= 0 and math.isfinite(tolerance)):
        problems.append("The tolerance must be 0 or more.")
    if alternatives:
        problems.append("A numeric question takes no alternatives; delete them.")
    return problems


def _essay(question: Question, alternatives: list[Alternative]) -> list[str]:
    problems = []
    if alternatives:
        problems.append("An essay question takes no alternatives; delete them.")
    if question.word_limit is not None and question.word_limit < 1:
        problems.append("The word limit must be a whole number of 1 or more, or none.")
    return problems


def _structured(question: Question, alternatives: list[Alternative]) -> list[str]:
    """Matching, ordering and cloze: their rules live with their logic (structured.py)."""
    return structured.publish_problems(
        QuestionType(question.type), question.text, alternatives, question.gaps or []
    )
