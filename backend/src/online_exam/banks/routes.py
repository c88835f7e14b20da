"""Question banks endpoints: import, export, results export, item statistics. Thin: parse,
call the service, serialize.

Import and question export follow the exams API's access rules (authors their own exams,
admins all; another author's draft is 404, their published exam 403). Results export and
statistics follow GET /exams/{id}/results (another author gets 404 in every status).
"""

from __future__ import annotations

import json
from typing import Any

from apiflask import APIBlueprint
from flask import Response, request
from werkzeug.exceptions import UnsupportedMediaType

from .. import i18n
from ..auth.security import AUTHORS, auth, current_user
from ..docs import file_responses
from ..exams.access import managed_exam
from ..exams.views import author_view
from . import importer, results_export
from . import statistics as item_statistics
from .gift import write_gift
from .moodle_xml import write_moodle_xml
from .portable import export_document
from .qti import export_package
from .qti_package import MAX_PACKAGE_BYTES
from .schemas import (
    ExportQuery,
    ImportedExamOut,
    ImportIn,
    ImportReportOut,
    PackageImportQuery,
    PackageQuery,
    PortableExamIn,
    ResultsExportQuery,
    StatisticsOut,
    StatisticsQuery,
)

bp = APIBlueprint("banks", __name__, url_prefix="/api", tag="Question banks")


# What browsers and clients call a zip upload.
PACKAGE_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream")
# The request body of the package imports (docs.py turns the marker into the requestBody).
PACKAGE_BODY = {"x-zip-body": True}


def _package_body() -> bytes:
    """The uploaded package: a raw zip body, up to MAX_PACKAGE_BYTES (these routes only; every
    other request keeps MAX_CONTENT_LENGTH). 413 above it, 415 for another content type."""
    if request.mimetype not in PACKAGE_TYPES:
        raise UnsupportedMediaType(
            f"Send the package as the request body with Content-Type application/zip "
            f"(not {request.mimetype or 'none'})."
        )
    request.max_content_length = MAX_PACKAGE_BYTES
    return request.get_data(cache=False)


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_download(document: Any, filename: str) -> Response:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _download(text + "\n", "application/json", filename)


