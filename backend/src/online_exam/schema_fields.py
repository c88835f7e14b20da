"""Schema fields shared by the In and Out schemas of every package."""

from __future__ import annotations

import copy
from enum import StrEnum
from typing import Any

from apiflask import Schema
from apiflask.fields import Enum, String
from marshmallow import missing


class EnumValue(Enum):  # type: ignore[type-arg]
    """One of a `domain` enum's values, as a JSON string; the OpenAPI document lists the values.

    Loads to the enum's member (refusing anything else with 422) and dumps a member, or a stored
    string that is one of the values, as its plain string.
    """

    def __init__(self, enum: type[StrEnum], **kwargs: Any) -> None:
        super().__init__(enum, by_value=String, **kwargs)
        # A member hashes and compares as its value, so one lookup serves members and strings
        # and returns the plain str.
        self.plain: dict[str, str] = {member.value: member.value for member in enum}

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        # Depends on the value only (fast_dump inlines it, see _scalar there).
        if value is None:
            return None
        return self.plain[value]  # KeyError: a stored value the enum does not know


def patch_schema(schema: type[Schema], name: str) -> type[Schema]:
    """`schema` for a PATCH: the same fields, validators and schema-level rules, but nothing
    required and no `load_default` filled in, so a field not sent keeps its stored value."""
    optional = {}
    for key, field in schema._declared_fields.items():
        field = copy.copy(field)
        field.required = False
        field.load_default = missing
        optional[key] = field
    doc = f"Any subset of {schema.__name__}'s fields (PATCH); fields not sent stay unchanged."
    return type(name, (schema,), {"__doc__": doc, "__module__": schema.__module__, **optional})
