"""Question bank endpoints (authors and admins): categories, questions with versions, search,
move/copy; an exam's questions from the bank and its random slots. Thin: parse, call, dump."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, EmptySchema

from ..auth.security import AUTHORS, auth, current_user
from ..exams.access import managed_exam
from ..exams.models import Question
from ..exams.schemas import QuestionOut
from ..exams.views import slot_views
from . import service, slots
from .models import BankCategory, ExamSlot
from .schemas import (
    BankQuestionIn,
    BankQuestionOut,
    BankQuestionPageOut,
    BankQuestionPatchIn,
    BankSearchQuery,
    BankVersionOut,
    CategoryIn,
    CategoryOut,
    CategoryPatchIn,
    FromBankIn,
    SlotIn,
    SlotOut,
    SlotPatchIn,
    TargetCategoryIn,
)
from .slots import slot_exam

bp = APIBlueprint("bank", __name__, url_prefix="/api", tag="Question bank")

READ = [401, 403, 404]
WRITE = [400, 401, 403, 404, 409, 422]


# --- categories ----------------------------------------------------------------------------


@bp.get("/bank/categories")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(CategoryOut(many=True))
@bp.doc(
    summary="My categories and those of the courses I teach (flat; parent_id makes the tree)",
    responses=[401, 403],
)
def list_categories() -> list[BankCategory]:
    return service.list_categories(current_user())


@bp.post("/bank/categories")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(CategoryIn, arg_name="body")
@bp.output(CategoryOut, status_code=201)
@bp.doc(summary="Create a category (mine, a course's, or a subcategory)", responses=WRITE)
def create_category(body: dict[str, Any]) -> BankCategory:
    return service.create_category(current_user(), body)


@bp.patch("/bank/categories/<int:category_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(CategoryPatchIn, arg_name="body")
@bp.output(CategoryOut)
@bp.doc(summary="Rename a category, or move it under another of the same tree", responses=WRITE)
def update_category(category_id: int, body: dict[str, Any]) -> BankCategory:
    return service.update_category(category_id, current_user(), body)


@bp.delete("/bank/categories/<int:category_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Delete an empty category (else 409)", responses=[*READ, 409])
def delete_category(category_id: int) -> tuple[str, int]:
    service.delete_category(category_id, current_user())
    return "", 204


# --- questions -----------------------------------------------------------------------------


@bp.get("/bank/questions")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(BankSearchQuery, location="query", arg_name="query")
@bp.output(BankQuestionPageOut)
@bp.doc(
    summary="Search the bank: text, type, tag, category (with subcategories), paginated",
    responses=[401, 403, 404, 422],
)
def search(query: dict[str, Any]) -> dict[str, Any]:
    return service.search(current_user(), query)


@bp.post("/bank/questions")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(BankQuestionIn, arg_name="body")
@bp.output(BankQuestionOut, status_code=201)
@bp.doc(summary="Add a question to a category (its version 1)", responses=WRITE)
def create_question(body: dict[str, Any]) -> dict[str, Any]:
    return service.question_view(service.create_question(current_user(), body))


@bp.get("/bank/questions/<int:question_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(BankQuestionOut)
@bp.doc(summary="A bank question (its current version)", responses=READ)
def get_question(question_id: int) -> dict[str, Any]:
    from .access import question

    return service.question_view(question(question_id, current_user())[0])


@bp.patch("/bank/questions/<int:question_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(BankQuestionPatchIn, arg_name="body")
@bp.output(BankQuestionOut)
@bp.doc(
    summary="Edit a bank question: a changed `question` becomes a new version",
    description="Exams that copied an earlier version keep it.",
    responses=WRITE,
)
def update_question(question_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return service.question_view(service.update_question(question_id, current_user(), body))


@bp.delete("/bank/questions/<int:question_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Delete a bank question (kept out of sight if an exam copied it)", responses=READ)
def delete_question(question_id: int) -> tuple[str, int]:
    service.delete_question(question_id, current_user())
    return "", 204


@bp.get("/bank/questions/<int:question_id>/versions")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(BankVersionOut(many=True))
@bp.doc(summary="A bank question's history, newest first", responses=READ)
def versions(question_id: int) -> Any:
    return service.versions(question_id, current_user())


@bp.post("/bank/questions/<int:question_id>/versions/<int:number>/restore")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(BankQuestionOut)
@bp.doc(summary="Restore an old version: it becomes the newest version", responses=READ)
def restore(question_id: int, number: int) -> dict[str, Any]:
    return service.question_view(service.restore(question_id, number, current_user()))


@bp.post("/bank/questions/<int:question_id>/move")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(TargetCategoryIn, arg_name="body")
@bp.output(BankQuestionOut)
@bp.doc(summary="Move a question to another category", responses=WRITE)
def move(question_id: int, body: dict[str, Any]) -> dict[str, Any]:
    moved = service.move(question_id, body["category_id"], current_user())
    return service.question_view(moved)


@bp.post("/bank/questions/<int:question_id>/copy")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(TargetCategoryIn, arg_name="body")
@bp.output(BankQuestionOut, status_code=201)
@bp.doc(summary="Copy a question (its current version) into a category", responses=WRITE)
def copy(question_id: int, body: dict[str, Any]) -> dict[str, Any]:
    copied = service.copy(question_id, body["category_id"], current_user())
    return service.question_view(copied)


# --- exams from the bank -------------------------------------------------------------------


@bp.post("/exams/<int:exam_id>/questions/from-bank")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(FromBankIn, arg_name="body")
@bp.output(QuestionOut, status_code=201)
@bp.doc(
    summary="Add a fixed question copied from the bank (a version; default the current)",
    responses=WRITE,
)
def add_from_bank(exam_id: int, body: dict[str, Any]) -> Question:
    return slots.add_fixed(exam_id, current_user(), body)


@bp.get("/exams/<int:exam_id>/slots")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(SlotOut(many=True))
@bp.doc(summary="An exam's random slots", responses=READ)
def list_slots(exam_id: int) -> list[dict[str, Any]]:
    return slot_views(managed_exam(exam_id, current_user()))


@bp.post("/exams/<int:exam_id>/slots")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(SlotIn, arg_name="body")
@bp.output(SlotOut, status_code=201)
@bp.doc(
    summary="Add a random slot: `count` questions from a category (with subcategories, "
    "optionally one tag), `points` each",
    description="Each attempt draws its own questions at start. Publishing freezes the pool "
    "and refuses (422, naming the slot) one too small.",
    responses=WRITE,
)
def add_slot(exam_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return _slot(slots.add_slot(exam_id, current_user(), body))


@bp.patch("/exams/<int:exam_id>/slots/<int:slot_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.input(SlotPatchIn, arg_name="body")
@bp.output(SlotOut)
@bp.doc(summary="Change a random slot", responses=WRITE)
def update_slot(exam_id: int, slot_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return _slot(slots.update_slot(exam_id, slot_id, current_user(), body))


@bp.delete("/exams/<int:exam_id>/slots/<int:slot_id>")
@bp.auth_required(auth, roles=AUTHORS)
@bp.output(EmptySchema, status_code=204)
@bp.doc(summary="Delete a random slot", responses=[*READ, 409, 422])
def delete_slot(exam_id: int, slot_id: int) -> tuple[str, int]:
    slots.delete_slot(exam_id, slot_id, current_user())
    return "", 204


def _slot(slot: ExamSlot) -> dict[str, Any]:
    """A slot just written (its pool, if published, is counted by the next read)."""
    return next(s for s in slot_views(slot_exam(slot)) if s["id"] == slot.id)
