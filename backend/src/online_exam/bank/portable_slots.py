"""Random slots in the portable JSON document (banks/portable.py): export and import.

Each slot is written with its rule and its pool, so the document stands alone on another
server:  {"count", "points", "tag", "category": "Root / Sub", "pool": [<QuestionIn>...]}.
The pool is the frozen one of a published exam, else what the bank offers now (the same
rule freeze() applies). Import puts each pool in a new bank category of the importer,
"Imported / <exam title> / Slot <n>" (tagged with the slot's tag), and points the slot at it.
`category` is the source's path, informational: a re-export names the imported category.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select

from ..auth.models import User
from ..errors import ValidationFailed
from ..exams.models import Exam
from ..exams.schemas import QuestionIn
from ..exams.spec import QuestionSpec
from ..extensions import db
from .models import BankCategory, BankQuestion, BankQuestionVersion, BankTag, ExamSlot
from .service import _ancestors, _apply, current_version
from .slots import MAX_SLOTS, _pool

IMPORTED = "Imported"
MAX_POOL = 500


def _path(category: BankCategory) -> str:
    return " / ".join(c.name for c in [*reversed(_ancestors(category)), category])


def _pool_documents(exam: Exam, slot: ExamSlot, fixed_bank_ids: set[int]) -> list[dict[str, Any]]:
    frozen = [q for q in exam.pool_questions if q.slot_id == slot.id]
    if frozen:
        return [QuestionSpec.from_model(q).document() for q in frozen]
    return [
        QuestionSpec.from_data({**current_version(q).document, "points": slot.points}).document()
        for q in _pool(exam, slot, fixed_bank_ids)
    ]


def export_slots(exam: Exam) -> list[dict[str, Any]]:
    fixed_versions = [q.bank_version_id for q in exam.questions if q.bank_version_id]
    fixed_bank_ids = set(
        db.session.scalars(
            select(BankQuestionVersion.question_id).where(
                BankQuestionVersion.id.in_(fixed_versions)
            )
        )
    )
    return [
        {
            "count": slot.count,
            "points": slot.points,
            "tag": slot.tag,
            "category": _path(db.session.get_one(BankCategory, slot.category_id)),
            "pool": _pool_documents(exam, slot, fixed_bank_ids),
        }
        for slot in exam.slots
    ]


def validate_slots(slots: Any) -> list[str]:
    """The problems of a document's `slots` (empty when it can be imported)."""
    if slots is None:
        return []
    if not isinstance(slots, list) or len(slots) > MAX_SLOTS:
        return [f'"slots" must be a list of at most {MAX_SLOTS} slots.']
    problems: list[str] = []
    for n, slot in enumerate(slots, start=1):
        where = f"slots[{n}]"
        if not isinstance(slot, dict):
            problems.append(f"{where} must be an object.")
            continue
        count, points, tag, pool = (slot.get(k) for k in ("count", "points", "tag", "pool"))
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 100:
            problems.append(f"{where}.count must be a whole number from 1 to 100.")
        if (
            not isinstance(points, int | float)
            or isinstance(points, bool)
            or not 0 < points <= 1000
        ):
            problems.append(f"{where}.points must be a number above 0, at most 1000.")
        if tag is not None and (not isinstance(tag, str) or len(tag) > 60):
            problems.append(f"{where}.tag must be text of at most 60 characters.")
        if not isinstance(pool, list) or len(pool) > MAX_POOL:
            problems.append(f"{where}.pool must be a list of at most {MAX_POOL} questions.")
            continue
        if isinstance(count, int) and len(pool) < count:
            problems.append(f"{where}.pool holds fewer questions than count.")
        for i, question in enumerate(pool, start=1):
            try:
                QuestionIn().load(question)
            except ValidationError as error:
                problems.append(f"{where}.pool[{i}]: {error.messages}"[:300])
    return problems


def _category(user: User, name: str, parent: BankCategory | None) -> BankCategory:
    category = BankCategory(
        name=name[:200], parent_id=parent.id if parent else None, owner_id=user.id
    )
    db.session.add(category)
    db.session.flush()
    return category


def import_slots(exam: Exam, user: User, slots: list[dict[str, Any]]) -> None:
    """Recreate validated slots (validate_slots) on a new draft exam of `user`."""
    if not slots:
        return
    root = db.session.scalar(
        select(BankCategory).where(
            BankCategory.owner_id == user.id,
            BankCategory.parent_id.is_(None),
            BankCategory.name == IMPORTED,
        )
    ) or _category(user, IMPORTED, None)
    folder = _category(user, exam.title, root)
    for position, data in enumerate(slots):
        category = _category(user, f"Slot {position + 1}", folder)
        tag = (data.get("tag") or "").strip().lower() or None
        for document in data["pool"]:
            question = BankQuestion(category_id=category.id, created_by_id=user.id, versions=[])
            question.tags = [BankTag(tag=tag)] if tag else []
            _apply(question, QuestionSpec.from_data(QuestionIn().load(document)), user, 1)
            db.session.add(question)
        exam.slots.append(
            ExamSlot(
                position=position,
                category_id=category.id,
                tag=tag,
                count=data["count"],
                points=float(data["points"]),
            )
        )
    db.session.flush()


def refuse(problems: list[str]) -> ValidationFailed:
    return ValidationFailed(
        "The random slots cannot be imported; see details.", {"slots": problems}
    )
