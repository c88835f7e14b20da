"""Pure grading rules: how much credit an answer earns, and exam totals.

No database and no Flask here on purpose: the rules read a question as a frozen value
(exams/spec.py: QuestionSpec, what the exam-day snapshot caches), so they can be tested with
plain tables of inputs and expected credit.
Every function is defensive: the API validates answers earlier, grading must never crash.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only read here: grading needs no models at run time
    from .exams.spec import AlternativeSpec, QuestionSpec

from .domain import MANUALLY_GRADED_TYPES, GapKind, OrderingCredit, QuestionType, values

# Tolerance for float noise, e.g. 1.1 - 1.0 == 0.10000000000000009 must still be "within 0.1".
_EPSILON = 1e-9
_REL_EPSILON = 1e-12


@dataclass(frozen=True, slots=True)
class Answer:
    selected_ids: tuple[int, ...] = ()  # single / multiple / true_false
    text: str | None = None  # short_answer, essay
    number: float | None = None  # numeric
    pairs: tuple[tuple[int, int], ...] = ()  # matching: (item id, answer id)
    ordered_ids: tuple[int, ...] = ()  # ordering: the items' ids in the student's order
    gaps: tuple[tuple[int, int | None, str | None], ...] = ()  # cloze: (gap, selected id, text)


@dataclass(frozen=True, slots=True)
class ExamScore:
    score: float
    max_score: float
    percentage: float
    passed: bool | None


def grade(key: QuestionSpec, answer: Answer | None) -> float | None:
    """Credit fraction earned, in [0, 1]; None when a person must grade it (an answered
    essay). None / empty answer -> 0 (a blank essay has nothing to grade)."""
    _check_type(key)
    if answer is None:
        return 0.0
    if key.type in MANUALLY_GRADED_TYPES:
        return None if (answer.text or "").strip() else 0.0
    if key.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        chosen = _chosen(key, answer)
        # Exactly one alternative may be picked; anything else earns nothing.
        if len(set(answer.selected_ids)) != 1 or not chosen:
            return 0.0
        return _clamp(chosen[0].credit)
    if key.type == QuestionType.MULTIPLE:
        # Summing lets wrong picks (negative credit) cancel right ones, so ticking everything
        # does not pay; the clamp keeps the result a valid fraction.
        return _clamp(math.fsum(alt.credit for alt in _chosen(key, answer)))
    if key.type == QuestionType.SHORT_ANSWER:
        best = _best_text_match(key, answer)
        return 0.0 if best is None else _clamp(best.credit)
    if key.type in _STRUCTURED:
        return _STRUCTURED[key.type](key, answer)
    return _grade_numeric(key, answer)


def matching_alternative_ids(key: QuestionSpec, answer: Answer | None) -> tuple[int, ...]:
    """Ids of alternatives whose feedback applies to this answer: the selected ones for choice
    types, the accepted answer that matched for short_answer (empty tuple if none)."""
    _check_type(key)
    if answer is None:
        return ()
    if key.type == QuestionType.SHORT_ANSWER:
        best = _best_text_match(key, answer)
        return () if best is None else (best.id,)
    if key.type == QuestionType.NUMERIC or key.type in MANUALLY_GRADED_TYPES:
        return ()
    if key.type == QuestionType.CLOZE:
        return tuple(alt.id for alt in _cloze_matches(key, answer) if alt is not None)
    return tuple(alt.id for alt in _chosen(key, answer))


def is_correct(key: QuestionSpec, answer: Answer | None) -> bool:
    """Full credit (allowing for float noise in summed partial credits); an answer waiting
    for a person is not (yet) correct."""
    return is_full(grade(key, answer))


def is_full(credit: float | None) -> bool:
    return credit is not None and credit >= 1 - _EPSILON


def word_count(text: str | None) -> int:
    """Words as a reader counts them: runs of non-space characters (the web app counts the
    same way, so the limit it shows agrees with the server's)."""
    return len((text or "").split())


def outcome(
    graded: Iterable[tuple[float | None, float]], pass_mark_percent: float | None
) -> tuple[ExamScore | None, int]:
    """(the exam's score, how many answers wait for a person). While any waits, the score is
    None: a total without them would be a wrong result, shown as if final."""
    rows = list(graded)
    awaiting = sum(1 for credit, _ in rows if credit is None)
    if awaiting:
        return None, awaiting
    return total([(credit or 0.0, points) for credit, points in rows], pass_mark_percent), 0


def total(graded: Iterable[tuple[float, float]], pass_mark_percent: float | None) -> ExamScore:
    """graded = (credit, points) per question. Scores are rounded to 2 decimals, half up."""
    rows = list(graded)
    score = round2(math.fsum(credit * points for credit, points in rows))
    max_score = math.fsum(points for _, points in rows)
    percentage = round2(100 * score / max_score) if max_score else 0.0
    passed = None if pass_mark_percent is None else percentage >= pass_mark_percent
    return ExamScore(score=score, max_score=max_score, percentage=percentage, passed=passed)


_TYPES = frozenset(values(QuestionType))  # once: grading runs per question of every submit


def _check_type(key: QuestionSpec) -> None:
    if key.type not in _TYPES:
        raise ValueError(f"unknown question type: {key.type!r}")


def _clamp(credit: float) -> float:
    # NaN would slip through min/max unnoticed, so treat it as no credit explicitly.
    if math.isnan(credit):
        return 0.0
    return max(0.0, min(1.0, credit))


def _chosen(key: QuestionSpec, answer: Answer) -> list[AlternativeSpec]:
    """Selected alternatives in key order: unknown ids ignored, duplicates counted once."""
    selected = set(answer.selected_ids)
    return [alt for alt in key.alternatives if alt.id in selected]


def normalize(text: str, case_sensitive: bool) -> str:
    # Trim and collapse any whitespace run (tabs, newlines, NBSP) so spacing never costs marks.
    text = " ".join(text.split())
    return text if case_sensitive else text.casefold()


def _pattern(accepted: str) -> re.Pattern[str]:
    # Moodle-style: `*` matches any run of characters; everything else is literal, so answers
    # like "f(x)" or "3.14" never act as regular expressions.
    return re.compile(".*".join(re.escape(part) for part in accepted.split("*")), re.DOTALL)


def _best_text_match(key: QuestionSpec, answer: Answer) -> AlternativeSpec | None:
    """Highest-credit accepted answer matching the text (first in key order on ties)."""
    if answer.text is None:
        return None
    text = normalize(answer.text, key.case_sensitive)
    if not text:
        return None  # blank is no answer, even against a bare "*"
    best: AlternativeSpec | None = None
    for alt in key.alternatives:
        if _pattern(normalize(alt.text, key.case_sensitive)).fullmatch(text) and (
            best is None or alt.credit > best.credit
        ):
            best = alt
    return best


def _best_match(
    alternatives: Iterable[AlternativeSpec], given: str | None, case_sensitive: bool
) -> AlternativeSpec | None:
    """Highest-credit alternative whose text (`*` wildcards) matches `given`."""
    if given is None:
        return None
    text = normalize(given, case_sensitive)
    if not text:
        return None
    best: AlternativeSpec | None = None
    for alt in alternatives:
        if _pattern(normalize(alt.text, case_sensitive)).fullmatch(text) and (
            best is None or alt.credit > best.credit
        ):
            best = alt
    return best


def _grade_matching(key: QuestionSpec, answer: Answer) -> float:
    """A share per item paired with its answer; answers compare by their match text, so
    two items sharing an answer accept either alternative that holds it."""
    items = [a for a in key.alternatives if a.text.strip()]
    if not items:
        return 0.0
    by_id = {a.id: a for a in key.alternatives}
    chosen = dict(answer.pairs)  # the API refuses repeated items; the last one would win
    right = 0
    for item in items:
        picked = by_id.get(chosen.get(item.id, 0))
        if picked is not None and normalize(picked.match, False) == normalize(item.match, False):
            right += 1
    return right / len(items)


def _grade_ordering(key: QuestionSpec, answer: Answer) -> float:
    """The authored order is the right one: all of it (whole), or a share per item in its
    place (per_item)."""
    expected = [a.id for a in key.alternatives]
    given = list(answer.ordered_ids)
    if not expected or sorted(given) != sorted(expected):
        return 0.0  # not a complete order of these items (unanswered, or unknown ids)
    if key.ordering_credit == OrderingCredit.PER_ITEM:
        return sum(1 for a, b in zip(expected, given, strict=True) if a == b) / len(expected)
    return 1.0 if given == expected else 0.0


def _cloze_matches(key: QuestionSpec, answer: Answer) -> list[AlternativeSpec | None]:
    """Per gap (1..n) the alternative the answer earns: the chosen choice, the best
    matching accepted text, or None."""
    given = {gap: (selected, text) for gap, selected, text in answer.gaps}
    found: list[AlternativeSpec | None] = []
    for n, gap in enumerate(key.gaps, start=1):
        own = key.gap_alternatives(n)
        selected, text = given.get(n, (None, None))
        if gap.kind == GapKind.CHOICE:
            found.append(next((a for a in own if a.id == selected), None))
        else:
            found.append(_best_match(own, text, gap.case_sensitive))
    return found


def _grade_cloze(key: QuestionSpec, answer: Answer) -> float:
    """The mean of the gaps' credits (each clamped to 0..1)."""
    if not key.gaps:
        return 0.0
    credits = [0.0 if a is None else _clamp(a.credit) for a in _cloze_matches(key, answer)]
    return _clamp(math.fsum(credits) / len(key.gaps))


def parts_correct(key: QuestionSpec, answer: Answer | None) -> list[tuple[int, str, bool]]:
    """Matching, ordering, cloze: per part (item id and text, or gap number and "Gap n") whether
    the answer got it right — what item statistics count. Empty for the other types."""
    answer = answer or Answer()
    if key.type == QuestionType.MATCHING:
        by_id = {a.id: a for a in key.alternatives}
        chosen = dict(answer.pairs)
        return [
            (
                item.id,
                item.text,
                (picked := by_id.get(chosen.get(item.id, 0))) is not None
                and normalize(picked.match, False) == normalize(item.match, False),
            )
            for item in key.alternatives
            if item.text.strip()
        ]
    if key.type == QuestionType.ORDERING:
        given = list(answer.ordered_ids)
        return [
            (a.id, a.text, i < len(given) and given[i] == a.id)
            for i, a in enumerate(key.alternatives)
        ]
    if key.type == QuestionType.CLOZE:
        found = _cloze_matches(key, answer)
        return [
            (n, f"Gap {n}", alt is not None and alt.credit >= 1 - _EPSILON)
            for n, alt in enumerate(found, start=1)
        ]
    return []


_STRUCTURED = {
    QuestionType.MATCHING: _grade_matching,
    QuestionType.ORDERING: _grade_ordering,
    QuestionType.CLOZE: _grade_cloze,
}


def _grade_numeric(key: QuestionSpec, answer: Answer) -> float:
    expected, given = key.numeric_answer, answer.number
    if expected is None or given is None or not math.isfinite(expected):
        return 0.0
    if not math.isfinite(given):
        return 0.0
    tolerance = max(key.numeric_tolerance or 0.0, 0.0)
    # Float spacing grows with magnitude (1e9 + 0.1 is stored as 1000000000.1000000238), so
    # add a relative slack too; both are far below any tolerance a teacher would set.
    slack = _EPSILON + _REL_EPSILON * max(abs(expected), abs(given))
    return 1.0 if abs(given - expected) <= tolerance + slack else 0.0


def round2(value: float) -> float:
    # Half up on the shortest repr (0.125 -> 0.13, 2.675 -> 2.68), as people round by hand;
    # round() would give banker's rounding on the binary value (0.12, 2.67).
    if not math.isfinite(value):
        return value
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
