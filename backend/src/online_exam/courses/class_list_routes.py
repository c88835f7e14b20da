"""Class lists and set-password links of a course: thin — parse, call the service, serialize.

Teachers of the course (and admins) only: to anyone else the course does not exist (404).
Mail goes out after the commit (mail.py), so a mail server's trouble never undoes an enrolment.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from apiflask import APIBlueprint
from flask import Response

from ..auth.password_links import link_out, setup_mail
from ..auth.security import AUTHORS, auth, current_user
from ..banks.results_export import BOM, safe_cell
from ..docs import file_responses
from ..mail import public_base_url, send_after_commit
from . import enrolment
from .class_list_schemas import ClassListFileIn, ClassListQuery, ClassListReportOut, SetupLinkOut

bp = APIBlueprint("class_list", __name__, url_prefix="/api/courses", tag="Courses")


@bp.post("/<int:course_id>/class-list")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(ClassListQuery, location="query", arg_name="query")
@bp.input(ClassListFileIn, location="files", arg_name="body")
@bp.output(ClassListReportOut)
@bp.doc(
    summary="Enrol a class list (CSV): preview, apply, or apply the valid rows",
    description="Rows are matched to accounts by e-mail (case-insensitive): existing accounts "
    "are enrolled as they are (never renamed); new addresses become student accounts without "
    "a password, each with a set-password link, mailed after the commit when SMTP is "
    "configured. All or nothing: any error enrols nobody — 422 with this report in `details` "
    "— unless `partial=true`. `dry_run=true` saves nothing and answers 200 with every error "
    "(the preview). Uploading the same list again changes nothing. An archived course is "
    "read-only: 409 (a dry run still answers).",
    responses=[401, 403, 404, 409, 413, 422],
)
def upload_class_list(course_id: int, query: dict[str, Any], body: dict[str, Any]) -> Any:
    outcome = enrolment.upload_class_list(
        course_id,
        current_user(),
        body["file"].read(),
        dry_run=query["dry_run"],
        partial=query["partial_"],
    )
    base_url = public_base_url()
    mails = [setup_mail(link, base_url, outcome.course.name) for link in outcome.new_links]
    queued = send_after_commit(mails)
    return {**outcome.report, "emails_queued": len(mails) if queued else 0}


@bp.get("/<int:course_id>/setup-links.csv")
@bp.auth_required(auth, roles=AUTHORS)
@bp.doc(
    summary="Download fresh set-password links of the students who have no password yet",
    description="CSV (UTF-8 with BOM): email,name,link,expires_at. Every download issues new "
    "links and ends the older unused ones, so only the latest list works. Cells that a "
    "spreadsheet would run as a formula are prefixed with an apostrophe. An archived course: "
    "409.",
    responses={**file_responses("text/csv"), 409: "Conflict"},
)
def setup_links_csv(course_id: int) -> Response:
    course, links = enrolment.setup_links(course_id, current_user())
    base_url = public_base_url()
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["email", "name", "link", "expires_at"])
    for link in links:
        writer.writerow(
            [
                safe_cell(link.holder.email),
                safe_cell(link.holder.display_name),
                link.url(base_url),
                link.expires_at.isoformat(timespec="seconds"),
            ]
        )
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="course-{course.id}-setup-links.csv"'
    )
    response.headers["Cache-Control"] = "no-store"  # the links are credentials
    return response


@bp.post("/<int:course_id>/students/<int:user_id>/setup-link")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(SetupLinkOut)
@bp.doc(
    summary="A fresh set-password link for one student who has no password yet",
    description="Ends the student's older unused links; mailed after the commit when SMTP is "
    "configured. 404 when the student is not on this course; 409 when they already have a "
    "password, are deactivated or sign in through the identity provider, or the course is "
    "archived.",
    responses=[401, 403, 404, 409],
)
def student_setup_link(course_id: int, user_id: int) -> dict[str, Any]:
    course, link = enrolment.student_setup_link(course_id, user_id, current_user())
    base_url = public_base_url()
    emailed = send_after_commit([setup_mail(link, base_url, course.name)])
    return {**link_out(link, base_url), "emailed": emailed}
