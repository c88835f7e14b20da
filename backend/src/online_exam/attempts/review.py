"""From stored rows to grading inputs, and what a viewer may see of a finalized attempt.

grading.py holds the rules (pure) and reads questions as QuestionSpec values (the snapshot's);
this module adapts stored responses to its answers and decides, per exam.review_policy,
whether the per-question review is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from .. import grading
from ..auth.models import User
from ..courses import accommodations
from ..domain import CHOICE_TYPES, AttemptState, ExamStatus, GapKind, QuestionType, ReviewPolicy
from ..exams import structured
from ..exams.access import may_see_results
from ..exams.models import Exam
from ..exams.public import public_question_dumped
from ..exams.spec import QuestionSpec
from ..extensions import db
from ..fast_dump import Dumped, Plan, compile_schema
from .models import Attempt, Response


def answer_of(response: Response | None) -> grading.Answer | None:
    if response is None:
        return None
    return grading.Answer(
        selected_ids=tuple(response.selected_ids or ()),
        text=response.text,
        number=response.number,
        pairs=tuple((p["item_id"], p["answer_id"]) for p in response.pairs or ()),
        ordered_ids=tuple(response.ordered_ids or ()),
        gaps=tuple((g["gap"], g.get("selected_id"), g.get("text")) for g in response.gaps or ()),
    )


def review_visibility(exam: Exam, viewer: User, now: datetime) -> tuple[bool, datetime | None]:
    """(may the viewer see the per-question review now?, when it becomes visible if later).

    Students see their score always; right/wrong, the key and feedback only as the policy says:
    "immediately"; "after_close" once the exam has closed for everyone (`closed_for_all_at`)
    — an exam without closes_at counts as closed once archived, never before (the author
    closes it by setting closes_at or archiving); "never". The exam's author and admins always
    see everything.
    """
    if may_see_results(exam, viewer):
        return True, None
    if exam.review_policy == ReviewPolicy.IMMEDIATELY:
        return True, None
    if exam.review_policy == ReviewPolicy.AFTER_CLOSE:
        if exam.closes_at is not None:
            closed = closed_for_all_at(exam)
            return (True, None) if now >= closed else (False, closed)
        return exam.status == ExamStatus.ARCHIVED, None
    return False, None


def closed_for_all_at(exam: Exam) -> datetime:
    """When the last student may no longer answer: the exam's closes_at, moved later by a
    student's own window (accommodation) or an attempt a teacher extended past it. The key
    must not reach anyone while someone may still be answering. Two indexed reads."""
    assert exam.closes_at is not None
    moments = [accommodations.latest_close(exam) or exam.closes_at]
    extended = db.session.scalar(
        select(func.max(Attempt.deadline)).where(
            Attempt.exam_id == exam.id, Attempt.state == AttemptState.IN_PROGRESS
        )
    )
    if extended is not None:
        moments.append(extended)
    return max(moments)


def correct_answer(question: QuestionSpec) -> dict[str, Any]:
    positive = [a for a in question.alternatives if a.credit > 0]
    return {
        **structured_key(question),
        "alternative_ids": [a.id for a in positive] if question.type in CHOICE_TYPES else [],
        "accepted_answers": [a.text for a in positive]
        if question.type == QuestionType.SHORT_ANSWER
        else [],
        "numeric_answer": question.numeric_answer
        if question.type == QuestionType.NUMERIC
        else None,
        "numeric_tolerance": question.numeric_tolerance
        if question.type == QuestionType.NUMERIC
        else None,
    }


def structured_key(question: QuestionSpec) -> dict[str, Any]:
    """The key of matching (each item with its answer's id), ordering (the items in the
    right order) and cloze (per gap: the full-credit choices, or the accepted texts) questions;
    empty lists for the other types."""
    key: dict[str, Any] = {"pairs": [], "ordered_ids": [], "gaps": []}
    if question.type == QuestionType.MATCHING:
        answer_of_text = {
            grading.normalize(a.match, False): a.id
            for a in reversed(structured.matching_answers(question.alternatives))
        }
        key["pairs"] = [
            {"item_id": a.id, "answer_id": answer_of_text[grading.normalize(a.match, False)]}
            for a in structured.matching_items(question.alternatives)
            if grading.normalize(a.match, False) in answer_of_text
        ]
    elif question.type == QuestionType.ORDERING:
        key["ordered_ids"] = [a.id for a in question.alternatives]
    elif question.type == QuestionType.CLOZE:
        for n, gap in enumerate(question.gaps, start=1):
            best = [a for a in question.gap_alternatives(n) if a.credit >= 1 - 1e-9]
            choice = gap.kind == GapKind.CHOICE
            key["gaps"].append(
                {
                    "gap": n,
                    "alternative_ids": [a.id for a in best] if choice else [],
                    "accepted_answers": [] if choice else [a.text for a in best],
                }
            )
    return key


def review_item(
    question: QuestionSpec,
    alternative_ids: Sequence[int] | None,
    response: Response | None,
    graders: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """One question of the review: as shown, your answer, credit, the key, the feedback, and
    the grader's name and comment when a person graded it (`graders`: user id -> name).

    Returned in ReviewItemOut's dumped form: the question as shown (cached per worker,
    exams/public.py), then the rest in the schema's field order, built here as dumped values
    (what the question alone decides is cached per question, _Keyed); the test suite's
    fast_dump VERIFY checks the whole against marshmallow's dump."""
    keyed = _keyed(question)
    shown = public_question_dumped(question, alternative_ids)
    if response is None:
        return Dumped({**shown, **keyed.unanswered})
    graded_by = response.graded_by_id
    stored = response.credit
    # The credit recorded at grading time is the truth; None: waiting for a person (0 until).
    credit = 0.0 if stored is None else float(stored)
    feedback: list[dict[str, Any]] = []
    if keyed.feedback:  # only then the answer's matching alternatives matter
        matching = set(grading.matching_alternative_ids(question, answer_of(response)))
        feedback = [item for alternative_id, item in keyed.feedback if alternative_id in matching]
    return Dumped(
        {
            **shown,
            "answer": answer_dumped(response),
            "credit": credit,
            "score": float(round(credit * question.points, 2)),
            "is_correct": grading.is_full(stored),
            "awaiting_grading": stored is None,
            "manually_graded": graded_by is not None,
            "graded_by_name": None if graded_by is None else (graders or {}).get(graded_by),
            "grader_comment": response.grader_comment or "",
            "correct": keyed.correct,
            "general_feedback": keyed.general_feedback,
            "feedback": feedback,
        }
    )


