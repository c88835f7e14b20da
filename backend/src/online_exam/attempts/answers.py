"""What an answer must look like for its question, the answer a stored response holds, and
the one save rule (`decide`): the newest seq wins, a repeat changes nothing.

An answer carries exactly the field of its question type (`ANSWER_FIELD_OF`: `selected_ids` for
the choice types, `text` for short answer and essay, `number` for numeric, `pairs` for matching,
`ordered_ids` for ordering, `gaps` for cloze); the others must be empty, and choices must be
this question's alternatives, one at most unless the question takes several.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..domain import QuestionType
from ..errors import ValidationFailed
from ..exams import structured
from ..exams.spec import QuestionSpec

ANSWER_FIELDS = ("selected_ids", "text", "number", "pairs", "ordered_ids", "gaps")

# The one field that answers a question of each type.
ANSWER_FIELD_OF = {
    QuestionType.SINGLE: "selected_ids",
    QuestionType.MULTIPLE: "selected_ids",
    QuestionType.TRUE_FALSE: "selected_ids",
    QuestionType.SHORT_ANSWER: "text",
    QuestionType.ESSAY: "text",
    QuestionType.NUMERIC: "number",
    QuestionType.MATCHING: "pairs",
    QuestionType.ORDERING: "ordered_ids",
    QuestionType.CLOZE: "gaps",
}


@dataclass(frozen=True, slots=True)
class ValidAnswer:
    """A validated answer: exactly the field of its question type, the rest empty."""

    selected_ids: list[int]
    text: str | None
    number: float | None
    pairs: list[dict[str, int]] | None = None  # [{"item_id", "answer_id"}]
    ordered_ids: list[int] | None = None
    gaps: list[dict[str, Any]] | None = None  # [{"gap", "selected_id", "text"}]

    def with_field(self, field: str, value: Any) -> ValidAnswer:
        return replace(self, **{field: value})

    def document(self) -> dict[str, Any]:
        """The answer's fields as the API shows them (SavedAnswerOut, AnswerOut)."""
        return {name: getattr(self, name) for name in ANSWER_FIELDS}


def given(value: Any) -> bool:
    return value is not None and value != [] and value != ""


def check_answer(question: QuestionSpec, data: Mapping[str, Any]) -> ValidAnswer:
    """Validate an answer against its question; ValidationFailed lists what is wrong."""
    errors = answer_errors(question, data)
    if errors:
        raise ValidationFailed("The answer does not fit this question.", {"json": errors})
    return valid_answer(question, data)


def answer_errors(question: QuestionSpec, data: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    allowed = ANSWER_FIELD_OF[question.type]
    for field in ANSWER_FIELDS:
        if field != allowed and given(data.get(field)):
            errors[field] = [f"A {question.type} question is answered with {allowed} only."]
    if allowed == "selected_ids":
        ids = list(data.get("selected_ids") or [])
        known = {a.id for a in question.alternatives}
        unknown = [i for i in ids if i not in known]
        problems = []
        if unknown:
            problems.append(f"Not alternatives of this question: {unknown}.")
        if question.type != QuestionType.MULTIPLE and len(ids) > 1:
            problems.append("Select at most one alternative.")
        elif len(set(ids)) != len(ids):
            problems.append("Each alternative may be selected once.")
        if problems:
            errors["selected_ids"] = problems
    elif question.type in structured.STRUCTURED_TYPES:
        kinds = structured.gap_kinds(question.gaps)
        if found := structured.answer_errors(
            question.type, question.alternatives, kinds, data.get(allowed)
        ):
            errors[allowed] = found
    return errors


def valid_answer(question: QuestionSpec, data: Mapping[str, Any]) -> ValidAnswer:
    """The answer with only its type's field kept (`selected_ids` is a list, never None)."""
    field = ANSWER_FIELD_OF[question.type]
    value = data.get(field)
    if isinstance(value, list | tuple):
        value = list(value)
    if field == "selected_ids":
        return ValidAnswer(value or [], None, None)
    return ValidAnswer([], None, None).with_field(field, value)


def stored_answer(response: Any) -> ValidAnswer:
    """The answer a stored response (a Response or a row with its columns) holds."""
    return ValidAnswer(
        list(response.selected_ids or []),
        response.text,
        response.number,
        response.pairs,
        response.ordered_ids,
        response.gaps,
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """What a save does: the columns to write (None: keep what is stored) and what it answers."""

    values: dict[str, Any] | None
    answer: ValidAnswer  # stored after this save
    seq: int
    saved_at: datetime
    stale: bool  # the save was older than the stored one, or a repeat with another answer


def decide(stored: Any, answer: ValidAnswer, seq: int, now: datetime) -> Decision:
    """The save rule, for the autosave and for the answers a submit carries alike.

    `stored` is the stored response (a Response or a row with its columns; None if there is
    none yet). A higher seq than the stored one is written; an older save arriving late keeps
    the newer one, and the same seq again is a repeat: nothing changes (idempotent)."""
    if stored is not None and seq <= stored.client_seq:
        kept = stored_answer(stored)
        stale = seq < stored.client_seq or kept != answer
        return Decision(None, kept, stored.client_seq, stored.saved_at, stale)
    values = {**answer.document(), "client_seq": seq, "saved_at": now}
    return Decision(values, answer, seq, now, False)
