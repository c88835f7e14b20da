"""Schema fields shared by the In and Out schemas of every package."""

from __future__ import annotations

import copy
from enum import StrEnum
from typing import Any

from apiflask import Schema
from apiflask.fields import Enum, String
from marshmallow import ValidationError, missing

from .i18n import language_tag


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


class LanguageTag(String):
    """A BCP 47 language tag (`i18n.language_tag`: language, optional script and region),
    loaded in its canonical case; anything else is a 422."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"] = {
            "description": "BCP 47 language tag: a 2 or 3 letter language, optional script and "
            "region (en, es, ar, pt-BR, zh-Hant-TW).",
            "example": "es",
            **kwargs["metadata"],
        }
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        tag = language_tag(text)
        if tag is None:
            raise ValidationError("Not a language tag such as en, es, ar or pt-BR.")
        return tag


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