@bp.post("/exams/<int:exam_id>/import")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(ImportIn, arg_name="body")
@bp.output(ImportReportOut)
@bp.doc(
    summary="Import questions from GIFT, Aiken, Moodle XML or this server's JSON",
    description="Appends the questions to the exam (the owner or an admin; not archived, no "
    "attempts: else 409). All or nothing: any error imports nothing — 422 with "
    '`details: {"errors": [{"line", "question", "message"}], "warnings", "skipped", '
    '"valid_questions"}` — unless `partial` is true (then the valid questions are imported and '
    "the errors reported, 200). `dry_run` saves nothing and always answers 200 with the parsed "
    "questions (QuestionIn shape + line, title, warnings) and every error: the editor's "
    "preview. Unsupported GIFT and Moodle XML questions (essay, matching, cloze, description…) "
    "are listed in `skipped`, never silently dropped. Moodle XML is parsed without DTDs or "
    "entities (refused) and questions with embedded files are errors naming the file.",
    responses=[400, 401, 403, 404, 409, 413, 422],
)
def import_questions(exam_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return importer.import_questions(
        exam_id,
        current_user(),
        body["format"],
        body["text"],
        dry_run=body["dry_run"],
        partial=body["partial_"],
    )


@bp.post("/exams/import")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(PortableExamIn, arg_name="body")
@bp.output(ImportedExamOut, status_code=201)
@bp.doc(
    summary="Create a draft exam from an exported JSON document",
    description="The body is a document from GET /exams/{id}/export?format=json (e.g. from "
    "another server). The new exam is a draft owned by the caller, with the document's "
    "settings and questions. All or nothing: 422 lists every problem as the import does.",
    responses=[400, 401, 403, 413, 422],
)
def import_exam(body: dict[str, Any]) -> dict[str, Any]:
    exam, warnings = importer.import_exam(current_user(), body)
    return {**author_view(exam), "import_warnings": warnings}


@bp.post("/exams/<int:exam_id>/import/qti")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(PackageImportQuery, location="query", arg_name="query")
@bp.output(ImportReportOut)
@bp.doc(
    summary="Import the items of a QTI 3.0, 2.2 or 2.1 package (.zip)",
    description="The body is the zip itself (`Content-Type: application/zip`, at most 10 MiB; "
    "see README, Question banks). Items are read in the package's test order and numbered so "
    "(`question` in errors and skipped items). Same rules as POST /exams/{id}/import: "
    "preview with `dry_run`, all or nothing unless `partial`; items with interactions that "
    "have no question type here are listed in `skipped`. A package that cannot be read at "
    "all (not a zip, no manifest, unsafe paths, a zip bomb) is refused with 422, also in a "
    "dry run.",
    responses=[400, 401, 403, 404, 409, 413, 415, 422],
    extensions=PACKAGE_BODY,
)
def import_package(exam_id: int, query: dict[str, Any]) -> dict[str, Any]:
    # The exam is checked before the body is read: a stranger's upload is not even unpacked.
    managed_exam(exam_id, current_user())
    return importer.import_package(
        exam_id,
        current_user(),
        _package_body(),
        dry_run=query["dry_run"],
        partial=query["partial_"],
    )


@bp.post("/exams/import/qti")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(PackageQuery, location="query", arg_name="query")
@bp.output(ImportedExamOut, status_code=201)
@bp.doc(
    summary="Create a draft exam from a QTI 3.0, 2.2 or 2.1 package (.zip)",
    description="The test's title, time limit and shuffling become the exam's settings, its "
    "items the questions (in the test's order). All or nothing (422 with every problem) "
    "unless `partial`; skipped items and, with `partial`, the items left out are listed in "
    "`import_warnings`.",
    responses=[400, 401, 403, 413, 415, 422],
    extensions=PACKAGE_BODY,
)
def import_exam_package(query: dict[str, Any]) -> dict[str, Any]:
    exam, warnings = importer.import_exam_package(
        current_user(), _package_body(), partial=query["partial_"]
    )
    return {**author_view(exam), "import_warnings": warnings}


@bp.get("/exams/<int:exam_id>/export")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(ExportQuery, location="query", arg_name="query")
@bp.doc(
    summary="Export an exam's questions (GIFT, Moodle XML), the whole exam (JSON) or a QTI 3.0 "
    "package",
    description="`format=json` (default): the lossless document POST /exams/import and "
    "POST /exams/{id}/import read back. `format=gift`: text/plain GIFT, with `// points:` "
    "comments; incomplete questions GIFT cannot express are listed as comments. "
    "`format=moodle_xml`: application/xml that Moodle's importer reads (Question bank → "
    "Import → Moodle XML format), one category named after the exam. "
    "`format=qti`: a QTI 3.0 content package (application/zip: imsmanifest.xml, one "
    "assessment test with the questions in order, one item per question).",
    responses=file_responses(
        "application/json", "text/plain", "application/xml", "application/zip"
    ),
)
def export_exam(exam_id: int, query: dict[str, Any]) -> Response:
    exam = managed_exam(exam_id, current_user())
    if query["format"] == "qti":
        return _download(export_package(exam), "application/zip", f"exam-{exam.id}.qti.zip")
    if query["format"] == "gift":
        return _download(write_gift(exam), "text/plain", f"exam-{exam.id}.gift.txt")
    if query["format"] == "moodle_xml":
        return _download(write_moodle_xml(exam), "application/xml", f"exam-{exam.id}.moodle.xml")
    return _json_download(export_document(exam), f"exam-{exam.id}.json")


@bp.get("/exams/<int:exam_id>/results/export")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(ResultsExportQuery, location="query", arg_name="query")
@bp.doc(
    summary="Download an exam's results: one row per attempt, one column per question",
    description="`format=csv` (default; UTF-8 with BOM, for Excel) or `json`. The CSV's "
    "header and labels are in the user's language (their setting, else Accept-Language: en, "
    "es, ar). The exam's author and admins; 404 for anyone else.",
    responses=file_responses("text/csv", "application/json"),
)
def export_results(exam_id: int, query: dict[str, Any]) -> Response:
    user = current_user()
    exam, rows = results_export.results(exam_id, user)
    if query["format"] == "json":
        return _json_download(results_export.to_json(exam, rows), f"exam-{exam.id}-results.json")
    locale = i18n.locale_for(user.locale)
    response = _download(
        results_export.to_csv(exam, rows, locale), "text/csv", f"exam-{exam.id}-results.csv"
    )
    response.headers["Content-Language"] = locale
    response.vary.add("Accept-Language")  # the labels follow it (for users without a locale)
    return response


@bp.get("/exams/<int:exam_id>/statistics")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(StatisticsQuery, location="query", arg_name="query")
@bp.output(StatisticsOut)
@bp.doc(
    summary="Item statistics: facility, discrimination, answer frequencies, reliability",
    description="Over finalized attempts (`attempts=all`, the default, or `first`: each "
    "student's first). The exam's author and admins; 404 for anyone else.",
    responses=[401, 403, 404, 422],
)
def statistics(exam_id: int, query: dict[str, Any]) -> dict[str, Any]:
    return item_statistics.exam_statistics(exam_id, current_user(), query["attempts"])
