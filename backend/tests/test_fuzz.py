"""Fuzzing the API against its own OpenAPI document (schemathesis): every operation, as an
admin, an author and a student, with valid-per-schema input (positive) and with input the
schema forbids (negative). No response may be a 5xx, and every response must match the
document (status code documented, JSON body valid against its schema, content type).

Not checked: whether invalid input is always refused (schemathesis' negative_data_rejection):
the token sent with every case defeats its "no Authorization header" mutations, and path ids
are strings on the wire anyway.

Bounded: FUZZ_EXAMPLES examples per operation, role and mode (default 6: the short pass that
`make test` runs, under a minute per database). `make fuzz` runs a longer pass
(FUZZ_EXAMPLES=100). Path ids point at existing rows half
of the time (an exam, a question, an alternative, an attempt, a user of each role), so the
fuzzer gets past the 404s.
Failures are collected over all operations and reported together.

Hostile input the schema-driven generator would not make (what broke the API before):
- date-times come from our own strategy, half of them extreme (year 1, 9999, offsets that leave
  the datetime range in UTC, the input bounds and one second beyond them);
- in positive mode, a fraction of JSON bodies get one field replaced by a lone UTF-16 surrogate
  (must be 422), by a list nested to the deepest allowed level (must reach the view: no 400 from
  the guard) or one level deeper (must be 400).
"""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.formats import unregister_string_format

from online_exam.domain import Role, values
from online_exam.input_dates import EARLIEST, LATEST
from online_exam.input_guard import MAX_JSON_DEPTH

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SEED = int(os.environ.get("FUZZ_SEED", "20261125"))
ROLES = values(Role)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# --- hostile input -------------------------------------------------------------------------------

_SECOND = timedelta(seconds=1)
EXTREME_DATES = [
    "0001-01-01T00:00:00+05:00",  # before the year 1 once in UTC
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59-05:00",  # after the year 9999 once in UTC
    "9999-12-31T23:00:00+14:00",
    (EARLIEST - _SECOND).isoformat(),
    EARLIEST.isoformat(),
    LATEST.isoformat(),
    (LATEST + _SECOND).isoformat(),
    LATEST.astimezone(timezone(timedelta(hours=-12))).isoformat(),
]
ORDINARY_DATES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(datetime.isoformat)
SURROGATES = ["\ud800", "a\udfffb", "\udbff\udc00\ud800"]  # the last: a pair, then a lone one
HOSTILE_BODY_RATE = 0.3


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def _date_fields(spec: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """(METHOD, path) → the date-time properties of its JSON body."""
    schemas = spec["components"]["schemas"]
    found = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
            properties = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            names = [n for n, p in properties.items() if p.get("format") == "date-time"]
            if names:
                found[(method.upper(), path)] = names
    return found


def _out_of_bounds(value: str) -> bool:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return True
    return not EARLIEST <= moment <= LATEST


def _hostile_body(case: Any, rng: random.Random, world: dict[str, Any], counts: dict[str, int]):
    """Maybe replace one field of a JSON object body: returns (kind, value) or None."""
    body = case.body
    if not isinstance(body, dict) or not body or rng.random() >= HOSTILE_BODY_RATE:
        return None
    if case.media_type != "application/json":  # a multipart form (file upload) is no JSON
        return None
    field = rng.choice(sorted(body))
    kinds = ["surrogate", "deepest_allowed", "too_deep"]
    dates = world["date_fields"].get((case.method.upper(), case.operation.path), [])
    if dates:
        kinds.append("extreme_date")
    kind = rng.choice(kinds)
    if kind == "surrogate":
        value: Any = rng.choice(SURROGATES)
    elif kind == "extreme_date":
        field, value = rng.choice(dates), rng.choice(EXTREME_DATES)
    else:  # the body object is one level: the field adds the rest
        value = _nested(MAX_JSON_DEPTH - 1 if kind == "deepest_allowed" else MAX_JSON_DEPTH)
    body[field] = value
    counts[kind] = counts.get(kind, 0) + 1
    return kind, value


def _expect(hostile: tuple[str, Any] | None, response: Any) -> None:
    if hostile is None:
        return
    kind, value = hostile
    status, error = response.status_code, (response.json() or {}).get("error", {})
    message = error.get("message", "")
    if kind == "surrogate":
        assert status == 422, (kind, status, error)
        assert "surrogate" in message, (kind, status, error)
    elif kind == "too_deep":
        assert status == 400, (kind, status, error)
        assert "nested too deeply" in message, (kind, status, error)
    elif kind == "extreme_date":
        if _out_of_bounds(value):  # refused, unless something else was wrong first
            assert status != 200, (kind, value, status)
            assert status != 201, (kind, value, status)
    else:
        assert "nested too deeply" not in message, (kind, status, error)


@pytest.fixture
def extreme_dates() -> Any:
    """Every date-time the generator makes comes from here: half ordinary, half extreme."""
    schemathesis.openapi.format(
        "date-time", st.one_of(ORDINARY_DATES, st.sampled_from(EXTREME_DATES))
    )
    yield
    unregister_string_format("date-time")


@pytest.fixture
def zip_bodies() -> Any:
    """QTI package uploads (raw zip bodies): a valid package, hostile ones (a zip bomb, a
    '../' entry, no manifest) and random bytes."""
    from .test_qti_package import ITEM, good, zip_files

    packages = [
        zip_files(good()),
        zip_files(good(**{"bomb.xml": b"\0" * (1024 * 1024)})),
        zip_files(good(**{"../evil.xml": ITEM})),
        zip_files({"item.xml": ITEM}),
    ]
    schemathesis.openapi.media_type(
        "application/zip", st.one_of(st.sampled_from(packages), st.binary(max_size=64))
    )


@pytest.fixture
def fuzz_world(users, make_user, build_exam, client, auth) -> dict[str, Any]:
    """Existing rows for the path ids: a published exam with one question of each type, a
    draft exam, an attempt of the student in progress, and users for the admin endpoints to
    change (not the ones whose tokens the run uses: a role change would falsify the rest)."""
    published = build_exam(users["author"], time_limit_minutes=30, max_attempts=None)
    draft = build_exam(users["author"], status="draft")
    attempt = client.post(f"/api/exams/{published.id}/attempts", headers=auth["student"]).json
    return {
        "exam_id": [published.id, draft.id],
        "question_id": list(published.questions) + list(draft.questions),
        "alternative_id": list(published.alt.values()),
        "attempt_id": [attempt["id"]],
        "user_id": [make_user(role).id for role in ("student", "author", "admin")],
        "id": [published.id, attempt["id"]],
    }


def _known_ids(case: Any, world: dict[str, Any], rng: random.Random) -> None:
    for name in list(case.path_parameters or {}):
        candidates = world.get(name)
        if candidates and rng.random() < 0.5:
            case.path_parameters[name] = rng.choice(candidates)


def _fuzz(operation, mode, headers, key, checks, world, counts):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        counts["cases"] += 1
        rng = random.Random(f"{SEED}:{key}:{counts['cases']}")
        _known_ids(case, world, rng)
        positive = mode == GenerationMode.POSITIVE
        hostile = _hostile_body(case, rng, world, counts) if positive else None
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks)
        _expect(hostile, response)

    return run


