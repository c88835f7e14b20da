"""Bank rules: categories (a tree) and questions with versions, tags, search, move, copy.

Every edit of a question adds a version (restoring an old one too: it becomes the newest);
a version is the QuestionSpec document, so any question type fits. Deleting a question an
exam copied (or a slot froze) is soft: it disappears from the bank, its versions stay as the
exams' provenance. Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, exists, func, or_, select

from ..auth.models import User
from ..courses.access import taught_course
from ..db_types import utcnow
from ..domain import QuestionType
from ..errors import Conflict, NotFound, ValidationFailed
from ..exams.models import Question
from ..exams.spec import QuestionSpec
from ..extensions import db
from ..pagination import Page, paginate
from . import access
from .models import BankCategory, BankQuestion, BankQuestionVersion, BankTag, ExamSlot

MAX_DEPTH = 10


# --- categories ----------------------------------------------------------------------------


def list_categories(user: User) -> list[BankCategory]:
    """Every category the user may use (a flat list; parent_id builds the tree)."""
    return list(
        db.session.scalars(
            select(BankCategory).where(*access.usable_by(user)).order_by(BankCategory.name)
        )
    )


def create_category(user: User, data: dict[str, Any]) -> BankCategory:
    parent_id = data.get("parent_id")
    if parent_id is not None:
        parent = access.category(parent_id, user)
        if len(_ancestors(parent)) >= MAX_DEPTH:
            raise ValidationFailed(f"Categories nest at most {MAX_DEPTH} deep.")
        owner = {"owner_id": parent.owner_id, "course_id": parent.course_id}
    elif data.get("course_id") is not None:
        owner = {"owner_id": None, "course_id": taught_course(data["course_id"], user).id}
    else:
        owner = {"owner_id": user.id, "course_id": None}
    category = BankCategory(name=data["name"], parent_id=parent_id, **owner)
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category_id: int, user: User, data: dict[str, Any]) -> BankCategory:
    category = access.category(category_id, user)
    if "name" in data:
        category.name = data["name"]
    if "parent_id" in data and data["parent_id"] != category.parent_id:
        parent_id = data["parent_id"]
        if parent_id is None:
            raise ValidationFailed("A category stays inside its tree; give another parent.")
        parent = access.category(parent_id, user)
        if (parent.owner_id, parent.course_id) != (category.owner_id, category.course_id):
            raise ValidationFailed("A category moves only within its owner's tree.")
        if category.id in {c.id for c in _ancestors(parent)} | {parent.id}:
            raise ValidationFailed("A category cannot move into itself or its subcategories.")
        category.parent_id = parent.id
    db.session.flush()
    return category


def delete_category(category_id: int, user: User) -> None:
    """Only an empty category (no subcategories, no live questions, no exam slot)."""
    category = access.category(category_id, user)
    children = exists().where(BankCategory.parent_id == category.id)
    # Soft-deleted questions count too: exams keep their versions as provenance.
    questions = exists().where(BankQuestion.category_id == category.id)
    slots = exists().where(ExamSlot.category_id == category.id)
    if db.session.scalar(select(or_(children, questions, slots))):
        raise Conflict(
            "Only an empty category can be deleted (no subcategories, questions, deleted "
            "questions exams still use, or exam slots)."
        )
    db.session.delete(category)
    db.session.flush()


def _ancestors(category: BankCategory) -> list[BankCategory]:
    found: list[BankCategory] = []
    parent_id = category.parent_id
    while parent_id is not None and len(found) <= MAX_DEPTH:
        parent = db.session.get(BankCategory, parent_id)
        if parent is None:
            break
        found.append(parent)
        parent_id = parent.parent_id
    return found


def subtree_ids(category_id: int) -> list[int]:
    """The category and all its subcategories (breadth-first, one query per level)."""
    ids = [category_id]
    level = [category_id]
    while level and len(ids) < 10_000:
        level = list(
            db.session.scalars(select(BankCategory.id).where(BankCategory.parent_id.in_(level)))
        )
        ids.extend(level)
    return ids


# --- questions -----------------------------------------------------------------------------


def _clean_tags(tags: Iterable[str]) -> list[str]:
    return sorted({t.strip().lower() for t in tags if t.strip()})


def _apply(question: BankQuestion, spec: QuestionSpec, user: User, number: int) -> None:
    question.type = spec.type
    question.text = spec.text
    question.version = number
    question.updated_at = utcnow()
    question.versions.append(
        BankQuestionVersion(number=number, document=spec.document(), created_by_id=user.id)
    )


def create_question(user: User, data: dict[str, Any]) -> BankQuestion:
    category = access.category(data["category_id"], user)
    spec = QuestionSpec.from_data(data["question"])
    question = BankQuestion(category_id=category.id, created_by_id=user.id, versions=[])
    question.tags = [BankTag(tag=t) for t in _clean_tags(data.get("tags", []))]
    _apply(question, spec, user, 1)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question_id: int, user: User, data: dict[str, Any]) -> BankQuestion:
    """`question` (the whole question) makes a new version; `tags` replaces the tags."""
    question, _ = access.question(question_id, user)
    if "question" in data:
        spec = QuestionSpec.from_data(data["question"])
        if spec.document() != current_version(question).document:
            _apply(question, spec, user, question.version + 1)
    if "tags" in data:
        wanted = _clean_tags(data["tags"])
        if wanted != question.tag_names:
            question.tags = [BankTag(tag=t) for t in wanted]
            question.updated_at = utcnow()
    db.session.flush()
    return question


def current_version(question: BankQuestion) -> BankQuestionVersion:
    return next(v for v in reversed(question.versions) if v.number == question.version)


def versions(question_id: int, user: User) -> list[BankQuestionVersion]:
    question, _ = access.question(question_id, user)
    return list(reversed(question.versions))


def restore(question_id: int, number: int, user: User) -> BankQuestion:
    """Version `number` becomes the newest version (history is never rewritten)."""
    question, _ = access.question(question_id, user)
    old = next((v for v in question.versions if v.number == number), None)
    if old is None:
        raise NotFound("No such version.")
    if number != question.version:
        _apply(question, QuestionSpec.from_data(old.document), user, question.version + 1)
    db.session.flush()
    return question


def delete_question(question_id: int, user: User) -> None:
    """Soft when an exam copied one of its versions; else gone with its versions."""
    question, _ = access.question(question_id, user)
    used = exists().where(
        Question.bank_version_id.in_(
            select(BankQuestionVersion.id).where(BankQuestionVersion.question_id == question.id)
        )
    )
    if db.session.scalar(select(used)):
        question.deleted_at = utcnow()
    else:
        db.session.delete(question)
    db.session.flush()


def move(question_id: int, category_id: int, user: User) -> BankQuestion:
    question, _ = access.question(question_id, user)
    question.category_id = access.category(category_id, user).id
    question.updated_at = utcnow()
    db.session.flush()
    return question


def copy(question_id: int, category_id: int, user: User) -> BankQuestion:
    """A new question (version 1) with the current version's content and the same tags."""
    question, _ = access.question(question_id, user)
    target = access.category(category_id, user)
    spec = QuestionSpec.from_data(current_version(question).document)
    duplicate = BankQuestion(category_id=target.id, created_by_id=user.id, versions=[])
    duplicate.tags = [BankTag(tag=t) for t in question.tag_names]
    _apply(duplicate, spec, user, 1)
    db.session.add(duplicate)
    db.session.flush()
    return duplicate


