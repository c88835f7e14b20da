"""What every parser returns: questions in the QuestionIn shape, with where they came from,
and everything skipped, warned about or wrong — each with its 1-based line number when the
format has lines (GIFT, Aiken) or the question's 1-based index in the file (JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..domain import QuestionType
from ..exams.spec import AlternativeSpec, QuestionSpec

# The most issues of one kind a report lists; the rest are summed up in one last item.
MAX_ISSUES = 100


@dataclass
class Issue:
    """An error or warning: what, and where (line and/or question index; either may be None)."""

    message: str
    line: int | None = None
    question: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "question": self.question, "message": self.message}


@dataclass
class Skipped:
    """A question of a kind this platform has no type for (essay, matching, description)."""

    kind: str
    message: str
    line: int | None = None
    title: str | None = None
    question: int | None = None  # the item's 1-based place in a package (QTI)

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "question": self.question,
            "kind": self.kind,
            "title": self.title,
            "message": self.message,
        }


@dataclass
class ParsedQuestion:
    """One question ready for the exams API: `data` has exactly QuestionIn's fields."""

    data: dict[str, Any]
    index: int  # 1-based position among the questions of the file
    line: int | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    def warn(self, question: ParsedQuestion, message: str) -> None:
        """A warning about one question: listed with it and in the file's warnings."""
        question.warnings.append(message)
        self.warnings.append(Issue(message, question.line, question.index))


def question_data(
    type_: str, text: str, *, alternatives: Iterable[AlternativeSpec] = (), **fields: Any
) -> dict[str, Any]:
    """A complete QuestionIn-shaped dict (every field present, as the preview shows it):
    a QuestionSpec's document, so the defaults are the spec's."""
    spec = QuestionSpec(QuestionType(type_), text, alternatives=tuple(alternatives), **fields)
    return spec.document()


def alternative(text: str, credit: float, feedback: str = "") -> AlternativeSpec:
    return AlternativeSpec(text, credit, feedback)


@dataclass
class NumericAnswer:
    """One of a numeric question's answers as GIFT and Moodle XML hold several."""

    label: str  # as written, for the report
    value: float
    tolerance: float | None
    credit: float
    feedback: str = ""


def keep_one_numeric(answers: list[NumericAnswer], notes: list[str]) -> NumericAnswer | None:
    """The answer a numeric question here keeps: the first with full credit (None if none).
    Moodle may hold several ranges with their own credit and feedback; a question here holds one
    value and tolerance, so the others and every per-answer feedback are reported in `notes`."""
    kept = next((answer for answer in answers if answer.credit == 1.0), None)
    if kept is None:
        return None
    others = [answer for answer in answers if answer is not kept]
    if others:
        listed = ", ".join(f"{a.label} ({percent(a.credit)}%)" for a in others)
        notes.append(f"Only one numeric answer is kept ({kept.label}); ignored: {listed}.")
    if any(answer.feedback for answer in answers):
        notes.append(
            "Per-answer feedback of numeric answers is not kept (only the general feedback is)."
        )
    return kept


def percent(credit: float) -> str:
    """A credit fraction as a percentage without float noise: 0.1 -> "10", -1/3 -> "-33.3…"."""
    text = format((Decimal(repr(credit)) * 100).normalize(), "f")
    return "0" if text == "-0" else text


def capped(issues: list[Issue] | list[Skipped]) -> list[dict[str, Any]]:
    """At most MAX_ISSUES items, and a last one saying how many more there were."""
    items = [issue.as_dict() for issue in issues[:MAX_ISSUES]]
    if len(issues) > MAX_ISSUES:
        message = f"… and {len(issues) - MAX_ISSUES} more not listed."
        more = Skipped("more", message) if isinstance(issues[0], Skipped) else Issue(message)
        items.append(more.as_dict())
    return items
