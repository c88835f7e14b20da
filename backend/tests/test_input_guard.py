"""Input no handler should see is refused before routing, in the error shape, never a 500:
lone UTF-16 surrogates (no database can store them) and JSON nested deeper than the one limit
that the guard and every parser agree on (input_guard.MAX_JSON_DEPTH)."""

from __future__ import annotations

import json
import re

import pytest

from online_exam.input_guard import MAX_JSON_DEPTH, json_depth

from .test_api_basics import assert_error_shape

SURROGATE = "\ud800"  # json.dumps writes it as the escape "\ud800", as an attacker would


def _surrogate_refused(response, location: str = "json") -> None:
    error = assert_error_shape(response, 422, "validation_error")
    assert "surrogate" in error["message"]
    assert location in error["details"]


# --- lone surrogates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/auth/login", {"email": f"a{SURROGATE}@example.com", "password": "x" * 12}),
        ("/api/auth/login", {"email": "a@example.com", "password": SURROGATE * 12}),
        (
            "/api/auth/register",
            {
                "email": "new@example.com",
                "password": "a long passphrase 7",
                "display_name": "\udfff",
            },
        ),
        ("/api/auth/refresh", {"refresh_token": SURROGATE}),
    ],
)
def test_a_lone_surrogate_in_sign_in_fields_is_422(client, path, body):
    _surrogate_refused(client.post(path, json=body))


@pytest.mark.parametrize(
    "body",
    [
        {"title": SURROGATE},
        {"title": "ok", "description": f"text {SURROGATE} more"},
        {"title": "ok", "long_description": "\udc00"},
        {"title": "ok", "review_policy": SURROGATE},
        {"title": "ok", SURROGATE: 1},  # in a key, too
    ],
)
def test_a_lone_surrogate_in_exam_fields_is_422(client, auth, body):
    _surrogate_refused(client.post("/api/exams", json=body, headers=auth["author"]))


def test_a_lone_surrogate_in_question_and_answer_text_is_422(client, auth, users, build_exam):
    exam = build_exam(users["author"], status="draft")
    question = {"type": "short_answer", "text": SURROGATE, "alternatives": []}
    r = client.post(f"/api/exams/{exam.id}/questions", json=question, headers=auth["author"])
    _surrogate_refused(r)

    published = build_exam(users["author"])
    attempt = client.post(f"/api/exams/{published.id}/attempts", headers=auth["student"]).json
    path = f"/api/attempts/{attempt['id']}/responses/{published.q['short_answer']}"
    _surrogate_refused(
        client.put(path, json={"text": SURROGATE, "seq": 1}, headers=auth["student"])
    )


def test_every_documented_string_field_refuses_a_lone_surrogate(app, client, auth):
    """Consistency: for every operation with a JSON body, every string property of its schema
    gets the same answer (the guard runs before any view, whatever the field)."""
    spec = client.get("/api/openapi.json").json
    schemas = spec["components"]["schemas"]
    tried = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            if not ref:
                continue
            schema = schemas[ref.rsplit("/", 1)[1]]
            for name, prop in schema.get("properties", {}).items():
                if prop.get("type") not in ("string", ["string", "null"]):
                    continue
                url = re.sub(r"\{[^}]+\}", "1", path)
                r = client.open(
                    url, method=method.upper(), json={name: SURROGATE}, headers=auth["admin"]
                )
                _surrogate_refused(r)
                tried += 1
    assert tried > 20, "the document lists too few string fields"


def test_surrogates_cannot_arrive_through_the_query_or_forms(client, auth):
    # Percent-encoded UTF-8 of a surrogate is invalid UTF-8: decoded as U+FFFD, stored fine.
    r = client.get("/api/exams?q=%ED%A0%80", headers=auth["author"])
    assert r.status_code == 200, r.json
    # A NUL in a form field is refused like one in JSON.
    r = client.post("/api/exams", data={"title": "a\x00b"}, headers=auth["author"])
    error = assert_error_shape(r, 422, "validation_error")
    assert error["details"] == {"form": ["Contains NUL."]}


# --- nesting depth -----------------------------------------------------------------------------


def _nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def _nested_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("make", [_nested_list, _nested_object])
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH])
def test_json_up_to_the_depth_limit_reaches_the_view(client, make, depth):
    r = client.post("/api/auth/login", data=make(depth), content_type="application/json")
    assert_error_shape(r, 422, "validation_error")  # the login schema's answer, not the guard's


@pytest.mark.parametrize("make", [_nested_list, _nested_object])
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 980, 100_000])
def test_json_beyond_the_depth_limit_is_400(client, make, depth):
    """980 levels once passed the guard (it parsed near the top of the stack) and overflowed
    the view's second parse (deeper in the stack): a 500."""
    r = client.post("/api/auth/login", data=make(depth), content_type="application/json")
    error = assert_error_shape(r, 400, "bad_request")
    assert str(MAX_JSON_DEPTH) in error["message"]


def test_the_deepest_allowed_nesting_is_handled_by_the_view_itself(client, auth):
    """An import document whose `questions` nests to the limit: the importer walks all of it
    and explains what is wrong (422 with its own report), no recursion error anywhere."""
    inner = MAX_JSON_DEPTH - 2  # the envelope object and the questions list
    document = '{"format": "online-exam", "version": 1, "exam": {"title": "Deep"}, '
    document += '"questions": [' + _nested_list(inner) + "]}"
    assert json_depth(document.encode()) == MAX_JSON_DEPTH
    r = client.post(
        "/api/exams/import",
        data=document,
        content_type="application/json",
        headers=auth["author"],
    )
    error = assert_error_shape(r, 422, "validation_error")
    assert "nested too deeply" not in error["message"]


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "}}}"]', 1),  # brackets inside strings do not count
        ('["\\"[[[", "\\\\", ["x"]]', 2),  # nor after escaped quotes and backslashes
        ('["", "[", "", "]"]', 1),
        ("[[[", 3),  # unclosed: the parser would recurse that deep before failing
    ],
)
def test_json_depth_reads_the_text_as_the_parser_does(text, depth):
    assert json_depth(text.encode()) == depth
    try:
        json.loads(text)
    except json.JSONDecodeError:
        assert text == "[[["
