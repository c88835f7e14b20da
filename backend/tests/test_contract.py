"""The API's contract: the vocabulary in the schemas and a valid OpenAPI 3.1 document."""

from __future__ import annotations

import pytest
from apiflask import Schema
from marshmallow import ValidationError

from online_exam.domain import ExamStatus, QuestionType, ReviewPolicy, Role, values
from online_exam.openapi_document import document, problems
from online_exam.schema_fields import EnumValue
from online_exam.users.schemas import UserPatchIn

# Every property holding one of the domain's values, by name.
ENUM_PROPERTIES = {
    "role": Role,
    "type": QuestionType,
    "status": ExamStatus,
    "review_policy": ReviewPolicy,
}
# Schemas where such a name means something else (an HTTP status, the health check's word).
OTHER_MEANING = {"ErrorDetail", "HealthOut"}


@pytest.fixture(scope="module")
def spec():
    return document()


class _Example(Schema):
    type = EnumValue(QuestionType)


def test_an_enum_value_loads_to_the_member_and_dumps_its_string():
    assert _Example().load({"type": "numeric"}) == {"type": QuestionType.NUMERIC}
    dumped = _Example().dump({"type": QuestionType.SINGLE})
    assert dumped == {"type": "single"}
    assert type(dumped["type"]) is str
    assert _Example().dump({"type": "true_false"}) == {"type": "true_false"}  # a stored string


@pytest.mark.parametrize("bad", ["SINGLE", "calculated", "", 5, None, ["single"]])
def test_anything_else_is_refused(bad):
    with pytest.raises(ValidationError) as refused:
        _Example().load({"type": bad})
    assert "type" in refused.value.messages


def test_the_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    assert problems(spec) == []
    assert [tag["name"] for tag in spec["tags"]].count("Admin") == 1


def test_the_validator_reports_what_is_wrong(spec):
    broken = {**spec, "tags": [*spec["tags"], {"name": "Admin"}]}
    assert any("Admin" in problem for problem in problems(broken))


def test_every_vocabulary_field_lists_its_values_in_and_out(spec):
    schemas = spec["components"]["schemas"]
    seen = set()
    for name, schema in schemas.items():
        if name in OTHER_MEANING:
            continue
        for prop, enum in ENUM_PROPERTIES.items():
            if prop in schema.get("properties", {}):
                assert schema["properties"][prop]["enum"] == list(values(enum)), (name, prop)
                seen.add((name[-2:] == "In", prop))
    # Both directions are covered for each property that clients send.
    assert {(True, "role"), (False, "role"), (True, "type"), (False, "type")} <= seen
    assert {(True, "review_policy"), (False, "review_policy"), (False, "status")} <= seen
    assert schemas["MyAttemptOut"]["properties"]["state"]["enum"] == [
        "in_progress",
        "submitted",
        "expired",
    ]


def test_out_schemas_require_what_the_server_always_sends(spec):
    schemas = spec["components"]["schemas"]
    for name, schema in schemas.items():
        if name.endswith("Out") and name != "PublishProblemsOut":  # its keys come when needed
            assert set(schema.get("required", [])) == set(schema["properties"]), name


def test_a_patch_schema_has_no_required_fields_or_defaults(spec):
    schemas = spec["components"]["schemas"]
    for name in ("ExamPatchIn", "QuestionPatchIn", "AlternativePatchIn"):
        assert "required" not in schemas[name], name
        assert not any("default" in p for p in schemas[name]["properties"].values()), name
    assert UserPatchIn().load({}) == {}