def test_the_api_never_fails_and_always_matches_its_document(
    app, auth, fuzz_world, extreme_dates, zip_bodies
):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    fuzz_world["date_fields"] = _date_fields(app.test_client().get("/api/openapi.json").json)
    failures: dict[str, str] = {}
    counts = {"cases": 0}
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20, "the OpenAPI document lists too few operations"
    for operation in operations:
        for role in ROLES:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                key = f"{operation.method.upper()} {operation.path} as {role} ({mode.value})"
                headers = dict(auth[role])
                checks = list(CHECKS)

                run = _fuzz(operation, mode, headers, key, checks, fuzz_world, counts)
                try:
                    run()
                except Unsatisfiable:
                    pass  # nothing to vary (e.g. no parameters, so no negative input)
                except (Exception, BaseExceptionGroup) as error:  # FailureGroup: the checks
                    failures[key] = f"{type(error).__name__}: {str(error)[:3000]}"
    elapsed = time.monotonic() - started
    report = "\n\n".join(f"== {key}\n{text}" for key, text in sorted(failures.items()))
    if os.environ.get("FUZZ_REPORT"):
        with open(os.environ["FUZZ_REPORT"], "w") as handle:
            handle.write(report)
    combinations = len(operations) * len(ROLES) * 2
    assert not failures, (
        f"{len(failures)} failing operation/role/mode combinations out of {combinations} "
        f"({counts['cases']} cases, {elapsed:.0f} s):\n\n{report}"
    )
    # The hostile input was really sent (not silently filtered away by the generator).
    for kind in ("surrogate", "deepest_allowed", "too_deep", "extreme_date"):
        assert counts.get(kind, 0) > 0, f"no {kind} body was sent"


# --- regressions: what the fuzzer found, pinned down -------------------------------------------


@pytest.mark.parametrize("name", ["entity_id", "actor_id"])
@pytest.mark.parametrize("value", [2**31, -(2**40), 3074165791523804])
def test_audit_filters_refuse_ids_no_row_can_have(client, auth, name, value):
    """An id outside the 32-bit columns was a database error (500) on PostgreSQL."""
    response = client.get(f"/api/admin/audit?{name}={value}", headers=auth["admin"])
    assert response.status_code == 422, response.json
    assert name in response.json["error"]["details"]["query"]


def test_audit_filter_with_the_largest_id_finds_nothing(client, auth):
    response = client.get(f"/api/admin/audit?entity_id={2**31 - 1}", headers=auth["admin"])
    assert response.status_code == 200
    assert response.json["items"] == []


def test_author_view_documents_null_numeric_fields(client, auth, users, build_exam):
    """QuestionOut declared numeric_answer/tolerance as numbers but sent null for the other
    question types (a response that violated the document)."""
    exam = build_exam(users["author"], status="draft")
    spec = client.get("/api/openapi.json").json["components"]["schemas"]["QuestionOut"]
    field = spec["properties"]["numeric_answer"]
    assert field.get("nullable") is True or "null" in field.get("type", [])
    questions = client.get(f"/api/exams/{exam.id}/questions", headers=auth["author"]).json
    assert any(q["numeric_answer"] is None for q in questions)


def test_health_and_body_errors_are_documented(client):
    spec = client.get("/api/openapi.json").json
    assert "200" in spec["paths"]["/api/health"]["get"]["responses"]
    login = spec["paths"]["/api/auth/login"]["post"]["responses"]
    assert {"400", "413", "415"} <= set(login)
    response = client.post(
        "/api/auth/login", data=b"\x00", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
