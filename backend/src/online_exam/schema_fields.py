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

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        # Depends on the value only, so fast_dump may call it directly (see _VALUE_ONLY there).
        if value is None:
            return None
        member = value if isinstance(value, self.enum) else self.enum(value)
        return str(member.value)


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
