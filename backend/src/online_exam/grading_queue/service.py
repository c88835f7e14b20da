"""The grading queue: what needs a person, the answers to grade, and setting a grade.

Who: those who may see the exam's results (exams/access.py); everyone else gets 404.
What: the answers of finished attempts. An essay's answer waits (credit NULL) until graded;
any other answer may be overridden. Each grade locks the attempt row (the same lock submit
and finalization take), rewrites the answer's credit, recomputes the attempt's score
(attempts.service.score_fields: null while any answer still waits) and is audited
(`grade.changed`). `hooks.regraded(attempt)` runs after every score change (here and at
finalization): the one place a grade passback (LTI) hooks in.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager

from ..attempts import review, snapshot
from ..attempts.answers import stored_answer
from ..attempts.models import Attempt, Response
from ..attempts.service import finalize_overdue, score_fields
from ..audit import service as audit
from ..auth.models import User
from ..database import lock
from ..db_types import utcnow
from ..domain import AttemptState, QuestionType
from ..errors import Conflict, NotFound, ValidationFailed
from ..exams.access import may_see_results, results_exam
from ..exams.models import Question
from ..exams.spec import QuestionSpec
from ..extensions import db
from ..grading import round2, word_count
from ..pagination import Page, paginate
from .hooks import regraded

STATES = ("ungraded", "graded", "all")
_FINISHED = Attempt.state != AttemptState.IN_PROGRESS


def overview(exam_id: int, viewer: User) -> dict[str, Any]:
    """Per question: answers, how many wait, how many a person graded; per finished attempt:
    the student, how many of its answers wait and its score. Three queries."""
    exam = results_exam(exam_id, viewer)
    finalize_overdue(exam_id=exam.id)  # time-ups not yet swept are finished too
    counts = {
        question_id: (answers, ungraded, graded)
        for question_id, answers, ungraded, graded in db.session.execute(
            select(
                Response.question_id,
                func.count(Response.id),
                func.sum(case((Response.credit.is_(None), 1), else_=0)),
                func.sum(case((Response.graded_by_id.is_not(None), 1), else_=0)),
            )
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.exam_id == exam.id, _FINISHED)
            .group_by(Response.question_id)
        )
    }
    questions = []
    for number, question in enumerate(exam.questions, start=1):
        answers, ungraded, graded = counts.get(question.id, (0, 0, 0))
        questions.append(
            {
                "question_id": question.id,
                "number": number,
                "type": question.type,
                "text": question.text,
                "points": question.points,
                "answers": int(answers or 0),
                "ungraded": int(ungraded or 0),
                "graded": int(graded or 0),
            }
        )
    attempts = [
        {
            "attempt_id": attempt.id,
            "user_id": attempt.user_id,
            "student_name": name,
            "number": attempt.number,
            "state": attempt.state,
            "awaiting_grading": attempt.awaiting_grading,
            "score": attempt.score,
            "max_score": attempt.max_score,
        }
        for attempt, name in db.session.execute(
            select(Attempt, User.display_name)
            .join(User, User.id == Attempt.user_id)
            .where(Attempt.exam_id == exam.id, _FINISHED)
            .order_by(func.lower(User.display_name), User.id, Attempt.number)
        )
    ]
    return {
        "exam_id": exam.id,
        "title": exam.title,
        "ungraded": sum(q["ungraded"] for q in questions),
        "questions": questions,
        "attempts": attempts,
    }


def answers(
    exam_id: int,
    viewer: User,
    *,
    question_id: int | None,
    attempt_id: int | None,
    state: str,
    page: int,
    per_page: int,
) -> Page[dict[str, Any]]:
    """The answers of finished attempts, question by question then student by student."""
    exam = results_exam(exam_id, viewer)
    query = (
        select(Response)
        .join(Response.attempt)
        .join(Attempt.user)
        .join(Question, Question.id == Response.question_id)
        .options(contains_eager(Response.attempt).contains_eager(Attempt.user))
        .where(Attempt.exam_id == exam.id, _FINISHED)
        .order_by(Question.position, func.lower(User.display_name), User.id, Attempt.number)
    )
    if question_id is not None:
        query = query.where(Response.question_id == question_id)
    if attempt_id is not None:
        query = query.where(Response.attempt_id == attempt_id)
    if state == "ungraded":
        query = query.where(Response.credit.is_(None))
    elif state == "graded":
        query = query.where(Response.graded_by_id.is_not(None))
    found = paginate(query, page, per_page)
    questions = snapshot.exam_questions(exam).by_id
    graders = review.grader_names(found.items)
    return Page(
        items=[_item(r, questions[r.question_id], graders) for r in found.items],
        page=found.page,
        per_page=found.per_page,
        total=found.total,
    )


def _item(response: Response, question: QuestionSpec, graders: dict[int, str]) -> dict[str, Any]:
    attempt = response.attempt
    credit = response.credit
    return {
        "attempt_id": attempt.id,
        "attempt_number": attempt.number,
        "user_id": attempt.user_id,
        "student_name": attempt.user.display_name,
        "question_id": question.id,
        "question_type": question.type,
        "question_text": question.text,
        "max_points": question.points,
        "word_limit": question.word_limit if question.type == QuestionType.ESSAY else None,
        "answer": stored_answer(response).document(),
        "word_count": word_count(response.text),
        "points": None if credit is None else round2(credit * question.points),
        "awaiting_grading": credit is None,
        "comment": response.grader_comment or "",
        "graded_by_name": graders.get(response.graded_by_id) if response.graded_by_id else None,
        "graded_at": response.graded_at,
    }


def set_grade(
    attempt_id: int, question_id: int, grader: User, points: float, comment: str
) -> dict[str, Any]:
    """Grade (or override) one answer of a finished attempt and recompute the attempt's score.
    404: no such attempt for this grader / question not in it; 409: the attempt is still in
    progress or the question was not answered; 422: points outside 0..the question's points."""
    visible = db.session.get(Attempt, attempt_id)
    if visible is None or not may_see_results(visible.exam, grader):
        raise NotFound("No such attempt.")
    # The attempt's lock, as submit and finalization take it: grades and a late finalization
    # (or two graders at once) are serialised, and the score is computed from settled rows.
    attempt: Attempt = lock(
        select(Attempt).where(Attempt.id == attempt_id).execution_options(populate_existing=True)
    )[0]
    if attempt.state == AttemptState.IN_PROGRESS:
        raise Conflict("This attempt is still in progress; grade it once it is finished.")
    questions = snapshot.exam_questions(attempt.exam).by_id
    question = questions.get(question_id)
    if question is None or question_id not in attempt.question_order:
        raise NotFound("This question is not part of the attempt.")
    if not (0 <= points <= question.points + 1e-9):
        message = f"Points must be between 0 and {question.points:g}."
        raise ValidationFailed(message, {"json": {"points": [message]}})
    responses = {
        r.question_id: r
        for r in db.session.scalars(
            select(Response)
            .where(Response.attempt_id == attempt.id)
            .execution_options(populate_existing=True)
        )
    }
    response = responses.get(question_id)
    if response is None:
        raise Conflict("The student did not answer this question; there is nothing to grade.")
    old = None if response.credit is None else round2(response.credit * question.points)
    response.credit = min(points / question.points, 1.0)
    response.graded_by_id = grader.id
    response.graded_at = utcnow()
    response.grader_comment = comment
    graded = [
        (responses[qid].credit if qid in responses else 0.0, questions[qid].points)
        for qid in attempt.question_order
        if qid in questions
    ]
    for name, value in score_fields(graded, attempt.exam.pass_mark_percent).items():
        setattr(attempt, name, value)
    db.session.flush()
    audit.record(
        grader,
        "grade.changed",
        attempt,
        exam_id=attempt.exam_id,
        user_id=attempt.user_id,
        question_id=question_id,
        old_points=old,
        new_points=round2(points),
        comment=comment,
    )
    regraded(attempt)
    return _item(response, question, {grader.id: grader.display_name})
