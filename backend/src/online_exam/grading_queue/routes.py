"""Grading queue endpoints: thin — parse, call the service, serialize. Authors and admins
only (403 for students); 404 for an exam or attempt whose results the caller may not see."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from ..auth.security import AUTHORS, auth, current_user
from . import service
from .schemas import (
    GradeIn,
    GradingAnswerOut,
    GradingAnswerPageOut,
    GradingAnswersQuery,
    GradingOverviewOut,
)

bp = APIBlueprint("grading_queue", __name__, url_prefix="/api", tag="Grading")


@bp.get("/exams/<int:exam_id>/grading")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(GradingOverviewOut)
@bp.doc(
    summary="What needs grading in an exam",
    description="Per question: answers of finished attempts, how many wait for a person "
    "(essays), how many a person graded; per finished attempt: answers waiting and score.",
    responses=[401, 403, 404],
)
def grading_overview(exam_id: int) -> dict[str, Any]:
    return service.overview(exam_id, current_user())


@bp.get("/exams/<int:exam_id>/grading/answers")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(GradingAnswersQuery, location="query", arg_name="query")
@bp.output(GradingAnswerPageOut)
@bp.doc(
    summary="Answers to grade",
    description="Answers of finished attempts with the student's name, the answer, current "
    "points and comment; filtered by question, attempt and state.",
    responses=[401, 403, 404, 422],
)
def grading_answers(exam_id: int, query: dict[str, Any]) -> Any:
    return service.answers(exam_id, current_user(), **query)


@bp.put("/attempts/<int:attempt_id>/grades/<int:question_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(GradeIn, arg_name="body")
@bp.output(GradingAnswerOut)
@bp.doc(
    summary="Grade an answer, or override its automatic grade",
    description="Sets the points (0 .. the question's points) and a comment, recomputes the "
    "attempt's score (it appears once no answer waits) and records `grade.changed` in the "
    "audit trail. 409 while the attempt is in progress or when the question was not answered.",
    responses=[400, 401, 403, 404, 409, 422],
)
def set_grade(attempt_id: int, question_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return service.set_grade(
        attempt_id, question_id, current_user(), body["points"], body["comment"]
    )
