"""Who may use a bank category: its owner, or (a course's category) the course's teachers
(courses/access.py `teaches`), and admins. To anyone else a category and its questions are
404, never a hint that they exist."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.sql.elements import ColumnElement

from ..app import valid_id
from ..auth.models import User
from ..courses.access import taught_course_ids, teaches_id
from ..domain import Role
from ..errors import NotFound
from ..extensions import db
from .models import BankCategory, BankQuestion

NO_CATEGORY = "No such category."
NO_QUESTION = "No such bank question."


def may_use(category: BankCategory, user: User) -> bool:
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.STUDENT:
        return False
    if category.course_id is not None:
        return teaches_id(category.course_id, user)
    return category.owner_id == user.id


def usable_by(user: User) -> list[ColumnElement[bool]]:
    """`may_use` as a filter on BankCategory rows."""
    if user.role == Role.ADMIN:
        return []
    return [
        or_(
            BankCategory.owner_id == user.id,
            BankCategory.course_id.in_(taught_course_ids(user)),
        )
    ]


def category(category_id: int, user: User) -> BankCategory:
    found = db.session.get(BankCategory, category_id) if valid_id(category_id) else None
    if found is None or not may_use(found, user):
        raise NotFound(NO_CATEGORY)
    return found


def question(question_id: int, user: User) -> tuple[BankQuestion, BankCategory]:
    """A bank question (not deleted) in a category the user may use; else 404."""
    row = (
        db.session.execute(
            select(BankQuestion, BankCategory)
            .join(BankCategory, BankCategory.id == BankQuestion.category_id)
            .where(BankQuestion.id == question_id, BankQuestion.deleted_at.is_(None))
        ).first()
        if valid_id(question_id)
        else None
    )
    if row is None or not may_use(row[1], user):
        raise NotFound(NO_QUESTION)
    return row[0], row[1]
