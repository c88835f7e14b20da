"""What anyone but the author may see of a question: text and choices, never the answer key.

Used by the practice-mode browse view and by the attempt view, so the key cannot leak through
one of them by accident. Credit, feedback, numeric answers and short-answer accepted answers
(stored as alternatives) are never part of these shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from apiflask import Schema
from apiflask.fields import Float, Integer, List, Nested, String

from ..domain import CHOICE_TYPES, GapKind, QuestionType
from ..schema_fields import EnumValue
from . import structured
from .spec import QuestionSpec


class AlternativePublicOut(Schema):
    id = Integer(required=True)
    text = String(required=True)


class GapPublicOut(Schema):
    gap = Integer(required=True, metadata={"description": "1-based: `{#n}` in the text."})
    kind = EnumValue(GapKind, required=True)
    choices = List(
        Nested(AlternativePublicOut),
        metadata={"description": "choice gaps: the choices, in this attempt's order."},
        required=True,
    )


class QuestionPublicOut(Schema):
    id = Integer(required=True)
    type = EnumValue(QuestionType, required=True)
    text = String(required=True)
    points = Float(required=True)
    word_limit = Integer(
        allow_none=True,
        metadata={"description": "essay: the most words asked for (not enforced); else null."},
        required=True,
    )
    alternatives = List(
        Nested(AlternativePublicOut),
        metadata={
            "description": "Choices of single/multiple/true_false questions; the items of "
            "matching (authored order) and ordering (this attempt's order) questions; else empty."
        },
        required=True,
    )
    answers = List(
        Nested(AlternativePublicOut),
        metadata={"description": "matching: the answers to pick from per item; else empty."},
        required=True,
    )
    gaps = List(
        Nested(GapPublicOut),
        metadata={"description": "cloze: the gaps `{#n}` of the text; else empty."},
        required=True,
    )


def public_question(
    question: QuestionSpec, alternative_ids: Sequence[int] | None = None
) -> dict[str, Any]:
    """The public shape of a question, alternatives in the given order (default: authored)."""
    alternatives: list[dict[str, Any]] = []
    parts: dict[str, Any] = {"answers": [], "gaps": []}
    if question.type in structured.STRUCTURED_TYPES:
        kinds = structured.gap_kinds(question.gaps)
        parts = structured.public_parts(
            question.type, question.alternatives, kinds, alternative_ids
        )
        alternatives = parts.pop("alternatives")
    elif question.type in CHOICE_TYPES:
        by_id = {a.id: a for a in question.alternatives}
        order = alternative_ids if alternative_ids is not None else list(by_id)
        alternatives = [{"id": i, "text": by_id[i].text} for i in order if i in by_id]
    return {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "points": question.points,
        "word_limit": question.word_limit if question.type == QuestionType.ESSAY else None,
        "alternatives": alternatives,
        **parts,
    }
