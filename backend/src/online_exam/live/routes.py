"""Accommodations, the live view and the teachers' actions on attempts: thin — parse, call
the service, serialize. Every path answers 404 to anyone who does not teach the course (or
may not see the exam's results), never a hint that it exists."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, EmptySchema
from flask import Response, request

from ..attempts import service as attempts
from ..attempts.schemas import AttemptOut
from ..auth.security import Caller, auth, current_caller, current_user
from . import service
from .schemas import (
    AccommodationIn,
    AccommodationListOut,
    AccommodationOut,
    DeadlineOut,
    ExtendIn,
    LiveOut,
)

bp = APIBlueprint("live", __name__, url_prefix="/api", tag="Accommodations and live view")

READ = [401, 404]
WRITE = [400, 401, 404, 422]
PUT_DESCRIPTION = (
    "Creates or replaces the student's accommodation in this scope. Extra time: the percentage "
    "of the time limit first, then the minutes. A per-exam accommodation overrides the "
    "course-wide one field by field where set (extra_attempts: where above 0). 422 when "
    "nothing is granted, a value is out of range, the window closes before it opens, or the "
    "student is not on the course's roster (a public exam: not an active student account)."
)


# --- accommodations ------------------------------------------------------------------------


@bp.get("/courses/<int:course_id>/accommodations")
@bp.auth_required(auth)
@bp.output(AccommodationListOut)
@bp.doc(summary="A course's course-wide accommodations", responses=READ)
def course_accommodations(course_id: int) -> dict[str, Any]:
    return {"items": service.course_accommodations(course_id, current_user())}


@bp.put("/courses/<int:course_id>/accommodations/<int:user_id>")
@bp.auth_required(auth)
@bp.input(AccommodationIn, arg_name="body")
@bp.output(AccommodationOut)
@bp.doc(
    summary="Set a student's accommodation for every exam of a course",
    description=PUT_DESCRIPTION,
    responses=WRITE,
)
def set_course_accommodation(course_id: int, user_id: int, body: dict[str, Any]) -> Any:
    return service.set_course_accommodation(course_id, user_id, current_user(), body)


@bp.delete("/courses/<int:course_id>/accommodations/<int:user_id>")
@bp.auth_required(auth)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Remove a student's course-wide accommodation", responses=READ)
def delete_course_accommodation(course_id: int, user_id: int) -> tuple[str, int]:
    service.delete_course_accommodation(course_id, user_id, current_user())
    return "", 204


@bp.get("/exams/<int:exam_id>/accommodations")
@bp.auth_required(auth)
@bp.output(AccommodationListOut)
@bp.doc(summary="An exam's own accommodations (not the course-wide ones)", responses=READ)
def exam_accommodations(exam_id: int) -> dict[str, Any]:
    return {"items": service.exam_accommodations(exam_id, current_user())}


@bp.put("/exams/<int:exam_id>/accommodations/<int:user_id>")
@bp.auth_required(auth)
@bp.input(AccommodationIn, arg_name="body")
@bp.output(AccommodationOut)
@bp.doc(
    summary="Set a student's accommodation for one exam",
    description=PUT_DESCRIPTION,
    responses=WRITE,
)
def set_exam_accommodation(exam_id: int, user_id: int, body: dict[str, Any]) -> Any:
    return service.set_exam_accommodation(exam_id, user_id, current_user(), body)


@bp.delete("/exams/<int:exam_id>/accommodations/<int:user_id>")
@bp.auth_required(auth)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Remove a student's accommodation for one exam", responses=READ)
def delete_exam_accommodation(exam_id: int, user_id: int) -> tuple[str, int]:
    service.delete_exam_accommodation(exam_id, user_id, current_user())
    return "", 204


@bp.post("/exams/<int:exam_id>/students/<int:user_id>/extra-attempt")
@bp.auth_required(auth)
@bp.output(AccommodationOut)
@bp.doc(
    summary="Allow a student one more attempt at this exam",
    description="Raises the student's per-exam accommodation to one attempt more than they "
    "are allowed now. 409 when the exam allows unlimited attempts; 422 as for PUT.",
    responses=[401, 404, 409, 422],
)
def extra_attempt(exam_id: int, user_id: int) -> Any:
    return service.grant_extra_attempt(exam_id, user_id, current_user())


# --- the live view and the actions on attempts ---------------------------------------------


@bp.get("/exams/<int:exam_id>/live")
@bp.auth_required(auth)
@bp.output(LiveOut)
@bp.doc(
    summary="The live view of an exam: every student's state and progress",
    description="A course's exam lists its roster (and anyone else with an attempt), a public "
    "exam everyone with an attempt. Poll it with If-None-Match: 304 (no body) while nothing "
    "changed. A 304 carries no server_now: keep the clock offset of the last 200.",
    responses={304: "Not Modified", 401: "Unauthorized", 404: "Not Found"},
)
def live(exam_id: int) -> Any:
    # A poll (If-None-Match): the tag with the account and access checks in one statement
    # (a hot endpoint, auth/security.py), so an unchanged view costs that statement only.
    caller = current_caller()
    etag, exam = None, None
    if request.if_none_match and isinstance(caller, Caller):
        etag = service.checked_live_etag(exam_id, caller.id)
    if etag is None:  # the full path: the account (401), the exam and access (404)
        exam = service.live_exam(exam_id, current_user())
        etag = service.live_etag(exam)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    # Weak comparison, as RFC 9110 prescribes for If-None-Match: nginx gzips the body and
    # turns the tag into W/"…", which the browser then sends back.
    if request.if_none_match.contains_weak(etag.strip('"')):
        return Response(status=304, headers=headers)
    if exam is None:  # the tag changed since the poll's: now the view, in full
        exam = service.live_exam(exam_id, current_user())
    return service.live_view(exam), 200, headers


@bp.post("/attempts/<int:attempt_id>/extend")
@bp.auth_required(auth)
@bp.input(ExtendIn, arg_name="body")
@bp.output(DeadlineOut)
@bp.doc(
    summary="Give a running attempt more time",
    description="The deadline moves `minutes` later (from now, if it has passed within the "
    "grace period). 409 for an untimed or finished attempt (an overdue one is finalized).",
    responses=[400, 401, 404, 409, 422],
)
def extend_attempt(attempt_id: int, body: dict[str, Any]) -> dict[str, Any]:
    attempt = attempts.extend(attempt_id, current_user(), body["minutes"])
    return {"attempt_id": attempt.id, **attempts.timing(attempt)}


@bp.post("/attempts/<int:attempt_id>/close")
@bp.auth_required(auth)
@bp.output(AttemptOut)
@bp.doc(
    summary="Close a running attempt now, graded as it stands",
    description="Finalized exactly as at its deadline (state `expired`, submitted_at = now). "
    "409 once finished.",
    responses=[401, 404, 409],
)
def close_attempt(attempt_id: int) -> dict[str, Any]:
    user = current_user()
    return attempts.attempt_view(attempts.close(attempt_id, user), user)
