"""Matching, ordering and cloze ("missing words") questions: what their parts are, what an
author must give before publishing, the order a student sees them in, and what an answer
must look like. Pure (no database, no Flask): read by publishing, the attempt start, the
public shape, the answer check and statistics.

How each type is held (one question row and its alternatives, no other tables):
- matching: an alternative with a `text` is an item, its `match` the answer it pairs with; an
  alternative with an empty `text` and a `match` is a distractor answer. The student picks,
  for each item, one of the answers: the distinct `match` texts (compared like short
  answers: whitespace collapsed, case-insensitive), each named by the id of the first
  alternative holding it. Two items may share an answer. Credit: a share per item paired right.
- ordering: the alternatives in their authored order are the right order. Credit: the whole
  order (all or nothing) or a share per item in its right place (`ordering_credit`).
- cloze: the text marks gap n as `{#n}` (n = 1, 2, …; each once), gap n is `gaps[n - 1]`,
  its alternatives are those with `gap == n`: the choices of a choice gap (credit per choice)
  or the accepted answers of a text gap (`*` wildcards, the gap's case rule, as short answer).
  Credit: the mean of the gaps' credits.
Per attempt the student sees the matching answers, the ordering items and each choice gap's
choices shuffled; the order is fixed at start in the attempt's `alternative_order`.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from ..domain import GapKind, QuestionType
from ..grading import normalize

STRUCTURED_TYPES = frozenset({QuestionType.MATCHING, QuestionType.ORDERING, QuestionType.CLOZE})

# `{#3}`: gap 3. Digits only, so ordinary braces in a text are left alone.
GAP_MARKER = re.compile(r"\{#(\d{1,3})\}")

_EPSILON = 1e-9


class _Alt(Protocol):
    """An alternative: a stored row or an AlternativeSpec (read-only)."""

    @property
    def id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def credit(self) -> float: ...
    @property
    def match(self) -> str: ...
    @property
    def gap(self) -> int: ...


A = TypeVar("A", bound=_Alt)


def gap_numbers(text: str) -> list[int]:
    """The gap numbers marked in a cloze text, in the order they appear (repeats kept)."""
    return [int(m) for m in GAP_MARKER.findall(text or "")]


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


# --------------------------------------------------------------------------- parts


def matching_items(alternatives: Sequence[A]) -> list[A]:
    return [a for a in alternatives if not _blank(a.text)]


def matching_answers(alternatives: Sequence[A]) -> list[A]:
    """The answers a student picks from: one alternative per distinct match text."""
    seen: set[str] = set()
    answers = []
    for alt in alternatives:
        key = normalize(alt.match or "", False)
        if key and key not in seen:
            seen.add(key)
            answers.append(alt)
    return answers


def gap_choices(alternatives: Sequence[A], gap: int) -> list[A]:
    return [a for a in alternatives if a.gap == gap]


def gap_kinds(gaps: Sequence[Any]) -> list[GapKind]:
    """The kinds of a question's gaps (GapSpec values or their stored dicts)."""
    return [GapKind(g["kind"] if isinstance(g, Mapping) else g.kind) for g in gaps]


def choice_gap_ids(alternatives: Sequence[_Alt], kinds: Sequence[GapKind]) -> list[int]:
    """The ids of every choice gap's alternatives, gap by gap in authored order."""
    return [
        a.id
        for n, kind in enumerate(kinds, start=1)
        if kind == GapKind.CHOICE
        for a in gap_choices(alternatives, n)
    ]


# --------------------------------------------------------------------------- per attempt


def shuffled(ids: Sequence[int], rng: random.Random) -> list[int]:
    """A shuffled copy, never the given order when another exists (it gives the answer away
    for ordering; for the others it shows the author's order, often the key's)."""
    result = list(ids)
    if len(set(result)) < 2:
        return result
    while True:
        rng.shuffle(result)
        if result != list(ids):
            return result


