"""Export and import again: the JSON format round-trips exactly; GIFT export -> import gives
equivalent questions (everything GIFT can express)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from online_exam.banks.portable import EXAM_SETTINGS
from online_exam.exams.schemas import ExamIn, QuestionIn
from online_exam.exams.spec import QUESTION_FIELDS

TRICKY = "Braces {x}, equals = a, tilde ~ b, hash # c, colon: d, back\\slash, \\n literal"

QUESTIONS: list[dict[str, Any]] = [
    {
        "type": "single",
        "text": f"Single: {TRICKY}?",
        "points": 2.0,
        "general_feedback": f"General {TRICKY}",
        "alternatives": [
            {"text": f"Right {TRICKY}", "credit": 1.0, "feedback": f"Yes {TRICKY}"},
            {"text": "Wrong", "credit": 0.0, "feedback": ""},
            {"text": "Also wrong", "credit": 0.0, "feedback": "No."},
        ],
    },
    {
        "type": "multiple",
        "text": "Multiple with partial and negative credit?",
        "points": 0.30000000000000004,  # 0.1 + 0.2: floats must survive exactly
        "alternatives": [
            {"text": "a third", "credit": 1 / 3, "feedback": ""},
            {"text": "two thirds", "credit": 2 / 3, "feedback": "fb"},
            {"text": "a tenth", "credit": 0.1, "feedback": ""},
            {"text": "minus", "credit": -0.25, "feedback": ""},
            {"text": "nothing", "credit": 0.0, "feedback": ""},
        ],
    },
    {
        "type": "multiple",
        "text": "Multiple with a single right answer stays multiple?",
        "alternatives": [
            {"text": "yes", "credit": 1.0, "feedback": ""},
            {"text": "no", "credit": 0.0, "feedback": ""},
        ],
    },
    {
        "type": "true_false",
        "text": "False with feedback.",
        "alternatives": [
            {"text": "True", "credit": 0.0, "feedback": "No # it is not."},
            {"text": "False", "credit": 1.0, "feedback": "Right: false."},
        ],
    },
    {"type": "true_false", "text": "True without feedback.", "correct": True},
    {
        "type": "true_false",
        "text": "// Not a comment, although it looks like one.",
        "correct": False,
    },
    {
        "type": "short_answer",
        "text": "Grant is _____ in Grant's tomb.",
        "case_sensitive": True,
        "general_feedback": "Nobody is.",
        "alternatives": [
            {"text": "nobody", "credit": 1.0, "feedback": ""},
            {"text": "no*one", "credit": 0.5, "feedback": "Half: wildcard."},
        ],
    },
    {
        "type": "numeric",
        "text": "Exact answer, no tolerance: 2 + 2 =",
        "numeric_answer": 4.0,
    },
    {
        "type": "numeric",
        "text": "Line one\nLine two: pi?",
        "points": 3.5,
        "numeric_answer": 3.14159,
        "numeric_tolerance": 0.005,
        "general_feedback": "π ≈ 3.14159 😀",
    },
    {"type": "numeric", "text": "Negative?", "numeric_answer": -1.5e-7, "numeric_tolerance": 0.0},
]

SETTINGS = {
    "title": "Round trip: {tricky} = ~ #",
    "description": "Ça va — 😀",
    "long_description": "# Markdown\n\n* one\n* two",
    "time_limit_minutes": 45,
    "grace_period_seconds": 12,
    "max_attempts": None,
    "opens_at": datetime(2030, 1, 1, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
    "closes_at": datetime(2030, 2, 1, tzinfo=UTC),
    "shuffle_questions": True,
    "shuffle_alternatives": True,
    "one_question_per_page": False,
    "pass_mark_percent": 62.5,
    "review_policy": "after_close",
    "practice_mode": True,
}


def _without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_at"}


def _export(client: Any, exam: int, headers: dict[str, str], format_: str = "json") -> Any:
    response = client.get(f"/api/exams/{exam}/export?format={format_}", headers=headers)
    assert response.status_code == 200
    return response


@pytest.fixture
def source(build_exam, users) -> int:
    return int(build_exam(users["author"], status="draft", questions=QUESTIONS, **SETTINGS))


def test_field_lists_follow_the_exams_schemas() -> None:
    # A course belongs to one installation: the portable document never names one.
    assert set(EXAM_SETTINGS) == set(ExamIn().fields) - {"course_id"}
    assert set(QUESTION_FIELDS) | {"alternatives", "gaps", "correct"} == set(QuestionIn().fields)


def test_json_export_shape(client, auth, source):
    response = _export(client, source, auth["author"])
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="exam-{source}.json"'
    document = response.json
    assert list(document) == ["format", "version", "exported_at", "exam", "questions"]
    assert (document["format"], document["version"]) == ("online-exam", 1)
    assert document["exam"]["opens_at"] == "2030-01-01T08:00:00.123456+00:00"  # UTC
    assert document["exam"]["pass_mark_percent"] == 62.5
    assert document["questions"][1]["points"] == 0.30000000000000004
    assert document["questions"][1]["alternatives"][0]["credit"] == 1 / 3
    assert document["questions"][4]["alternatives"] == [
        {"text": "True", "credit": 1.0, "feedback": "", "match": "", "gap": 0},
        {"text": "False", "credit": 0.0, "feedback": "", "match": "", "gap": 0},
    ]
    assert "id" not in document["questions"][0]


def test_json_round_trip_through_a_new_exam_is_exact(client, auth, source):
    first = _export(client, source, auth["author"]).json
    created = client.post("/api/exams/import", json=first, headers=auth["admin"])
    assert created.status_code == 201, created.json
    second = _export(client, created.json["id"], auth["admin"]).json
    assert _without_time(second) == _without_time(first)
    # And once more, from the copy: a fixed point.
    again = client.post("/api/exams/import", json=second, headers=auth["admin"])
    third = _export(client, again.json["id"], auth["admin"]).json
    assert _without_time(third) == _without_time(first)


def test_json_round_trip_into_an_empty_exam_is_exact(client, auth, source):
    first = _export(client, source, auth["author"]).json
    empty = client.post("/api/exams", json=first["exam"], headers=auth["author"])
    assert empty.status_code == 201, empty.json
    target = empty.json["id"]
    response = client.post(
        f"/api/exams/{target}/import",
        json={"format": "json", "text": json.dumps(first)},
        headers=auth["author"],
    )
    assert response.status_code == 200, response.json
    assert response.json["imported"] == len(QUESTIONS)
    second = _export(client, target, auth["author"]).json
    assert _without_time(second) == _without_time(first)


def _key(question: dict[str, Any]) -> tuple[Any, ...]:
    return (
        question["type"],
        question["text"],
        question["points"],
        question["general_feedback"],
        question["numeric_answer"],
        question["numeric_tolerance"],
        question["case_sensitive"],
        [(a["text"], a["credit"], a["feedback"]) for a in question["alternatives"]],
    )


def test_gift_export_then_import_gives_the_same_questions(client, auth, source, build_exam, users):
    gift = _export(client, source, auth["author"], "gift")
    assert gift.mimetype == "text/plain"
    assert gift.headers["Content-Disposition"] == f'attachment; filename="exam-{source}.gift.txt"'
    target = build_exam(users["author"], status="draft", questions=[])
    response = client.post(
        f"/api/exams/{target}/import",
        json={"format": "gift", "text": gift.get_data(as_text=True)},
        headers=auth["author"],
    )
    assert response.status_code == 200, response.json
    assert response.json["errors"] == []
    assert response.json["skipped"] == []
    original = client.get(f"/api/exams/{source}/questions", headers=auth["author"]).json
    imported = client.get(f"/api/exams/{target}/questions", headers=auth["author"]).json
    assert [_key(q) for q in imported] == [_key(q) for q in original]


def test_gift_export_escapes_and_annotates(client, auth, source):
    text = _export(client, source, auth["author"], "gift").get_data(as_text=True)
    assert "// points: 2\n" in text
    assert "// points: 0.30000000000000004\n" in text
    assert "// case-sensitive\n" in text
    assert (
        "Single\\: Braces \\{x\\}, equals \\= a, tilde \\~ b, hash \\# c, colon\\: d, "
        "back\\\\slash, \\\\n literal? {"
    ) in text
    assert "Line one\\nLine two\\: pi? {#3.14159:0.005####π ≈ 3.14159 😀}" in text
    assert "Grant is {\n" in text  # the missing word goes back where the blank was
    assert "} in Grant's tomb." in text
    assert "\t~%33.33333333333333%a third\n" in text
    assert "\t~%-25%minus\n" in text
    assert "\t~%100%yes\n" in text  # a weight keeps a one-answer multiple question multiple
    assert "{FALSE#No \\# it is not.#Right\\: false.}" in text
    assert "{TRUE}" in text
    assert "\n::::// Not a comment, although it looks like one. {FALSE}\n" in text
    assert "\t=%50%no*one#Half\\: wildcard.\n" in text
    assert "{#4}" in text


def test_gift_export_lists_incomplete_questions_as_comments(client, auth, build_exam, users):
    incomplete = [
        {"type": "numeric", "text": "No answer yet?"},
        {"type": "true_false", "text": "Neither is right."},
        {"type": "single", "text": "No alternatives yet?"},
        # {=a} alone would read back as a short answer (in Moodle too), so it is not written.
        {"type": "single", "text": "One?", "alternatives": [{"text": "a", "credit": 1}]},
        {
            "type": "single",
            "text": "Fine?",
            "alternatives": [{"text": "a", "credit": 1}, {"text": "b", "credit": 0}],
        },
    ]
    exam = build_exam(users["author"], status="draft", questions=incomplete)
    text = _export(client, exam, auth["admin"], "gift").get_data(as_text=True)
    assert text.count("// Not exported: ") == 4
    target = build_exam(users["author"], status="draft", questions=[])
    response = client.post(
        f"/api/exams/{target}/import",
        json={"format": "gift", "text": text},
        headers=auth["author"],
    )
    assert response.status_code == 200
    assert [q["text"] for q in response.json["questions"]] == ["Fine?"]


def test_the_fixture_exam_round_trips_through_gift(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="published")
    text = _export(client, exam, auth["author"], "gift").get_data(as_text=True)
    target = build_exam(users["author"], status="draft", questions=[])
    response = client.post(
        f"/api/exams/{target}/import",
        json={"format": "gift", "text": text},
        headers=auth["author"],
    )
    assert response.status_code == 200, response.json
    original = client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json
    imported = client.get(f"/api/exams/{target}/questions", headers=auth["author"]).json
    assert [_key(q) for q in imported] == [_key(q) for q in original]
