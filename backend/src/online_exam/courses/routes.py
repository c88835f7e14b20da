"""Courses endpoints: thin — parse, call the service, serialize.

Teacher-side paths (authors and admins) answer 404 for a course the caller does not teach.
Class lists and set-password links live in class_list_routes.py, accommodations in theirs.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, EmptySchema

from ..auth.security import AUTHORS, auth, current_user
from ..ratelimit import limit_course_join
from . import service
from .schemas import (
    CourseDetailOut,
    CourseIn,
    CoursePageOut,
    CoursePatchIn,
    CourseQuery,
    EmailIn,
    JoinCodeOut,
    JoinedOut,
    JoinIn,
    MyCoursesOut,
    RosterEntryOut,
    RosterPageOut,
    RosterQuery,
    TeacherOut,
)

bp = APIBlueprint("courses", __name__, url_prefix="/api", tag="Courses")

READ = [401, 403, 404]
WRITE = [400, 401, 403, 404, 409, 422]
ARCHIVED = "An archived course is read-only (409) until it is un-archived."


# --- courses -------------------------------------------------------------------------------


@bp.get("/courses")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(CourseQuery, location="query", arg_name="query")
@bp.output(CoursePageOut)
@bp.doc(summary="The courses I teach (admins: all), newest first", responses=[401, 403, 422])
def list_courses(query: dict[str, Any]) -> Any:
    return service.list_courses(
        current_user(), query["page"], query["per_page"], query["q"], query["archived"]
    )


@bp.post("/courses")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(CourseIn, arg_name="body")
@bp.output(CourseDetailOut, status_code=201)
@bp.doc(summary="Create a course (I am its owner)", responses=[400, 401, 403, 422])
def create_course(body: dict[str, Any]) -> dict[str, Any]:
    user = current_user()
    return service.course_detail(service.create_course(user, body).id, user)


@bp.get("/courses/<int:course_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(CourseDetailOut)
@bp.doc(summary="A course with its teachers, join code and exams", responses=READ)
def get_course(course_id: int) -> dict[str, Any]:
    return service.course_detail(course_id, current_user())


@bp.patch("/courses/<int:course_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(CoursePatchIn, arg_name="body")
@bp.output(CourseDetailOut)
@bp.doc(
    summary="Change a course's name, code or term, or (un)archive it",
    description="Archiving ends the course for its students (its exams leave their home and "
    "are 404 to them; their own attempts stay theirs); teachers keep the exams and their "
    "results. " + ARCHIVED,
    responses=WRITE,
)
def update_course(course_id: int, body: dict[str, Any]) -> dict[str, Any]:
    user = current_user()
    return service.course_detail(service.update_course(course_id, user, body).id, user)


@bp.delete("/courses/<int:course_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(
    summary="Delete a course without exams (else 409: archive it)",
    description="Its teachers and roster go with it; the accounts stay. " + ARCHIVED,
    responses=[*READ, 409],
)
def delete_course(course_id: int) -> tuple[str, int]:
    service.delete_course(course_id, current_user())
    return "", 204


# --- teachers ------------------------------------------------------------------------------


@bp.post("/courses/<int:course_id>/teachers")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(EmailIn, arg_name="body")
@bp.output(TeacherOut(many=True), status_code=201)
@bp.doc(
    summary="Add a co-teacher by e-mail; returns every teacher",
    description="The account must exist and be an active author or admin (else 422 with "
    "`details.email`); one who already teaches it: 409. " + ARCHIVED,
    responses=WRITE,
)
def add_teacher(course_id: int, body: dict[str, Any]) -> list[dict[str, Any]]:
    return service.add_teacher(course_id, current_user(), body["email"])


@bp.delete("/courses/<int:course_id>/teachers/<int:user_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(
    summary="Remove a co-teacher (the owner cannot be removed: 409)",
    description=ARCHIVED,
    responses=[*READ, 409],
)
def remove_teacher(course_id: int, user_id: int) -> tuple[str, int]:
    service.remove_teacher(course_id, current_user(), user_id)
    return "", 204


# --- the roster ----------------------------------------------------------------------------


@bp.get("/courses/<int:course_id>/students")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(RosterQuery, location="query", arg_name="query")
@bp.output(RosterPageOut)
@bp.doc(
    summary="The course's students by name (search: e-mail, name, external id)",
    responses=[*READ, 422],
)
def roster(course_id: int, query: dict[str, Any]) -> Any:
    return service.roster(course_id, current_user(), query["page"], query["per_page"], query["q"])


@bp.post("/courses/<int:course_id>/students")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(EmailIn, arg_name="body")
@bp.output(RosterEntryOut, status_code=201)
@bp.doc(
    summary="Enrol one existing account by e-mail",
    description="Unknown e-mail: 422 with `details.email` (new accounts come with a class "
    "list); already enrolled or a teacher of the course: 409. " + ARCHIVED,
    responses=WRITE,
)
def add_student(course_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return service.add_student(course_id, current_user(), body["email"])


@bp.delete("/courses/<int:course_id>/students/<int:user_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(
    summary="Take a student off the roster",
    description="They can start no more attempts at the course's exams; their attempts stay "
    "in the results, and an attempt already in progress may still be finished. " + ARCHIVED,
    responses=[*READ, 409],
)
def remove_student(course_id: int, user_id: int) -> tuple[str, int]:
    service.remove_student(course_id, current_user(), user_id)
    return "", 204


# --- join codes ----------------------------------------------------------------------------


@bp.post("/courses/<int:course_id>/join-code")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(JoinCodeOut)
@bp.doc(
    summary="Create or rotate the join code (the old one stops working)",
    description="8 characters without look-alikes (no 0/O, 1/I/L). " + ARCHIVED,
    responses=[*READ, 409],
)
def rotate_join_code(course_id: int) -> dict[str, Any]:
    return {"join_code": service.rotate_join_code(course_id, current_user())}


@bp.delete("/courses/<int:course_id>/join-code")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Turn joining by code off", description=ARCHIVED, responses=[*READ, 409])
def turn_off_join_code(course_id: int) -> tuple[str, int]:
    service.turn_off_join_code(course_id, current_user())
    return "", 204


@bp.post("/courses/join")
@bp.auth_required(auth)
@bp.input(JoinIn, arg_name="body")
@bp.output(JoinedOut)
@bp.doc(
    summary="Join a course with its code (any signed-in account)",
    description="Already enrolled: 200 as well. Unknown, changed or turned-off codes (and "
    "archived courses): 404; the course's own teachers: 409. Rate-limited per account and "
    "address like sign-in (429 with Retry-After).",
    responses=[400, 401, 404, 409, 422, 429, 503],
)
def join(body: dict[str, Any]) -> dict[str, Any]:
    user = current_user()
    limit_course_join(user.id)
    course = service.join(user, body["code"])
    return {"course_id": course.id, "name": course.name}


# --- a student's home ----------------------------------------------------------------------


@bp.get("/me/courses")
@bp.auth_required(auth)
@bp.output(MyCoursesOut)
@bp.doc(
    summary="My courses with their exams and my own windows and deadlines",
    description="Courses I am enrolled in that are not archived, each with its published "
    "exams: my window, time limit and attempts (accommodations applied), attempts used, "
    "whether it is upcoming, open or closed for me, and my deadline.",
    responses=[401],
)
def my_courses() -> dict[str, Any]:
    return service.my_courses(current_user())
