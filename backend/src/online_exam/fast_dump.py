"""Dumping the exam-day responses without marshmallow's per-field machinery.

marshmallow's dump() goes through several layers of calls for every field of every nested
object (hooks, accessors, missing-value checks, error wrappers); for an attempt view of 20
questions with their review that was a fifth of a submit's CPU. A schema that derives from
FastDumpSchema is compiled, once per schema instance, into a plan: per field the key, a getter
and a converter. The converters are marshmallow's own `_serialize` methods for the field types
whose `_serialize` ignores the object being dumped (numbers, strings, booleans, date-times,
dicts); lists and nested schemas recurse into compiled plans; any other field goes through
marshmallow's `Field.serialize`, and a schema with dump hooks or a custom attribute getter is
dumped by marshmallow itself. So the output is marshmallow's, by construction — and the test
suite checks it on every dump (VERIFY, set by tests/conftest.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from apiflask import Schema
from marshmallow import Schema as BaseSchema
from marshmallow import fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP

from .schema_fields import EnumValue

Plan = Callable[[Any], Any]
# Field types whose _serialize(value, attr, obj) depends on the value only.
_VALUE_ONLY = {
    cls._serialize
    for cls in (
        fields.Integer,
        fields.Float,
        fields.String,
        fields.Boolean,
        fields.DateTime,
        fields.Dict,
        fields.Raw,
        EnumValue,
    )
}
_ABSENT = object()
VERIFY = False  # tests: compare every compiled dump with marshmallow's (tests/conftest.py)


class Dumped(dict[str, Any]):
    """An object already in the dumped form of the schema that will dump it (a cached part of
    a response, e.g. a published question, exams/public.py): a compiled plan returns it as is.
    Dumping the dumped form again gives the same (marshmallow's dump, checked by VERIFY)."""


class FastDumpSchema(Schema):
    """A Schema whose dump() runs its compiled plan (see the module docstring)."""

    _plan: Plan | None = None

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        plan = self._plan
        if plan is None:
            plan = self._plan = compile_schema(self)
        many = self.many if many is None else bool(many)
        result = [plan(item) for item in obj] if many and obj is not None else plan(obj)
        if VERIFY:
            expected = Schema.dump(self, obj, many=many)
            assert result == expected, f"{type(self).__name__}: {result!r} != {expected!r}"
            # The keys' order too (the JSON keeps the schemas' field order): spliced Dumped parts
            same = json.dumps(result, default=str) == json.dumps(expected, default=str)
            assert same, f"{type(self).__name__}: keys out of order"
        return result


def compile_schema(schema: BaseSchema) -> Plan:
    """A function that dumps one object exactly as `schema.dump(obj, many=False)` does."""
    if (
        schema._hooks[PRE_DUMP]
        or schema._hooks[POST_DUMP]
        or type(schema).get_attribute is not BaseSchema.get_attribute
    ):
        return lambda obj: obj if type(obj) is Dumped else BaseSchema.dump(schema, obj, many=False)
    steps = [_step(schema, name, field) for name, field in schema.dump_fields.items()]
    dict_class = schema.dict_class

    def dump(obj: Any) -> Any:
        if type(obj) is Dumped:
            return obj
        out = dict_class()
        for key, get, default, convert in steps:
            value = get(obj)
            if value is missing:
                value = default() if callable(default) else default
                if value is missing:
                    continue
            out[key] = convert(value)
        return out

    return dump


def _step(schema: BaseSchema, name: str, field: fields.Field[Any]) -> tuple[str, Plan, Any, Plan]:
    key = field.data_key if field.data_key is not None else name
    convert = _converter(field) if field._CHECK_ATTRIBUTE else None
    if convert is None:  # anything unusual: marshmallow's own serialize() for this field

        def whole(obj: Any) -> Any:
            return field.serialize(name, obj, accessor=schema.get_attribute)

        return key, whole, missing, _identity
    return key, _getter(field.attribute or name), field.dump_default, convert


def _converter(field: fields.Field[Any]) -> Plan | None:
    serialize: Any = type(field)._serialize
    if serialize in _VALUE_ONLY:
        return _scalar(field)
    if serialize is fields.List._serialize:
        assert isinstance(field, fields.List)
        item = _converter(field.inner)
        if item is None:
            return None
        return lambda value: None if value is None else [item(each) for each in value]
    if serialize is fields.Nested._serialize:
        assert isinstance(field, fields.Nested)
        plan = compile_schema(field.schema)
        if field.many:
            return lambda value: None if value is None else [plan(each) for each in value]
        return lambda value: None if value is None else plan(value)
    return None


def _scalar(field: fields.Field[Any]) -> Plan:
    """The field's _serialize, inlined for the plain cases (same result, fewer calls)."""
    if isinstance(field, fields.Number) and not field.as_string:
        number = field.num_type  # Number._serialize: num_type(value)
        return lambda value: None if value is None else number(value)
    if isinstance(field, EnumValue):  # EnumValue._serialize: the value's plain str
        plain = field.plain
        return lambda value: None if value is None else plain[value]
    if isinstance(field, fields.String):  # String._serialize: str, bytes decoded
        return lambda value: (
            value if type(value) is str or value is None else field._serialize(value, None, None)
        )
    bound = field._serialize
    return lambda value: bound(value, None, None)


def _getter(attribute: str) -> Plan:
    """marshmallow.utils.get_value(obj, attribute) without the call layers."""
    parts = attribute.split(".")
    if len(parts) == 1:
        return lambda obj: _value_for_key(obj, attribute)

    def get(obj: Any) -> Any:
        for part in parts:
            obj = _value_for_key(obj, part)
        return obj

    return get


def _value_for_key(obj: Any, key: str) -> Any:
    """marshmallow.utils._get_value_for_key, with `missing` as the default."""
    if type(obj) is dict:  # the common case, in one call: obj[key], else getattr like below
        value = obj.get(key, _ABSENT)
        return getattr(obj, key, missing) if value is _ABSENT else value
    if not hasattr(obj, "__getitem__"):
        return getattr(obj, key, missing)
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(obj, key, missing)


def _identity(value: Any) -> Any:
    return value
