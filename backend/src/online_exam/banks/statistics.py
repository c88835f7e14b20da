"""Item analysis of an exam's finalized attempts (classical test theory, as Moodle's quiz
statistics report).

Population: every finalized (submitted or expired) and fully graded attempt, as Moodle's
default ("all"), or each student's first such attempt ("first"). In-progress attempts never
count. A question left unanswered earns credit 0.

Per question, with c = credit fraction (0..1) and s = c x points per attempt:
- facility = mean c; sd = sample standard deviation of c (n - 1);
- discrimination = item-rest correlation: Pearson r of s with (total - s) over the attempts
  (null when either is constant); discrimination_27 = mean c of the top 27 % of attempts by
  total score minus mean c of the bottom 27 % (k = round-half-up(0.27 n), at least 1; ties in
  the ranking broken by attempt id);
- answered = attempts with a non-empty answer; alternatives: how often each was chosen (choice
  types); answers: the 10 most frequent answers (short_answer: whitespace-collapsed, and
  case-folded unless case-sensitive; numeric: the number);
- parts (matching and ordering: per item; cloze: per gap): how many attempts got it right and
  the share of n (matching: paired with its answer; ordering: in its place; cloze: full
  credit); null for the other types;
- flags: too_easy (facility > 0.95), too_hard (< 0.1), negative_discrimination (item-rest
  r < 0), insufficient_data (n < 2: then facility, sd and both discriminations are null).
Per exam: n; mean, median, sd (sample), min, max of the score in points and in percent (as
graded: Attempt.score / percentage; sd needs n >= 2); Cronbach's alpha
= k/(k-1) (1 - sum var(s_i) / var(total)) over the k questions (null when k < 2, n < 2 or the
totals do not vary) — it is KR-20 when every item is dichotomous (`kr20`, else null); and a
histogram of percentages in 10 buckets [0,10) … [90,100].

Data is loaded in a fixed number of queries (exam, questions, alternatives, attempts,
responses) whatever the number of attempts; figures are rounded to 4 decimals.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import grading
from ..attempts.models import Attempt, Response
from ..attempts.service import finalize_overdue
from ..auth.models import User
from ..domain import CHOICE_TYPES, AttemptState, QuestionType
from ..exams.access import results_exam
from ..exams.models import Exam, Question
from ..exams.spec import QuestionSpec
from ..exams.structured import STRUCTURED_TYPES
from ..extensions import db
from ..grading import normalize

POPULATIONS = ("all", "first")
# Finalized and fully graded: an attempt awaiting grading has no score yet, and its waiting
# answers no credit, so it joins the figures once its last answer is graded.
_COUNTED = (Attempt.state != AttemptState.IN_PROGRESS) & (Attempt.awaiting_grading == 0)


class Flag(StrEnum):
    """Why a question deserves a second look."""

    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    NEGATIVE_DISCRIMINATION = "negative_discrimination"
    INSUFFICIENT_DATA = "insufficient_data"


TOO_EASY, TOO_HARD = 0.95, 0.1
TOP_FRACTION = 0.27
TOP_ANSWERS = 10
BUCKETS = 10


def _r(value: float | None, digits: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits) + 0.0  # + 0.0: never "-0.0"


@dataclass
class AttemptRow:
    id: int
    user_id: int
    number: int
    score: float | None
    percentage: float | None
    question_ids: frozenset[int] = frozenset()  # the attempt's questions (a random slot's draw)


@dataclass
class ResponseRow:
    question_id: int
    credit: float | None
    selected_ids: list[int] = field(default_factory=list)
    text: str | None = None
    number: float | None = None
    pairs: list[dict[str, int]] | None = None
    ordered_ids: list[int] | None = None
    gaps: list[dict[str, Any]] | None = None

    @property
    def answered(self) -> bool:
        return (
            bool(self.selected_ids)
            or bool((self.text or "").strip())
            or (self.number is not None)
            or bool(self.pairs or self.ordered_ids or self.gaps)
        )

    def answer(self) -> grading.Answer:
        return grading.Answer(
            pairs=tuple((p["item_id"], p["answer_id"]) for p in self.pairs or ()),
            ordered_ids=tuple(self.ordered_ids or ()),
            gaps=tuple((g["gap"], g.get("selected_id"), g.get("text")) for g in self.gaps or ()),
        )


# --------------------------------------------------------------------------- loading


def _load(
    exam: Exam, population: str
) -> tuple[list[AttemptRow], dict[int, dict[int, ResponseRow]]]:
    rows = db.session.execute(
        select(
            Attempt.id,
            Attempt.user_id,
            Attempt.number,
            Attempt.score,
            Attempt.percentage,
            Attempt.question_order,
        )
        .where(Attempt.exam_id == exam.id, _COUNTED)
        .order_by(Attempt.user_id, Attempt.number, Attempt.id)
    ).all()
    attempts = [AttemptRow(*row[:5], frozenset(row[5] or ())) for row in rows]
    if population == "first":
        seen: set[int] = set()
        firsts = []
        for attempt in attempts:
            if attempt.user_id not in seen:
                seen.add(attempt.user_id)
                firsts.append(attempt)
        attempts = firsts
    responses: dict[int, dict[int, ResponseRow]] = {a.id: {} for a in attempts}
    for attempt_id, question_id, credit, selected, text, number, *structured in db.session.execute(
        select(
            Response.attempt_id,
            Response.question_id,
            Response.credit,
            Response.selected_ids,
            Response.text,
            Response.number,
            Response.pairs,
            Response.ordered_ids,
            Response.gaps,
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.exam_id == exam.id, _COUNTED)
    ):
        if attempt_id in responses:
            responses[attempt_id][question_id] = ResponseRow(
                question_id, credit, list(selected or []), text, number, *structured
            )
    attempts.sort(key=lambda a: a.id)
    return attempts, responses


def exam_statistics(exam_id: int, user: User, population: str = "all") -> dict[str, Any]:
    exam = results_exam(
        exam_id,
        user,
        selectinload(Exam.questions).selectinload(Question.alternatives),
        selectinload(Exam.pool_questions).selectinload(Question.alternatives),
    )
    finalize_overdue(exam_id=exam.id)
    attempts, responses = _load(exam, population)
    return compute(exam, exam.all_questions, attempts, responses, population)


# --------------------------------------------------------------------------- figures


def _sample_sd(values: Sequence[float]) -> float | None:
    return statistics.stdev(values) if len(values) >= 2 else None


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # fewer than 2 values, or one side constant
        return None


def _summary(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "median": None, "sd": None, "min": None, "max": None}
    return {
        "mean": _r(statistics.fmean(values)),
        "median": _r(statistics.median(values)),
        "sd": _r(_sample_sd(values)),
        "min": _r(min(values)),
        "max": _r(max(values)),
    }


def _histogram(percentages: Sequence[float]) -> list[dict[str, Any]]:
    counts = [0] * BUCKETS
    width = 100 / BUCKETS
    for percentage in percentages:
        counts[min(max(int(percentage // width), 0), BUCKETS - 1)] += 1
    return [
        {"from": int(i * width), "to": int((i + 1) * width), "count": count}
        for i, count in enumerate(counts)
    ]


def _frequencies(
    question: Question, rows: Sequence[ResponseRow], n: int
) -> tuple[list[dict[str, Any]] | None, list[dict[str, Any]] | None]:
    """(alternatives chosen, for choice types; most frequent answers, for the others)."""
    if question.type in CHOICE_TYPES:
        chosen = Counter(i for row in rows for i in set(row.selected_ids))
        return [
            {
                "id": a.id,
                "text": a.text,
                "credit": a.credit,
                "count": chosen[a.id],
                "share": _r(chosen[a.id] / n) if n else None,
            }
            for a in question.alternatives
        ], None
    counts: Counter[str] = Counter()
    shown: dict[str, Any] = {}
    credit: dict[str, float | None] = {}
    for row in rows:
        if question.type == QuestionType.SHORT_ANSWER:
            if not (row.text or "").strip():
                continue
            key = normalize(row.text or "", question.case_sensitive)
            value: Any = " ".join((row.text or "").split())
        else:
            if row.number is None:
                continue
            key, value = repr(row.number), row.number
        counts[key] += 1
        shown.setdefault(key, value)
        credit.setdefault(key, row.credit)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_ANSWERS]
    return None, [
        {
            "answer": shown[key],
            "count": count,
            "share": _r(count / n) if n else None,
            "credit": credit[key],
        }
        for key, count in ranked
    ]


def _parts(question: Question, rows: Sequence[ResponseRow], n: int) -> list[dict[str, Any]] | None:
    """Matching items, ordering items, cloze gaps: how many attempts got each right (an
    unanswered question counts as wrong); None for the other types."""
    if question.type not in STRUCTURED_TYPES:
        return None
    key = QuestionSpec.from_model(question)
    correct: Counter[int] = Counter()
    labels = {part: label for part, label, _ in grading.parts_correct(key, None)}
    for row in rows:
        for part, _label, right in grading.parts_correct(key, row.answer()):
            correct[part] += right
    return [
        {
            "id": part,
            "text": label,
            "correct": correct[part],
            "share": _r(correct[part] / n) if n else None,
        }
        for part, label in labels.items()
    ]


def compute(
    exam: Exam,
    questions: Sequence[Question],
    attempts: Sequence[AttemptRow],
    responses: dict[int, dict[int, ResponseRow]],
    population: str = "all",
) -> dict[str, Any]:
    n = len(attempts)
    # credit[i][a]: question i, attempt a (0 when unanswered or ungraded)
    credits = [
        [float(responses[a.id].get(q.id, ResponseRow(q.id, 0.0)).credit or 0.0) for a in attempts]
        for q in questions
    ]
    item_scores = [[c * q.points for c in row] for q, row in zip(questions, credits, strict=True)]
    totals = (
        [math.fsum(column) for column in zip(*item_scores, strict=True)] if questions else [0.0] * n
    )

    # A random slot's question counts only in the attempts that drew it (bank/draw.py).
    drawn_only = {q.id for q in questions if getattr(q, "slot_id", None) is not None}

    items = []
    for q, full_row, full_scores in zip(questions, credits, item_scores, strict=True):
        took = [
            i for i, a in enumerate(attempts) if q.id not in drawn_only or q.id in a.question_ids
        ]
        row = [full_row[i] for i in took]
        scores = [full_scores[i] for i in took]
        item_totals = [totals[i] for i in took]
        m = len(took)
        rows = [responses[attempts[i].id][q.id] for i in took if q.id in responses[attempts[i].id]]
        alternatives, answers = _frequencies(q, rows, m)
        item: dict[str, Any] = {
            "question_id": q.id,
            "number": q.position + 1,
            "type": q.type,
            "text": q.text,
            "points": q.points,
            "n": m,
            "answered": sum(1 for r in rows if r.answered),
            "facility": None,
            "mean_score": None,
            "sd": None,
            "discrimination": None,
            "discrimination_27": None,
            "alternatives": alternatives,
            "answers": answers,
            "parts": _parts(q, rows, m),
            "flags": [],
        }
        if m < 2:
            item["flags"].append(Flag.INSUFFICIENT_DATA)
        else:
            facility = statistics.fmean(row)
            rest = [total - score for total, score in zip(item_totals, scores, strict=True)]
            # Top and bottom 27 % by total score (ties: lower attempt id ranks first).
            item_k = max(1, math.floor(TOP_FRACTION * m + 0.5))
            item_ranking = sorted(range(m), key=lambda i: (-item_totals[i], attempts[took[i]].id))
            top, bottom = item_ranking[:item_k], item_ranking[m - item_k :]
            discrimination = _correlation(scores, rest)
            item.update(
                facility=_r(facility),
                mean_score=_r(statistics.fmean(scores)),
                sd=_r(_sample_sd(row)),
                discrimination=_r(discrimination),
                discrimination_27=_r(
                    statistics.fmean(row[i] for i in top) - statistics.fmean(row[i] for i in bottom)
                ),
            )
            # Flags read the rounded figures: float noise must not turn r = 0 into "negative".
            if item["facility"] > TOO_EASY:
                item["flags"].append(Flag.TOO_EASY)
            if item["facility"] < TOO_HARD:
                item["flags"].append(Flag.TOO_HARD)
            if item["discrimination"] is not None and item["discrimination"] < 0:
                item["flags"].append(Flag.NEGATIVE_DISCRIMINATION)
        items.append(item)

    alpha = None
    # Alpha needs every item in every attempt: not so with random slots.
    if len(questions) >= 2 and n >= 2 and not drawn_only:
        total_variance = statistics.variance(totals)
        if total_variance > 0:
            item_variance = math.fsum(statistics.variance(scores) for scores in item_scores)
            kq = len(questions)
            alpha = kq / (kq - 1) * (1 - item_variance / total_variance)
    dichotomous = all(c in (0.0, 1.0) for row in credits for c in row)
    scores = [a.score for a in attempts if a.score is not None]
    percentages = [a.percentage for a in attempts if a.percentage is not None]
    return {
        "exam_id": exam.id,
        "population": population,
        "n": n,
        "question_count": len(questions),
        "max_score": _r(
            exam.total_points if drawn_only else math.fsum(q.points for q in questions)
        ),
        "score": _summary(scores),
        "percent": _summary(percentages),
        "alpha": _r(alpha),
        "kr20": _r(alpha) if dichotomous else None,
        "dichotomous": dichotomous,
        "histogram": _histogram(percentages),
        "questions": items,
    }