def search_statement(
    user: User,
    *,
    q: str = "",
    type: QuestionType | None = None,
    tag: str | None = None,
    category_id: int | None = None,
    subcategories: bool = True,
) -> Select[tuple[BankQuestion]]:
    statement = (
        select(BankQuestion)
        .join(BankCategory, BankCategory.id == BankQuestion.category_id)
        .where(BankQuestion.deleted_at.is_(None), *access.usable_by(user))
    )
    if category_id is not None:
        access.category(category_id, user)
        ids = subtree_ids(category_id) if subcategories else [category_id]
        statement = statement.where(BankQuestion.category_id.in_(ids))
    if q:
        escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(
            func.lower(BankQuestion.text).like(f"%{escaped.lower()}%", escape="\\")
        )
    if type is not None:
        statement = statement.where(BankQuestion.type == type)
    if tag:
        statement = statement.where(
            exists().where(
                BankTag.question_id == BankQuestion.id, BankTag.tag == tag.strip().lower()
            )
        )
    return statement.order_by(BankQuestion.updated_at.desc(), BankQuestion.id.desc())


def search(user: User, query: dict[str, Any]) -> dict[str, Any]:
    statement = search_statement(
        user,
        q=query.get("q", ""),
        type=query.get("type"),
        tag=query.get("tag"),
        category_id=query.get("category_id"),
        subcategories=query.get("subcategories", True),
    )
    page: Page[BankQuestion] = paginate(statement, query["page"], query["per_page"])
    documents = _current_documents(page.items)
    return {
        "items": [question_view(q, documents[q.id]) for q in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
    }


def _current_documents(questions: list[BankQuestion]) -> dict[int, dict[str, Any]]:
    """The current version's document of each question: one query for a page."""
    if not questions:
        return {}
    wanted = [(q.id, q.version) for q in questions]
    rows = db.session.execute(
        select(
            BankQuestionVersion.question_id,
            BankQuestionVersion.number,
            BankQuestionVersion.document,
        ).where(BankQuestionVersion.question_id.in_([q for q, _ in wanted]))
    )
    current = set(wanted)
    return {qid: doc for qid, number, doc in rows if (qid, number) in current}


def question_view(question: BankQuestion, document: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": question.id,
        "category_id": question.category_id,
        "type": question.type,
        "text": question.text,
        "version": question.version,
        "tags": question.tag_names,
        "updated_at": question.updated_at,
        "question": document if document is not None else current_version(question).document,
    }