def attempt_order(
    qtype: QuestionType, alternatives: Sequence[_Alt], kinds: Sequence[GapKind], rng: random.Random
) -> list[int]:
    """What this attempt shows of a structured question, shuffled once at start: matching —
    the answers; ordering — the items; cloze — each choice gap's choices (gap by gap)."""
    if qtype == QuestionType.MATCHING:
        return shuffled([a.id for a in matching_answers(alternatives)], rng)
    if qtype == QuestionType.ORDERING:
        return shuffled([a.id for a in alternatives], rng)
    order: list[int] = []
    for n, kind in enumerate(kinds, start=1):
        if kind == GapKind.CHOICE:
            order.extend(shuffled([a.id for a in gap_choices(alternatives, n)], rng))
    return order


def public_parts(
    qtype: QuestionType,
    alternatives: Sequence[_Alt],
    kinds: Sequence[GapKind],
    order: Sequence[int] | None,
) -> dict[str, Any]:
    """The public fields of a structured question (never a match, the right order or a gap's
    answer): `alternatives` (matching: the items; ordering: the items in this attempt's
    order), `answers` (matching) and `gaps` (cloze: kind and, for choice gaps, the choices).
    `order` is the attempt's; None (the practice browse view): sorted by text, since the
    authored order of ordering items is the key."""
    by_id = {a.id: a for a in alternatives}

    def ordered(ids: Sequence[int]) -> list[_Alt]:
        if order is None:
            return sorted(
                (by_id[i] for i in ids), key=lambda a: (normalize(a.match or a.text, False), a.id)
            )
        wanted = set(ids)
        return [by_id[i] for i in order if i in wanted and i in by_id]

    parts: dict[str, Any] = {"alternatives": [], "answers": [], "gaps": []}
    if qtype == QuestionType.MATCHING:
        parts["alternatives"] = [{"id": a.id, "text": a.text} for a in matching_items(alternatives)]
        answers = ordered([a.id for a in matching_answers(alternatives)])
        parts["answers"] = [{"id": a.id, "text": a.match} for a in answers]
    elif qtype == QuestionType.ORDERING:
        items = ordered([a.id for a in alternatives])
        parts["alternatives"] = [{"id": a.id, "text": a.text} for a in items]
    elif qtype == QuestionType.CLOZE:
        for n, kind in enumerate(kinds, start=1):
            choices = (
                ordered([a.id for a in gap_choices(alternatives, n)])
                if kind == GapKind.CHOICE
                else []
            )
            parts["gaps"].append(
                {"gap": n, "kind": kind, "choices": [{"id": a.id, "text": a.text} for a in choices]}
            )
    return parts


# --------------------------------------------------------------------------- publishing


def publish_problems(
    qtype: QuestionType, text: str, alternatives: Sequence[_Alt], gaps: Sequence[Any]
) -> list[str]:
    if qtype == QuestionType.MATCHING:
        return _matching_problems(alternatives)
    if qtype == QuestionType.ORDERING:
        return _ordering_problems(alternatives)
    return _cloze_problems(text, alternatives, gap_kinds(gaps))


def _duplicates(texts: Sequence[str]) -> bool:
    keys = [normalize(t, False) for t in texts]
    return len(set(keys)) != len(keys)


def _matching_problems(alternatives: Sequence[_Alt]) -> list[str]:
    problems = []
    items = matching_items(alternatives)
    if len(items) < 2:
        problems.append("A matching question needs at least 2 items (alternatives with a text).")
    if any(_blank(a.match) for a in alternatives):
        problems.append("Every matching item and distractor needs an answer (match).")
    if _duplicates([a.text for a in items]):
        problems.append("Two items have the same text.")
    if any(a.gap for a in alternatives):
        problems.append("A matching question has no gaps; set gap to 0.")
    return problems


def _ordering_problems(alternatives: Sequence[_Alt]) -> list[str]:
    problems = []
    if len(alternatives) < 2:
        problems.append("An ordering question needs at least 2 items.")
    if any(_blank(a.text) for a in alternatives):
        problems.append("An item has an empty text.")
    elif _duplicates([a.text for a in alternatives]):
        problems.append("Two items have the same text: their order could not be told apart.")
    if any(not _blank(a.match) or a.gap for a in alternatives):
        problems.append("Ordering items take no match and no gap.")
    return problems


