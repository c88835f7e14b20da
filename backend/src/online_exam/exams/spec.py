"""A question as a value: its type, texts, points, key and alternatives, frozen.

The one description of what a question holds. Everything that reads or writes questions as a
whole goes through it: the exam-day snapshot caches it (attempts/snapshot.py), grading reads
it (grading.py, attempts/review.py), copying an exam, the portable JSON format, the GIFT
writer and the importer convert through it. The ways in are `from_model` (a stored question)
and `from_data` (a validated QuestionIn dict); the ways out are `to_model` (a new, unsaved
row) and `document` (the QuestionIn-shaped dict of the portable format and the import
preview). Adding a field to a question is one field here, one column in models.py (plus its
migration) and its schema fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..domain import GapKind, OrderingCredit, QuestionType
from .models import Alternative, Question


@dataclass(frozen=True, slots=True)
class AlternativeSpec:
    """A choice, or an accepted answer of a short-answer question; an item of a matching
    question (`text` the item, `match` its answer; empty `text`: a distractor answer) or of an
    ordering question (the alternatives' order is the right order); an alternative of a cloze
    question's gap `gap` (a choice, or an accepted typed answer)."""

    text: str
    credit: float = 0.0  # fraction: 1 = correct, 0 = wrong; partial and negative (>= -1)
    feedback: str = ""
    match: str = ""  # matching only: the answer this item pairs with
    gap: int = 0  # cloze only: the gap (1-based, `{#n}` in the text) it belongs to
    id: int = 0  # 0 until stored

    @classmethod
    def from_model(cls, alternative: Alternative) -> AlternativeSpec:
        return cls(id=alternative.id, **{name: getattr(alternative, name) for name in _ALT})

    def to_model(self, position: int) -> Alternative:
        return Alternative(position=position, **self.document())

    def document(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _ALT}


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    type: QuestionType
    text: str
    points: float = 1.0
    general_feedback: str = ""
    numeric_answer: float | None = None  # numeric only
    numeric_tolerance: float | None = None  # numeric only (>= 0; None = exact)
    case_sensitive: bool = False  # short_answer only: how accepted answers compare
    word_limit: int | None = None  # essay only: None = no limit
    ordering_credit: OrderingCredit = OrderingCredit.WHOLE  # ordering only
    # cloze only: the text marks gap n as `{#n}`; gap n is gaps[n - 1], its alternatives are
    # those with gap == n.
    gaps: tuple[GapSpec, ...] = ()
    alternatives: tuple[AlternativeSpec, ...] = ()
    id: int = 0  # 0 until stored

    @classmethod
    def from_model(cls, question: Question) -> QuestionSpec:
        values = {name: getattr(question, name) for name in QUESTION_FIELDS}
        values["type"] = QuestionType(values["type"])
        values["ordering_credit"] = OrderingCredit(values["ordering_credit"])
        alternatives = tuple(AlternativeSpec.from_model(a) for a in question.alternatives)
        gaps = tuple(GapSpec.from_document(g) for g in question.gaps or ())
        return cls(id=question.id, alternatives=alternatives, gaps=gaps, **values)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> QuestionSpec:
        """From a question's input (QuestionIn, validated): missing fields take their defaults;
        `correct` (the true/false shorthand) becomes the alternatives True and False, and a
        true/false question given no alternatives gets them with no credit yet."""
        values = {name: data[name] for name in QUESTION_FIELDS if name in data}
        values["type"] = QuestionType(values["type"])
        if "ordering_credit" in values:
            values["ordering_credit"] = OrderingCredit(values["ordering_credit"])
        gaps = tuple(GapSpec.from_document(g) for g in data.get("gaps") or ())
        correct = data.get("correct")
        alternatives: tuple[AlternativeSpec, ...]
        if correct is not None:
            alternatives = true_false_alternatives(correct)
        elif values["type"] == QuestionType.TRUE_FALSE and data.get("alternatives") is None:
            alternatives = true_false_alternatives(None)
        else:
            alternatives = tuple(AlternativeSpec(**a) for a in data.get("alternatives") or ())
        return cls(alternatives=alternatives, gaps=gaps, **values)

    def to_model(self, position: int) -> Question:
        """A new question row (not added to any session) at `position`."""
        return Question(
            position=position,
            alternatives=[a.to_model(i) for i, a in enumerate(self.alternatives)],
            gaps=[g.document() for g in self.gaps],
            **{name: getattr(self, name) for name in QUESTION_FIELDS},
        )

    def document(self) -> dict[str, Any]:
        """Every input field with its value, alternatives without ids (QuestionIn's shape)."""
        data = {name: getattr(self, name) for name in QUESTION_FIELDS}
        data["type"] = self.type.value
        data["ordering_credit"] = self.ordering_credit.value
        data["gaps"] = [g.document() for g in self.gaps]
        data["alternatives"] = [a.document() for a in self.alternatives]
        return data

    def gap_alternatives(self, gap: int) -> tuple[AlternativeSpec, ...]:
        """Cloze: the alternatives of gap `gap` (1-based), in order."""
        return tuple(a for a in self.alternatives if a.gap == gap)


@dataclass(frozen=True, slots=True)
class GapSpec:
    """A gap of a cloze question: how it is answered (its alternatives are the question's
    alternatives with its number)."""

    kind: GapKind = GapKind.TEXT
    case_sensitive: bool = False  # TEXT gaps: how accepted answers compare

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> GapSpec:
        return cls(GapKind(data["kind"]), bool(data.get("case_sensitive", False)))

    def document(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "case_sensitive": self.case_sensitive}


def true_false_alternatives(correct: bool | None) -> tuple[AlternativeSpec, AlternativeSpec]:
    """ "True" and "False", the one matching `correct` with full credit (None: neither yet,
    publishing then says which is missing)."""
    true_credit = 0.0 if correct is None else float(correct)
    false_credit = 0.0 if correct is None else float(not correct)
    return AlternativeSpec("True", true_credit), AlternativeSpec("False", false_credit)


# The fields of a question and of an alternative besides their ids and the alternatives.
QUESTION_FIELDS = tuple(
    f.name for f in fields(QuestionSpec) if f.name not in ("alternatives", "gaps", "id")
)
_ALT = tuple(f.name for f in fields(AlternativeSpec) if f.name != "id")
