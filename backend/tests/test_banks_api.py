"""The question-bank endpoints through the API: who may call them, all-or-nothing imports,
partial imports, previews, line numbers in errors, and bad input answered with 4xx (never 500).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from online_exam.extensions import db

DATA = Path(__file__).parent / "data"
ACTORS = ("anonymous", "student", "other_author", "author", "admin")
GOOD = "Q1? {=a ~b}\n\nQ2? {T}\n"
ONE_BAD = "Q1? {=a ~b}\n\nQ2? {T}\n\nQ3? {#abc}\n\nQ4? {=x =y}\n"


def _import(client: Any, exam: int, headers: dict[str, str], **body: Any) -> Any:
    return client.post(
        f"/api/exams/{exam}/import", json={"format": "gift", **body}, headers=headers
    )


def _questions(client: Any, exam: int, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get(f"/api/exams/{exam}/questions", headers=headers)
    assert response.status_code == 200
    return list(response.json)


# --- who may call what ---------------------------------------------------------------------


def _expected(actor: str, status: str, success: int, results: bool) -> int:
    if actor == "anonymous":
        return 401
    if actor == "student":
        return 403
    if actor == "other_author":
        # Results and statistics: as GET /exams/{id}/results, never a hint. Authoring: as the
        # exams API, 404 for a draft, 403 for a published exam.
        return 404 if results or status == "draft" else 403
    return success


ENDPOINTS = [
    # (method, path, body, success, results-like)
    ("post", "/api/exams/{exam}/import", {"format": "gift", "text": "New? {T}"}, 200, False),
    (
        "post",
        "/api/exams/{exam}/import",
        {"format": "gift", "text": "New? {T}", "dry_run": True},
        200,
        False,
    ),
    ("get", "/api/exams/{exam}/export?format=gift", None, 200, False),
    ("get", "/api/exams/{exam}/export?format=json", None, 200, False),
    ("get", "/api/exams/{exam}/results/export?format=csv", None, 200, True),
    ("get", "/api/exams/{exam}/results/export?format=json", None, 200, True),
    ("get", "/api/exams/{exam}/statistics", None, 200, True),
]


@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "body", "success", "results"),
    ENDPOINTS,
    ids=[
        f"{m.upper()} {p}{' dry' if b and b.get('dry_run') else ''}" for m, p, b, _, _ in ENDPOINTS
    ],
)
def test_role_matrix(
    client, auth, build_exam, users, actor, status, method, path, body, success, results
):
    exam = build_exam(users["author"], status=status)
    response = getattr(client, method)(path.format(exam=exam), json=body, headers=auth[actor])
    assert response.status_code == _expected(actor, status, success, results), response.json
    if response.status_code >= 400:
        assert response.json["error"]["status"] == response.status_code


@pytest.mark.parametrize(
    ("actor", "expected"), [("anonymous", 401), ("student", 403), ("author", 201), ("admin", 201)]
)
def test_import_new_exam_roles(client, auth, actor, expected):
    document = {"version": 1, "exam": {"title": "Moved"}, "questions": []}
    response = client.post("/api/exams/import", json=document, headers=auth[actor])
    assert response.status_code == expected


def test_other_authors_exam_is_never_changed(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft")
    before = _questions(client, exam, auth["author"])
    assert _import(client, exam, auth["other_author"], text=GOOD).status_code == 404
    assert _questions(client, exam, auth["author"]) == before


# --- exam state ----------------------------------------------------------------------------


def test_import_into_an_archived_exam_is_refused(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="archived")
    response = _import(client, exam, auth["author"], text=GOOD)
    assert response.status_code == 409
    assert "archived" in response.json["error"]["message"]


def test_import_into_an_exam_with_attempts_is_refused(
    client, auth, build_exam, users, insert_attempt
):
    exam = build_exam(users["author"], status="published")
    insert_attempt(exam, users["student"])
    for dry_run in (False, True):
        response = _import(client, exam, auth["author"], text=GOOD, dry_run=dry_run)
        assert response.status_code == 409
        assert response.json["error"]["details"] == {"attempt_count": 1}


def test_import_into_a_published_exam_must_keep_it_complete(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="published")
    count = len(_questions(client, exam, auth["author"]))
    incomplete = "Complete? {T}\n\nNo right answer? {~a ~b}\n"
    response = _import(client, exam, auth["author"], text=incomplete)
    assert response.status_code == 422
    errors = response.json["error"]["details"]["errors"]
    assert [e["line"] for e in errors] == [3]
    assert "published" in errors[0]["message"]
    assert len(_questions(client, exam, auth["author"])) == count
    ok = _import(client, exam, auth["author"], text="Complete? {T}")
    assert ok.status_code == 200
    assert len(_questions(client, exam, auth["author"])) == count + 1


def test_incomplete_questions_are_warnings_in_a_draft(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = _import(client, exam, auth["author"], text="No right answer? {~a ~b}")
    assert response.status_code == 200
    assert response.json["imported"] == 1
    warning = response.json["warnings"][0]
    assert warning["line"] == 1
    assert "Not ready to publish" in warning["message"]
    assert response.json["questions"][0]["warnings"] == [warning["message"]]


# --- all or nothing, partial, dry run --------------------------------------------------------


def test_a_file_with_any_error_imports_nothing(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = _import(client, exam, auth["author"], text=ONE_BAD)
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert error["details"]["errors"] == [
        {
            "line": 5,
            "question": None,
            "message": "'abc' is not a numeric answer (write 3.14, 3.14:0.01 or 1..5; the "
            "decimal separator is a point).",
        }
    ]
    assert error["details"]["valid_questions"] == 3
    assert _questions(client, exam, auth["author"]) == []


def test_every_error_is_listed_with_its_line(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    text = "Good? {T}\n\nBad {=a\n\n// comment\nAlso bad\n{~%200%x =y}\n\nIntro only.\n"
    response = _import(client, exam, auth["author"], text=text)
    assert response.status_code == 422
    details = response.json["error"]["details"]
    assert [e["line"] for e in details["errors"]] == [3, 7]
    assert [(s["line"], s["kind"]) for s in details["skipped"]] == [(9, "description")]


def test_partial_imports_the_valid_questions_and_reports_the_errors(
    client, auth, build_exam, users
):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = _import(client, exam, auth["author"], text=ONE_BAD, partial=True)
    assert response.status_code == 200
    body = response.json
    assert body["imported"] == 3
    assert body["dry_run"] is False
    assert [e["line"] for e in body["errors"]] == [5]
    assert [(q["line"], q["text"]) for q in body["questions"]] == [
        (1, "Q1?"),
        (3, "Q2?"),
        (7, "Q4?"),
    ]
    stored = _questions(client, exam, auth["author"])
    assert [q["id"] for q in stored] == [q["id"] for q in body["questions"]]
    assert [(q["type"], q["text"], q["position"]) for q in stored] == [
        ("single", "Q1?", 0),
        ("true_false", "Q2?", 1),
        ("short_answer", "Q4?", 2),
    ]


def test_dry_run_saves_nothing_and_shows_the_preview(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = _import(client, exam, auth["author"], text=ONE_BAD, dry_run=True)
    assert response.status_code == 200  # a preview, even with errors
    body = response.json
    assert (body["imported"], body["dry_run"]) == (0, True)
    assert [e["line"] for e in body["errors"]] == [5]
    first = body["questions"][0]
    assert first == {
        "index": 1,
        "line": 1,
        "title": None,
        "warnings": [],
        "id": None,
        "type": "single",
        "text": "Q1?",
        "points": 1.0,
        "general_feedback": "",
        "numeric_answer": None,
        "numeric_tolerance": None,
        "case_sensitive": False,
        "alternatives": [
            {"text": "a", "credit": 1.0, "feedback": ""},
            {"text": "b", "credit": 0.0, "feedback": ""},
        ],
    }
    assert _questions(client, exam, auth["author"]) == []


def test_import_appends_after_existing_questions(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft")
    before = _questions(client, exam, auth["author"])
    response = _import(client, exam, auth["author"], text=GOOD)
    assert response.status_code == 200
    after = _questions(client, exam, auth["author"])
    assert after[: len(before)] == before
    assert [q["position"] for q in after] == list(range(len(before) + 2))


def test_the_file_with_every_construct_imports(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    text = (DATA / "all_constructs.gift").read_text(encoding="utf-8")
    response = _import(client, exam, auth["author"], text=text)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["imported"] == 17  # essay and matching too
    assert body["errors"] == []
    assert [s["kind"] for s in body["skipped"]] == ["description"]
    stored = _questions(client, exam, auth["author"])
    assert [q["type"] for q in stored] == [
        "single", "multiple", "multiple", "true_false", "true_false", "short_answer",
        "short_answer", "single", "numeric", "numeric", "numeric", "numeric", "single",
        "true_false", "short_answer", "essay", "matching",
    ]  # fmt: skip
    pi = stored[8]
    assert (pi["points"], pi["numeric_answer"], pi["numeric_tolerance"]) == (2.5, 3.14, 0.005)
    assert pi["general_feedback"] == "Pi is about 3.14159."
    primes = stored[1]
    assert [(a["text"], a["credit"]) for a in primes["alternatives"]] == [
        ("2", 0.5),
        ("3", 0.5),
        ("4", -1.0),
    ]
    assert stored[14]["case_sensitive"] is True
    assert body["questions"][0]["title"] == "Capital"


def test_aiken_import(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    text = "Capital of France?\nA. Lyon\nB. Paris\nANSWER: B\n"
    response = client.post(
        f"/api/exams/{exam}/import",
        json={"format": "aiken", "text": text},
        headers=auth["author"],
    )
    assert response.status_code == 200
    stored = _questions(client, exam, auth["author"])
    assert [(a["text"], a["credit"]) for a in stored[0]["alternatives"]] == [
        ("Lyon", 0.0),
        ("Paris", 1.0),
    ]


def test_aiken_errors_have_lines(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    text = "Q?\nA. x\nB. y\nANSWER: Q\n\nQ2?\nA. x\n"
    response = client.post(
        f"/api/exams/{exam}/import", json={"format": "aiken", "text": text}, headers=auth["author"]
    )
    assert response.status_code == 422
    assert [e["line"] for e in response.json["error"]["details"]["errors"]] == [4, 6]


def test_json_import_into_an_exam_ignores_its_settings(client, auth, build_exam, users):
    source = build_exam(users["author"], status="draft")
    document = client.get(f"/api/exams/{source}/export", headers=auth["author"]).json
    target = build_exam(users["admin"], status="draft", questions=[])
    response = client.post(
        f"/api/exams/{target}/import",
        json={"format": "json", "text": json.dumps(document)},
        headers=auth["admin"],
    )
    assert response.status_code == 200
    assert response.json["imported"] == len(document["questions"])
    assert "settings in the file were not applied" in response.json["warnings"][0]["message"]


def test_import_is_audited(client, auth, build_exam, users, app):
    exam = build_exam(users["author"], status="draft", questions=[])
    assert _import(client, exam, auth["author"], text=GOOD).status_code == 200
    from online_exam.audit.models import AuditEvent

    with app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "exam.questions_imported")
        ).one()
        assert (event.entity_id, event.details) == (exam, {"format": "gift", "count": 2})


# --- bad input: 4xx, never 500 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"format": "gift"}, 422, None),
        ({"format": "xml", "text": "Q {T}"}, 422, None),
        ({"format": "gift", "text": 5}, 422, None),
        ({"format": "gift", "text": "Q {T}", "dry_run": "maybe"}, 422, None),
        ({"format": "gift", "text": "Q {T}", "unknown": 1}, 422, None),
        ({"format": "gift", "text": ""}, 422, "No questions found"),
        ({"format": "gift", "text": "\n\n// only a comment\n"}, 422, "No questions found"),
        ({"format": "gift", "text": "Q\x00 {T}"}, 422, "NUL"),
        ({"format": "gift", "text": "Line 1\nQ\ud800 {T}"}, 422, "surrogate"),
        ({"format": "gift", "text": "Q {" + "=a " * 20000 + "}"}, 422, "at most 50"),
        ({"format": "gift", "text": "Q {T}\n\n" * 600}, 422, "room for 500 more"),
        ({"format": "gift", "text": "x" * 20_000 + " {T}"}, 422, "text"),
        ({"format": "gift", "text": "// points: 1e9\nQ {T}"}, 422, "points"),
        ({"format": "gift", "text": "{" * 100_000}, 422, "never closed"),
        ({"format": "gift", "text": "\\" * 100_000 + "{"}, 422, "never closed"),
        ({"format": "json", "text": "{not json"}, 422, "Invalid JSON"),
        ({"format": "json", "text": "[" * 100_000 + "]" * 100_000}, 422, "Invalid JSON"),
        ({"format": "json", "text": '{"version": 1, "questions": [NaN]}'}, 422, "Invalid JSON"),
        (
            {
                "format": "json",
                "text": '{"version": 1, "questions": [{"type": "numeric", '
                '"text": "q", "numeric_answer": 1e999}]}',
            },
            422,
            "Invalid JSON",
        ),
        ({"format": "json", "text": "[]"}, 422, "JSON object"),
        ({"format": "json", "text": '{"version": 2, "questions": []}'}, 422, "version"),
        ({"format": "json", "text": '{"version": 1, "questions": {}}'}, 422, "must be a list"),
        ({"format": "json", "text": '{"version": 1, "questions": [1]}'}, 422, "must be an object"),
        (
            {"format": "json", "text": '{"version": 1, "questions": [{"type": "calculated"}]}'},
            422,
            "type",
        ),
        (
            {
                "format": "json",
                "text": '{"version": 1, "questions": [{"type": "single", "text": '
                '"q", "alternatives": [{"text": "a", "credit": 2}]}]}',
            },
            422,
            "alternatives[0].credit",
        ),
        (
            {
                "format": "json",
                "text": '{"version": 1, "questions": [{"type": "single", "text": "q\\u0000"}]}',
            },
            422,
            "NUL",
        ),
        ({"format": "aiken", "text": "A. x\n" * 1000}, 422, "without a question"),
    ],
)
def test_bad_input_is_4xx_in_the_error_shape(client, auth, build_exam, users, body, status, words):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = client.post(f"/api/exams/{exam}/import", json=body, headers=auth["author"])
    assert response.status_code == status, response.json
    error = response.json["error"]
    assert error["status"] == status
    if words:
        assert words in json.dumps(error["details"], ensure_ascii=False), error
    assert _questions(client, exam, auth["author"]) == []


def test_a_file_of_only_unsupported_questions_imports_nothing_and_says_why(
    client, auth, build_exam, users
):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = _import(client, exam, auth["author"], text="Intro text.\n\nMore text.")
    assert response.status_code == 200
    assert response.json["imported"] == 0
    assert [s["kind"] for s in response.json["skipped"]] == ["description", "description"]


def test_over_the_request_limit_is_413(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = _import(client, exam, auth["author"], text="Q {T}\n\n" * 200_000)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_malformed_json_body_is_400(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = client.post(
        f"/api/exams/{exam}/import",
        data="{not json",
        content_type="application/json",
        headers=auth["author"],
    )
    assert response.status_code == 400
    assert response.json["error"]["status"] == 400


def test_unknown_exam_is_404(client, auth):
    for exam in (999_999, 2**40):
        response = _import(client, exam, auth["admin"], text=GOOD)
        assert response.status_code == 404
        assert client.get(f"/api/exams/{exam}/statistics", headers=auth["admin"]).status_code == 404


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/exams/{exam}/export", "format=pdf"),
        ("/api/exams/{exam}/results/export", "format=xlsx"),
        ("/api/exams/{exam}/statistics", "attempts=best"),
    ],
)
def test_bad_query_is_422(client, auth, build_exam, users, path, query):
    exam = build_exam(users["author"], status="draft")
    response = client.get(f"{path.format(exam=exam)}?{query}", headers=auth["author"])
    assert response.status_code == 422


# --- a new exam from a JSON document --------------------------------------------------------


def test_import_exam_creates_a_draft_owned_by_the_caller(client, auth, build_exam, users):
    source = build_exam(users["author"], status="published", title="Original", practice_mode=True)
    document = client.get(f"/api/exams/{source}/export", headers=auth["author"]).json
    response = client.post("/api/exams/import", json=document, headers=auth["other_author"])
    assert response.status_code == 201
    exam = response.json
    assert exam["id"] != source
    assert (exam["status"], exam["title"], exam["practice_mode"]) == ("draft", "Original", True)
    assert exam["created_by_id"] == users["other_author"].id
    assert exam["question_count"] == len(document["questions"])
    assert exam["import_warnings"] == []
    assert exam["publish_problems"] == {}


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ({"version": 1, "questions": []}, '\\"exam\\"'),
        ({"exam": {"title": "x"}, "questions": []}, "version"),
        ({"version": 1, "exam": {}, "questions": []}, "exam.title"),
        ({"version": 1, "exam": {"title": "x", "colour": "red"}, "questions": []}, "exam.colour"),
        ({"version": 1, "exam": {"title": "x\u0000"}, "questions": []}, "NUL"),
        ({"version": 1, "exam": "x", "questions": []}, "must be an object"),
        ({"version": 1, "exam": {"title": "x"}}, "must be a list"),
        (
            {
                "version": 1,
                "exam": {"title": "x"},
                "questions": [{"type": "single", "text": "ok"}, {"type": "numeric"}],
            },
            "text",
        ),
        ({"format": "moodle", "version": 1, "exam": {"title": "x"}, "questions": []}, "format"),
    ],
)
def test_import_exam_is_all_or_nothing(client, auth, document, words):
    response = client.post("/api/exams/import", json=document, headers=auth["author"])
    assert response.status_code == 422, response.json
    assert words in json.dumps(response.json["error"]["details"])
    mine = client.get("/api/author/exams", headers=auth["author"]).json
    assert mine["total"] == 0


def test_import_exam_errors_name_the_question(client, auth):
    document = {
        "version": 1,
        "exam": {"title": "x"},
        "questions": [
            {"type": "single", "text": "fine"},
            {"type": "single", "text": "bad", "alternatives": [{"text": "a", "credit": -3}]},
        ],
    }
    response = client.post("/api/exams/import", json=document, headers=auth["author"])
    assert response.status_code == 422
    errors = response.json["error"]["details"]["errors"]
    assert errors == [
        {
            "line": None,
            "question": 2,
            "message": "alternatives[0].credit: Must be greater than or equal to -1 and less "
            "than or equal to 1.",
        }
    ]


def test_endpoints_are_documented(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for path in (
        "/api/exams/{exam_id}/import",
        "/api/exams/import",
        "/api/exams/{exam_id}/export",
        "/api/exams/{exam_id}/results/export",
        "/api/exams/{exam_id}/statistics",
    ):
        assert path in paths