def _cloze_problems(text: str, alternatives: Sequence[_Alt], kinds: Sequence[GapKind]) -> list[str]:
    problems = []
    marked = gap_numbers(text)
    expected = list(range(1, len(kinds) + 1))
    if not kinds:
        problems.append("A cloze question needs at least one gap ({#1} in the text).")
    if sorted(marked) != expected:
        problems.append(
            f"The text must mark each gap once, {{#1}} to {{#{len(kinds)}}}; "
            f"it marks {', '.join(f'{{#{n}}}' for n in marked) or 'none'}."
        )
    if any(not 1 <= a.gap <= len(kinds) for a in alternatives):
        problems.append("Every alternative must belong to one of the gaps (gap 1 to n).")
    for n, kind in enumerate(kinds, start=1):
        own = gap_choices(alternatives, n)
        full = any(abs(a.credit - 1) <= _EPSILON for a in own)
        if kind == GapKind.CHOICE:
            if len(own) < 2:
                problems.append(f"Gap {n} needs at least 2 choices.")
            if not full:
                problems.append(f"Gap {n} needs a choice with full credit (1).")
            if _duplicates([a.text for a in own if not _blank(a.text)]):
                problems.append(f"Gap {n} has two choices with the same text.")
        elif not full:
            problems.append(f"Gap {n} needs an accepted answer with full credit (1).")
    return problems


# --------------------------------------------------------------------------- answers


def answer_errors(
    qtype: QuestionType, alternatives: Sequence[_Alt], kinds: Sequence[GapKind], value: Any
) -> list[str]:
    """What is wrong with an answer's `pairs` / `ordered_ids` / `gaps` (empty: fine). An
    empty answer is always fine (nothing chosen yet)."""
    if not value:
        return []
    if qtype == QuestionType.MATCHING:
        return _pairs_errors(alternatives, value)
    if qtype == QuestionType.ORDERING:
        return _order_errors(alternatives, value)
    return _gaps_errors(alternatives, kinds, value)


def _pairs_errors(alternatives: Sequence[_Alt], pairs: Sequence[Mapping[str, Any]]) -> list[str]:
    problems = []
    items = {a.id for a in matching_items(alternatives)}
    answers = {a.id for a in matching_answers(alternatives)}
    item_ids = [p["item_id"] for p in pairs]
    if unknown := [i for i in item_ids if i not in items]:
        problems.append(f"Not items of this question: {unknown}.")
    if len(set(item_ids)) != len(item_ids):
        problems.append("Each item may be paired once.")
    if unknown := [p["answer_id"] for p in pairs if p["answer_id"] not in answers]:
        problems.append(f"Not answers of this question: {unknown}.")
    return problems


def _order_errors(alternatives: Sequence[_Alt], ids: Sequence[int]) -> list[str]:
    known = [a.id for a in alternatives]
    if unknown := [i for i in ids if i not in set(known)]:
        return [f"Not items of this question: {unknown}."]
    if len(set(ids)) != len(ids):
        return ["Each item may appear once."]
    if len(ids) != len(known):
        return [f"List every item once: {len(known)} items, {len(ids)} given."]
    return []


def _gaps_errors(
    alternatives: Sequence[_Alt], kinds: Sequence[GapKind], gaps: Sequence[Mapping[str, Any]]
) -> list[str]:
    problems = []
    numbers = [g["gap"] for g in gaps]
    if wrong := [n for n in numbers if not 1 <= n <= len(kinds)]:
        problems.append(f"This question has {len(kinds)} gaps; no gap {wrong}.")
    if len(set(numbers)) != len(numbers):
        problems.append("Each gap may be answered once.")
    for g in gaps:
        n = g["gap"]
        if not 1 <= n <= len(kinds):
            continue
        selected, text = g.get("selected_id"), g.get("text")
        if kinds[n - 1] == GapKind.CHOICE:
            if text is not None:
                problems.append(f"Gap {n} is answered by choosing (selected_id), not text.")
            if selected is not None and selected not in {
                a.id for a in gap_choices(alternatives, n)
            }:
                problems.append(f"{selected} is not a choice of gap {n}.")
        elif selected is not None:
            problems.append(f"Gap {n} is answered with text, not selected_id.")
    return problems


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0
