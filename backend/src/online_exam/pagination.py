"""The pagination envelope every list endpoint returns: items, page, per_page, total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from apiflask import Schema
from apiflask.fields import Integer
from apiflask.validators import Range
from sqlalchemy import Select, func, select

from .extensions import db

PAGE_MAX = 100_000  # keeps OFFSET far from the database's integer limits
PER_PAGE_MAX = 100


class PageQuery(Schema):
    """?page=&per_page= of every list endpoint; subclasses add their filters."""

    page = Integer(load_default=1, validate=Range(1, PAGE_MAX))
    per_page = Integer(load_default=20, validate=Range(1, PER_PAGE_MAX))


class PageOut(Schema):
    """The envelope of every list; subclasses declare `items`."""

    page = Integer(required=True)
    per_page = Integer(required=True)
    total = Integer(required=True)


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int


def paginate(query: Select[Any], page: int, per_page: int) -> Page[Any]:
    """Run `query` for one page, and count all its rows (ordering is the caller's)."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total or 0)
