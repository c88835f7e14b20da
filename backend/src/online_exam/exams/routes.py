"""Exams endpoints: thin — parse, call the service, serialize.

Public: the catalogue, an exam's detail, a practice exam's questions (never the key).
Authoring (authors and admins; authors only their own exams): exams, questions, alternatives.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, EmptySchema

from ..auth.security import AUTHORS, auth, current_user, optional_user
from . import questions, service, views
from .models import Alternative, Question
from .publishing import publish_warnings
from .schemas import (
    AlternativeIn,
    AlternativeOrderIn,
    AlternativeOut,
    AlternativePatchIn,
    AuthorExamPageOut,
    AuthorExamsQuery,
    CatalogueQuery,
    ExamAuthorOut,
    ExamBrowseOut,
    ExamDetailOut,
    ExamIn,
    ExamPageOut,
    ExamPatchIn,
    PublishedExamOut,
    QuestionIn,
    QuestionOrderIn,
    QuestionOut,
    QuestionPatchIn,
)

bp = APIBlueprint("exams", __name__, url_prefix="/api", tag="Exams")

# Errors an authoring call on an existing exam can return (400: malformed JSON body).
READ = [401, 403, 404]
WRITE = [400, 401, 403, 404, 409, 422]


# --- public --------------------------------------------------------------------------------


@bp.get("/exams")
@bp.input(CatalogueQuery, location="query", arg_name="query")
@bp.output(ExamPageOut)
@bp.doc(
    summary="The catalogue: published public exams, newest first",
    description="A course's exams are not listed here: its students find them on their home "
    "(GET /api/me/courses).",
    responses=[422],
)
def catalogue(query: dict[str, Any]) -> Any:
    return views.catalogue(query["page"], query["per_page"], query["q"])


@bp.get("/exams/<int:exam_id>")
@bp.auth_required(auth, optional=True)  # type: ignore[arg-type]  # APIFlask hints str
@bp.output(ExamDetailOut)
@bp.doc(
    summary="An exam's public details",
    description="Published public exams for anyone; a course's published exams for its "
    "students and teachers; drafts and archived exams for those who manage them (404 for "
    "everyone else). Never includes questions or the answer key. `my_*`: the signed-in "
    "viewer's own time limit, window and attempts (accommodations applied); without a "
    "token, the exam's.",
    responses=[401, 404],
)
def get_exam(exam_id: int) -> dict[str, Any]:
    return views.public_exam(exam_id, optional_user())


@bp.get("/exams/<int:exam_id>/browse")
@bp.auth_required(auth, optional=True)  # type: ignore[arg-type]  # APIFlask hints str
@bp.output(ExamBrowseOut)
@bp.doc(
    summary="Browse a practice exam's questions",
    description="Published practice-mode exams only (else 404): questions and choices in "
    "authored order, without credit, feedback or correct answers. A course's exam only for "
    "its students and teachers (404 for everyone else).",
    responses=[401, 404],
)
def browse(exam_id: int) -> dict[str, Any]:
    return views.browse(exam_id, optional_user())


# --- exams (authoring) ---------------------------------------------------------------------


@bp.get("/author/exams")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(AuthorExamsQuery, location="query", arg_name="query")
@bp.output(AuthorExamPageOut)
@bp.doc(summary="My exams in every status (admins: all exams)", responses=[401, 403, 422])
def my_exams(query: dict[str, Any]) -> Any:
    return views.author_exams(
        current_user(), query["page"], query["per_page"], query["q"], query.get("status")
    )


@bp.post("/exams")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(ExamIn, arg_name="body")
@bp.output(ExamAuthorOut, status_code=201)
@bp.doc(summary="Create an exam (a draft)", responses=[400, 401, 403, 422])
def create_exam(body: dict[str, Any]) -> dict[str, Any]:
    return views.author_view(service.create_exam(current_user(), body))


@bp.get("/author/exams/<int:exam_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(ExamAuthorOut)
@bp.doc(summary="An exam with every question and its answer key", responses=READ)
def get_authored_exam(exam_id: int) -> dict[str, Any]:
    return views.get_authored(exam_id, current_user())


@bp.patch("/exams/<int:exam_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(ExamPatchIn, arg_name="body")
@bp.output(ExamAuthorOut)
@bp.doc(
    summary="Change an exam's settings (any subset)",
    description="Once the exam has attempts, the pass mark is frozen (409); archived exams "
    "are read-only (409); a published exam must stay complete (422).",
    responses=WRITE,
)
def update_exam(exam_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return views.author_view(service.update_exam(exam_id, current_user(), body))


@bp.delete("/exams/<int:exam_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Delete an exam without attempts (else 409: archive it)", responses=[*READ, 409])
def delete_exam(exam_id: int) -> tuple[str, int]:
    service.delete_exam(exam_id, current_user())
    return "", 204


@bp.post("/exams/<int:exam_id>/publish")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(PublishedExamOut)
@bp.doc(
    summary="Publish a complete exam",
    description="422 lists every problem: "
    '`{"exam": [...], "questions": {"<id>": {"position": 0, "problems": [...]}}}`. '
    "Archived exams cannot be published again (409). Publishing twice is harmless. "
    "A published exam comes with `warnings`: advice that did not stop publishing.",
    responses=[*READ, 409, 422],
)
def publish(exam_id: int) -> dict[str, Any]:
    exam = service.publish(exam_id, current_user())
    return {**views.author_view(exam), "warnings": publish_warnings(exam)}


@bp.post("/exams/<int:exam_id>/unpublish")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(ExamAuthorOut)
@bp.doc(
    summary="Take an exam back to draft (only while it has no attempts)",
    responses=[*READ, 409],
)
def unpublish(exam_id: int) -> dict[str, Any]:
    return views.author_view(service.unpublish(exam_id, current_user()))


@bp.post("/exams/<int:exam_id>/archive")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(ExamAuthorOut)
@bp.doc(
    summary="Archive an exam: hidden from the catalogue, read-only, attempts kept",
    responses=READ,
)
def archive(exam_id: int) -> dict[str, Any]:
    return views.author_view(service.archive(exam_id, current_user()))


@bp.post("/exams/<int:exam_id>/copy")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(ExamAuthorOut, status_code=201)
@bp.doc(summary="Copy an exam into a new draft owned by me (in the same course)", responses=READ)
def copy_exam(exam_id: int) -> dict[str, Any]:
    return views.author_view(service.copy_exam(exam_id, current_user()))


# --- questions -----------------------------------------------------------------------------


@bp.get("/exams/<int:exam_id>/questions")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(QuestionOut(many=True))
@bp.doc(summary="An exam's questions with their answer key, in order", responses=READ)
def list_questions(exam_id: int) -> list[Question]:
    return questions.list_questions(exam_id, current_user())


@bp.post("/exams/<int:exam_id>/questions")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(QuestionIn, arg_name="body")
@bp.output(QuestionOut, status_code=201)
@bp.doc(
    summary="Add a question at the end",
    description="Alternatives may be given inline. A true_false question given without them "
    'gets "True" and "False" (credit from `correct`, else both 0).',
    responses=WRITE,
)
def add_question(exam_id: int, body: dict[str, Any]) -> Question:
    return questions.add_question(exam_id, current_user(), body)


@bp.put("/exams/<int:exam_id>/questions/order")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(QuestionOrderIn, arg_name="body")
@bp.output(QuestionOut(many=True))
@bp.doc(summary="Reorder the questions (every id exactly once)", responses=WRITE)
def reorder_questions(exam_id: int, body: dict[str, Any]) -> list[Question]:
    return questions.reorder_questions(exam_id, current_user(), body["question_ids"])


@bp.patch("/questions/<int:question_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(QuestionPatchIn, arg_name="body")
@bp.output(QuestionOut)
@bp.doc(
    summary="Change a question (any subset; `alternatives` replaces them all)",
    responses=WRITE,
)
def update_question(question_id: int, body: dict[str, Any]) -> Question:
    return questions.update_question(question_id, current_user(), body)


@bp.delete("/questions/<int:question_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Delete a question", responses=[401, 403, 404, 409, 422])
def delete_question(question_id: int) -> tuple[str, int]:
    questions.delete_question(question_id, current_user())
    return "", 204


# --- alternatives --------------------------------------------------------------------------


@bp.post("/questions/<int:question_id>/alternatives")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(AlternativeIn, arg_name="body")
@bp.output(AlternativeOut, status_code=201)
@bp.doc(summary="Add an alternative (or accepted answer) at the end", responses=WRITE)
def add_alternative(question_id: int, body: dict[str, Any]) -> Alternative:
    return questions.add_alternative(question_id, current_user(), body)


@bp.put("/questions/<int:question_id>/alternatives/order")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(AlternativeOrderIn, arg_name="body")
@bp.output(QuestionOut)
@bp.doc(summary="Reorder a question's alternatives (every id exactly once)", responses=WRITE)
def reorder_alternatives(question_id: int, body: dict[str, Any]) -> Question:
    return questions.reorder_alternatives(question_id, current_user(), body["alternative_ids"])


@bp.patch("/alternatives/<int:alternative_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(AlternativePatchIn, arg_name="body")
@bp.output(AlternativeOut)
@bp.doc(summary="Change an alternative (any subset)", responses=WRITE)
def update_alternative(alternative_id: int, body: dict[str, Any]) -> Alternative:
    return questions.update_alternative(alternative_id, current_user(), body)


@bp.delete("/alternatives/<int:alternative_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Delete an alternative", responses=[401, 403, 404, 409, 422])
def delete_alternative(alternative_id: int) -> tuple[str, int]:
    questions.delete_alternative(alternative_id, current_user())
    return "", 204
