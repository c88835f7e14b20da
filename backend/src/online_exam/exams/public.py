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
from ..fast_dump import Dumped, Plan, compile_schema
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


# The attempt view's questions, dumped once per worker (issue 19): a published exam's questions
# are immutable (the snapshot, attempts/snapshot.py, hands out the same QuestionSpec objects
# until the exam changes), so their dumped form is cached by the spec's identity (the entry
# keeps the spec alive: the id is not reused while cached). Choice questions splice the
# attempt's order of their dumped alternatives; the others are cached per order.
_BASE: dict[int, tuple[QuestionSpec, Dumped, dict[int, Any]]] = {}
_ORDERED: dict[tuple[int, tuple[int, ...]], tuple[QuestionSpec, Dumped]] = {}
_CACHE_MAX = 20_000  # entries; cleared whole when exceeded (a new exam version, many orders)
_plan: Plan | None = None


def _dump(question: QuestionSpec, alternative_ids: Sequence[int] | None) -> Dumped:
    global _plan
    if _plan is None:
        _plan = compile_schema(QuestionPublicOut())
    return Dumped(_plan(public_question(question, alternative_ids)))


def public_question_dumped(
    question: QuestionSpec, alternative_ids: Sequence[int] | None = None
) -> Dumped:
    """public_question(question, alternative_ids) in QuestionPublicOut's dumped form, from the
    per-worker cache. Only for specs that do not change (a snapshot's)."""
    key = id(question)
    base = _BASE.get(key)
    if base is None or base[0] is not question:
        if len(_BASE) >= _CACHE_MAX:
            _BASE.clear()
        dumped = _dump(question, None)
        base = (question, dumped, {a["id"]: a for a in dumped["alternatives"]})
        _BASE[key] = base
    if alternative_ids is None:
        return base[1]
    if question.type in CHOICE_TYPES:  # public_question's choice order, spliced
        alternatives = base[2]
        return Dumped(
            {
                **base[1],
                "alternatives": [alternatives[i] for i in alternative_ids if i in alternatives],
            }
        )
    ordered_key = (key, tuple(alternative_ids))
    hit = _ORDERED.get(ordered_key)
    if hit is None or hit[0] is not question:
        if len(_ORDERED) >= _CACHE_MAX:
            _ORDERED.clear()
        hit = _ORDERED[ordered_key] = (question, _dump(question, alternative_ids))
    return hit[1]