# The nested answer parts as AnswerOut dumps them: (key, int or None for a string).
_PAIR = (("item_id", int), ("answer_id", int))
_GAP = (("gap", int), ("selected_id", int), ("text", None))


def _nested(item: Any, fields: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """marshmallow's dump of a dict: a missing key is left out, None stays None."""
    out = {}
    for key, number in fields:
        if key in item:
            value = item[key]
            if value is None or (number is None and type(value) is str):
                out[key] = value
            else:
                out[key] = number(value) if number is not None else str(value)
    return out


def answer_dumped(response: Any) -> Dumped:
    """AnswerOut's dumped form of a stored response (a Response or a row with its columns):
    the review's "answer", built directly; the test suite's fast_dump VERIFY checks it
    against marshmallow's dump."""
    number, pairs, ordered_ids, gaps = (
        response.number,
        response.pairs,
        response.ordered_ids,
        response.gaps,
    )
    text = response.text
    return Dumped(
        {
            "selected_ids": [int(i) for i in response.selected_ids or ()],
            "text": text if text is None or type(text) is str else str(text),
            "number": None if number is None else float(number),
            "pairs": None if pairs is None else [_nested(p, _PAIR) for p in pairs],
            "ordered_ids": None if ordered_ids is None else [int(i) for i in ordered_ids],
            "gaps": None if gaps is None else [_nested(g, _GAP) for g in gaps],
        }
    )


@dataclass(frozen=True, slots=True)
class _Keyed:
    """What the review shows of a question whatever the answer, dumped: the key, the general
    feedback, each alternative's feedback (in authored order, only those with some), and the
    whole rest of an unanswered question's item."""

    correct: Dumped
    general_feedback: str
    feedback: tuple[tuple[int, dict[str, Any]], ...]
    unanswered: dict[str, Any]


_plans: dict[str, Plan] = {}
# Per question (a frozen QuestionSpec), by identity: the entry keeps the spec alive, so the
# id is not reused while cached.
_KEYED: dict[int, tuple[QuestionSpec, _Keyed]] = {}


def _correct_plan() -> Plan:
    plan = _plans.get("correct")
    if plan is None:
        from .schemas import CorrectAnswerOut

        plan = _plans["correct"] = compile_schema(CorrectAnswerOut())
    return plan


def _keyed(question: QuestionSpec) -> _Keyed:
    hit = _KEYED.get(id(question))
    if hit is not None and hit[0] is question:
        return hit[1]
    general_feedback = question.general_feedback
    correct = Dumped(_correct_plan()(correct_answer(question)))
    keyed = _Keyed(
        correct,
        general_feedback,
        tuple(
            (a.id, {"alternative_id": a.id, "text": a.text, "feedback": a.feedback})
            for a in question.alternatives
            if a.feedback
        ),
        {
            "answer": None,
            "credit": 0.0,
            "score": 0.0,
            "is_correct": False,
            "awaiting_grading": False,
            "manually_graded": False,
            "graded_by_name": None,
            "grader_comment": "",
            "correct": correct,
            "general_feedback": general_feedback,
            "feedback": [],
        },
    )
    if len(_KEYED) >= 20_000:
        _KEYED.clear()
    _KEYED[id(question)] = (question, keyed)
    return keyed


def review(
    attempt: Attempt, questions: Mapping[int, QuestionSpec], responses: dict[int, Response]
) -> list[dict[str, Any]]:
    graders = grader_names(responses.values())
    return [
        review_item(
            questions[qid], attempt.alternative_order.get(str(qid)), responses.get(qid), graders
        )
        for qid in attempt.question_order
        if qid in questions
    ]


def grader_names(responses: Iterable[Response]) -> dict[int, str]:
    """Names of the people who graded these answers: one query, none when nobody did."""
    ids = {r.graded_by_id for r in responses if r.graded_by_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {row.id: row.display_name for row in rows}
