"""Attempts endpoints: thin — parse, call the service, serialize."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from ..auth.security import AUTHORS, auth, current_caller, current_user
from ..pagination import PageQuery
from . import history, service
from .schemas import (
    AnswerIn,
    AttemptOut,
    ExamResultPageOut,
    MyAttemptPageOut,
    SaveOut,
    SubmitIn,
)

bp = APIBlueprint("attempts", __name__, url_prefix="/api", tag="Attempts")

# 201 is documented by @bp.output; a resume answers 200 with the same shape.
START_RESPONSES: Any = {
    200: {
        "description": "The attempt in progress, resumed",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AttemptOut"}}},
    },
    401: "Unauthorized",
    404: "Not Found",
    409: "Conflict",
}


@bp.post("/exams/<int:exam_id>/attempts")
@bp.auth_required(auth)
@bp.output(AttemptOut, status_code=201, description="A new attempt was started")
@bp.doc(
    summary="Start an attempt, or resume the one in progress",
    description="201 with a new attempt; 200 with the attempt already in progress (resumed). "
    "The order of questions and alternatives is fixed at start. 404 for drafts, archived or "
    "unknown exams, and for a course's exam to anyone neither enrolled nor teaching it; 409 "
    "when the exam is not open or all attempts are used.",
    responses=START_RESPONSES,
)
def start_attempt(exam_id: int) -> tuple[dict[str, Any], int]:
    view, created = service.start_view(exam_id, current_caller())
    return view, 201 if created else 200


@bp.get("/attempts/<int:attempt_id>")
@bp.auth_required(auth)
@bp.output(AttemptOut)
@bp.doc(
    summary="An attempt as its student sees it",
    description="Questions in the attempt's order with the saved answers; never the key while "
    "open. Once finalized, the result (review as the exam's review policy allows; the exam's "
    "author and admins always see it). Visible to the student, the exam's author (a course's "
    "exam: its teachers) and admins (read-only); 404 for everyone else. A student taken off "
    "the course's roster still sees and may finish their attempt. An overdue attempt is "
    "finalized on access.",
    responses=[404],
)
def get_attempt(attempt_id: int) -> dict[str, Any]:
    user = current_user()
    return service.attempt_view(service.get_attempt(attempt_id, user), user)


@bp.put("/attempts/<int:attempt_id>/responses/<int:question_id>")
@bp.auth_required(auth)
@bp.input(AnswerIn, arg_name="body")
@bp.output(SaveOut)
@bp.doc(
    summary="Autosave one answer (idempotent)",
    description="Upsert ordered by the client's `seq`: an older save never overwrites a newer "
    "one (the stored answer is returned with `stale: true`); the same seq again is a no-op. "
    "Empty values clear the answer. 409 once the attempt is finished — a save after deadline + "
    "grace finalizes the attempt (state `expired`) with the answers saved in time. 403 for the "
    "exam's author and admins (read-only), 404 for others' attempts and for questions not in "
    "the attempt.",
    responses=[403, 404, 409, 422],
)
def save_response(attempt_id: int, question_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return service.save_response(attempt_id, question_id, current_caller(), body)


@bp.post("/attempts/<int:attempt_id>/submit")
@bp.auth_required(auth)
@bp.input(SubmitIn, arg_name="body")
@bp.output(AttemptOut)
@bp.doc(
    summary="Submit: save the last answers, grade, return the result (idempotent)",
    description="Submitting a finished attempt returns the same result again (answers sent "
    "with it are ignored). After deadline + grace the answers sent with the submit are too "
    "late: the attempt is finalized with the answers saved in time (state `expired`), and the "
    "result returned with 200.",
    responses=[403, 404, 422],
)
def submit_attempt(attempt_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return service.submit_view(attempt_id, current_caller(), body["responses"])


@bp.get("/me/attempts")
@bp.auth_required(auth)
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(MyAttemptPageOut)
@bp.doc(summary="My attempts, newest first")
def my_attempts(query: dict[str, Any]) -> Any:
    return history.my_attempts(current_user(), query["page"], query["per_page"])


@bp.get("/exams/<int:exam_id>/results")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(ExamResultPageOut)
@bp.doc(
    summary="Every attempt at an exam, with summary figures (the exam's author, admins)",
    description="Newest first. The summary covers all finalized attempts, in percent. "
    "403 for students, 404 for other authors' exams.",
    responses=[403, 404],
)
def exam_results(exam_id: int, query: dict[str, Any]) -> dict[str, Any]:
    return history.exam_results(exam_id, current_user(), query["page"], query["per_page"])
