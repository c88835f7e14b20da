"""fast_dump: a compiled plan dumps exactly what marshmallow's dump() does.

(The whole suite also runs with fast_dump.VERIFY on, so every attempt view and save response
the API tests produce is compared with marshmallow's dump as well.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Dict, Float, Integer, List, Nested, String
from marshmallow import fields, post_dump

from online_exam import fast_dump
from online_exam.attempts.schemas import AttemptOut
from online_exam.fast_dump import FastDumpSchema, compile_schema

WHEN = datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=UTC)


class ItemOut(Schema):
    id = Integer()
    label = String(allow_none=True)


class EverythingOut(FastDumpSchema):
    number = Integer()
    ratio = Float(allow_none=True)
    name = String()
    flag = Boolean()
    when = DateTime(allow_none=True)
    tags = List(String())
    entries = List(Nested(ItemOut))
    one = Nested(ItemOut, allow_none=True)
    many = Nested(ItemOut, many=True)
    extra = Dict()
    renamed = String(data_key="other_name")
    owner_name = String(attribute="owner.name")
    defaulted = Integer(dump_default=7)
    computed = fields.Method("compute")

    def compute(self, obj):
        number = obj["number"] if isinstance(obj, dict) else obj.number
        return f"computed from {number}"


def base_dump(schema, obj, many=False):
    return Schema.dump(schema, obj, many=many)


@pytest.mark.parametrize(
    "obj",
    [
        {
            "number": 3,
            "ratio": 2,  # an int where a float is declared: marshmallow makes it 2.0
            "name": "Ada",
            "flag": 1,
            "when": WHEN,
            "tags": ["a", "b"],
            "entries": [{"id": 1, "label": "x"}, SimpleNamespace(id=2, label=None)],
            "one": {"id": 5, "label": "five"},
            "many": [{"id": 6}],
            "extra": {"k": [1, 2]},
            "renamed": "r",
            "owner": SimpleNamespace(name="Grace"),
        },
        {"number": 4, "ratio": None, "one": None, "when": None, "entries": [], "owner": {}},
        {"number": 5},  # missing keys are left out, defaults filled in
    ],
)
def test_a_compiled_plan_dumps_what_marshmallow_dumps(obj):
    schema = EverythingOut()
    assert compile_schema(schema)(obj) == base_dump(schema, obj)
    assert schema.dump([obj, obj], many=True) == base_dump(schema, [obj, obj], many=True)


def test_objects_are_read_by_attribute():
    obj = SimpleNamespace(number=1, name="n", flag=False, tags=(), one=SimpleNamespace(id=1))
    schema = EverythingOut()
    assert compile_schema(schema)(obj) == base_dump(schema, obj)


def test_a_schema_with_dump_hooks_is_dumped_by_marshmallow():
    class Hooked(FastDumpSchema):
        id = Integer()

        @post_dump
        def add(self, data, **_kwargs):
            return {**data, "hooked": True}

    assert Hooked().dump({"id": 1}) == {"id": 1, "hooked": True}


def test_verify_catches_a_plan_that_differs(monkeypatch):
    schema = EverythingOut()
    schema._plan = lambda obj: {"number": -1}
    monkeypatch.setattr(fast_dump, "VERIFY", True)
    with pytest.raises(AssertionError, match="EverythingOut"):
        schema.dump({"number": 1})


def test_the_attempt_view_schema_compiles_every_field_to_a_fast_step():
    """No field of the hot schemas falls back to marshmallow's per-field serialize()."""
    slow = []

    def walk(schema):
        for name, field in schema.dump_fields.items():
            if fast_dump._converter(field) is None:
                slow.append(f"{type(schema).__name__}.{name}")
            inner = field.inner if isinstance(field, fields.List) else field
            if isinstance(inner, fields.Nested):
                walk(inner.schema)

    walk(AttemptOut())
    assert slow == []
