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
"""

from __future__ import annotations

import os
import random
import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from online_exam.domain import Role, values

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SEED = int(os.environ.get("FUZZ_SEED", "20261125"))
ROLES = values(Role)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_world(users, make_user, exam_factory, client, auth) -> dict[str, Any]:
    """Existing rows for the path ids: a published exam with one question of each type, a
    draft exam, an attempt of the student in progress, and users for the admin endpoints to
    change (not the ones whose tokens the run uses: a role change would falsify the rest)."""
    published = exam_factory(users["author"], time_limit_minutes=30, max_attempts=None)
    draft = exam_factory(users["author"], status="draft")
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
        case.call_and_validate(headers=headers, checks=checks)

    return run


def test_the_api_never_fails_and_always_matches_its_document(app, auth, fuzz_world):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
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


def test_author_view_documents_null_numeric_fields(client, auth, users, exam_factory):
    """QuestionOut declared numeric_answer/tolerance as numbers but sent null for the other
    question types (a response that violated the document)."""
    exam = exam_factory(users["author"], status="draft")
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
