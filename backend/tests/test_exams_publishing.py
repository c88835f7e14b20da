"""Publishing: the completeness rules (a table over plain models) and the publish life cycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from online_exam.exams.models import Alternative, Exam, Question
from online_exam.exams.publishing import (
    exam_problems,
    publish_problems,
    publish_warnings,
    question_problems,
)

from .conftest import EXAM_QUESTIONS


def _question(type_, alternatives=(), *, text="Q?", points=1.0, answer=None, tolerance=None):
    question = Question(
        id=7,
        position=0,
        type=type_,
        text=text,
        points=points,
        numeric_answer=answer,
        numeric_tolerance=tolerance,
    )
    question.alternatives = [
        Alternative(id=i, position=i, text=t, credit=c, feedback="")
        for i, (t, c) in enumerate(alternatives)
    ]
    return question


OK = None

QUESTION_RULES = [
    # single
    ("single ok", _question("single", [("a", 1), ("b", 0)]), OK),
    ("single partial others ok", _question("single", [("a", 1), ("b", 0.5), ("c", -1)]), OK),
    ("single one alt", _question("single", [("a", 1)]), "at least 2 alternatives"),
    ("single no alts", _question("single"), ("at least 2 alternatives", "it has 0")),
    ("single no key", _question("single", [("a", 0.5), ("b", 0)]), "it has 0"),
    ("single two keys", _question("single", [("a", 1), ("b", 1)]), "it has 2"),
    ("single blank alt", _question("single", [("a", 1), ("  ", 0)]), "empty text"),
    ("single duplicate", _question("single", [("Paris", 1), (" paris ", 0)]), "same text"),
    # multiple
    ("multiple ok", _question("multiple", [("a", 0.5), ("b", 0.5), ("c", -1)]), OK),
    ("multiple thirds", _question("multiple", [("a", 1 / 3), ("b", 1 / 3), ("c", 1 / 3)]), OK),
    ("multiple over 1 ok", _question("multiple", [("a", 1), ("b", 1)]), OK),
    ("multiple one alt", _question("multiple", [("a", 1)]), "at least 2 alternatives"),
    ("multiple no positive", _question("multiple", [("a", 0), ("b", -0.5)]), "positive credit"),
    ("multiple sum < 1", _question("multiple", [("a", 0.5), ("b", 0)]), "full marks would be"),
    # true_false
    ("tf ok", _question("true_false", [("True", 1), ("False", 0)]), OK),
    ("tf false is right", _question("true_false", [("True", 0), ("False", 1)]), OK),
    ("tf no key", _question("true_false", [("True", 0), ("False", 0)]), "credit 1 and"),
    ("tf negative", _question("true_false", [("True", 1), ("False", -0.5)]), "credit 1 and"),
    ("tf both right", _question("true_false", [("True", 1), ("False", 1)]), "credit 1 and"),
    ("tf three", _question("true_false", [("T", 1), ("F", 0), ("?", 0)]), "exactly 2"),
    ("tf none", _question("true_false"), "exactly 2"),
    # short_answer
    ("short ok", _question("short_answer", [("Paris", 1), ("Pari*", 0.5)]), OK),
    ("short none", _question("short_answer"), "at least one accepted answer"),
    ("short partial only", _question("short_answer", [("Paris", 0.5)]), "full credit"),
    ("short blank", _question("short_answer", [("Paris", 1), (" ", 0)]), "accepted answer has"),
    # numeric
    ("numeric ok", _question("numeric", answer=3.14, tolerance=0.01), OK),
    ("numeric exact ok", _question("numeric", answer=0.0), OK),
    ("numeric no answer", _question("numeric", tolerance=0.1), "needs a correct answer"),
    ("numeric nan", _question("numeric", answer=float("nan")), "needs a correct answer"),
    ("numeric bad tol", _question("numeric", answer=1.0, tolerance=-1), "0 or more"),
    ("numeric alts", _question("numeric", [("x", 1)], answer=1.0), "takes no alternatives"),
    # every type
    ("blank text", _question("numeric", text="   ", answer=1.0), "text is empty"),
    ("zero points", _question("numeric", points=0, answer=1.0), "greater than 0"),
    ("negative points", _question("numeric", points=-1, answer=1.0), "greater than 0"),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [pytest.param(q, e, id=name) for name, q, e in QUESTION_RULES],
)
def test_question_rules(question, expected):
    problems = question_problems(question)
    if expected is OK:
        assert problems == []
        return
    expected = (expected,) if isinstance(expected, str) else expected
    assert len(problems) == len(expected), problems
    for problem, words in zip(problems, expected, strict=True):
        assert words in problem


def test_a_question_reports_every_problem_at_once():
    problems = question_problems(_question("single", [(" ", 0)], text="", points=0))
    assert len(problems) == 5, problems  # text, points, blank alternative, count, key


NOW = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "questions", "opens", "closes", "expected"),
    [
        ("T", 1, None, None, []),
        ("T", 1, NOW, NOW + timedelta(hours=1), []),
        ("T", 1, NOW, None, []),
        ("T", 0, None, None, ["at least one question"]),
        ("T", 1, NOW, NOW, ["close after it opens"]),
        ("T", 1, NOW, NOW - timedelta(seconds=1), ["close after it opens"]),
        (" ", 0, NOW, NOW, ["title", "at least one question", "close after it opens"]),
    ],
)
def test_exam_rules(title, questions, opens, closes, expected):
    exam = Exam(title=title, opens_at=opens, closes_at=closes)
    exam.questions = [_question("numeric", answer=1.0) for _ in range(questions)]
    problems = exam_problems(exam)
    assert len(problems) == len(expected), problems
    for problem, words in zip(problems, expected, strict=True):
        assert words in problem


def test_publish_problems_is_keyed_by_question_id_with_position():
    exam = Exam(title="T")
    good = _question("numeric", answer=1.0)
    bad = _question("single", [("a", 0)])
    bad.id, bad.position = 42, 1
    exam.questions = [good, bad]
    assert publish_problems(exam) == {
        "questions": {"42": {"position": 1, "problems": question_problems(bad)}}
    }
    exam.questions = [good]
    assert publish_problems(exam) == {}


# --- through the API -------------------------------------------------------------------------


def test_publish_answers_422_listing_every_problem(client, auth, build_exam, users):
    broken = [
        {"type": "single", "text": "S", "alternatives": [{"text": "a", "credit": 0.5}]},
        {"type": "multiple", "text": "M", "alternatives": [{"text": "a", "credit": 0.3}]},
        {"type": "true_false", "text": "TF"},
        {"type": "short_answer", "text": "SA"},
        {"type": "numeric", "text": "N"},
        {"type": "numeric", "text": "fine", "numeric_answer": 1.0},
    ]
    exam_id = build_exam(
        users["author"],
        status="draft",
        questions=broken,
        opens_at=NOW,
        closes_at=NOW - timedelta(days=1),
    )
    r = client.post(f"/api/exams/{exam_id}/publish", headers=auth["author"])
    assert r.status_code == 422
    error = r.json["error"]
    assert error["code"] == "validation_error"
    details = error["details"]
    assert any("close after it opens" in p for p in details["exam"])
    by_position = {q["position"]: q["problems"] for q in details["questions"].values()}
    assert sorted(by_position) == [0, 1, 2, 3, 4]  # every broken question, not the fine one
    assert len(by_position[0]) == 2  # single: too few alternatives and no full credit
    assert len(by_position[1]) == 2  # multiple: too few alternatives, credits < 1
    # The author's view shows the same problems before trying.
    view = client.get(f"/api/author/exams/{exam_id}", headers=auth["author"]).json
    assert view["publish_problems"] == details
    assert view["status"] == "draft"


def test_publish_an_empty_exam_is_422(client, auth):
    exam_id = client.post("/api/exams", json={"title": "Empty"}, headers=auth["author"]).json["id"]
    r = client.post(f"/api/exams/{exam_id}/publish", headers=auth["author"])
    assert r.status_code == 422
    assert r.json["error"]["details"] == {"exam": ["The exam needs at least one question."]}


def test_publish_unpublish_archive_life_cycle(client, auth, build_exam, users):
    headers = auth["author"]
    exam_id = build_exam(users["author"], status="draft")
    r = client.post(f"/api/exams/{exam_id}/publish", headers=headers)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "published"
    first_published = r.json["published_at"]
    assert first_published is not None
    assert r.json["publish_problems"] == {}

    # Publishing again is harmless and keeps the date.
    r = client.post(f"/api/exams/{exam_id}/publish", headers=headers)
    assert (r.status_code, r.json["published_at"]) == (200, first_published)

    r = client.post(f"/api/exams/{exam_id}/unpublish", headers=headers)
    assert (r.status_code, r.json["status"]) == (200, "draft")
    assert client.get(f"/api/exams/{exam_id}").status_code == 404
    assert client.post(f"/api/exams/{exam_id}/unpublish", headers=headers).status_code == 200

    r = client.post(f"/api/exams/{exam_id}/publish", headers=headers)
    assert r.json["published_at"] == first_published  # the first publication date stays

    r = client.post(f"/api/exams/{exam_id}/archive", headers=headers)
    assert (r.status_code, r.json["status"]) == (200, "archived")
    assert client.post(f"/api/exams/{exam_id}/archive", headers=headers).status_code == 200
    for action in ("publish", "unpublish"):
        r = client.post(f"/api/exams/{exam_id}/{action}", headers=headers)
        assert r.status_code == 409, action
        assert r.json["error"]["code"] == "conflict"
    assert client.get(f"/api/exams/{exam_id}").status_code == 404


def test_a_published_exam_must_stay_complete(client, auth, build_exam, users):
    headers = auth["author"]
    exam_id = build_exam(users["author"], questions=EXAM_QUESTIONS[:1])
    question = client.get(f"/api/exams/{exam_id}/questions", headers=headers).json[0]
    key = next(a for a in question["alternatives"] if a["credit"] == 1)

    # Fixing a typo is fine while nobody has started.
    r = client.patch(f"/api/alternatives/{key['id']}", json={"text": "four"}, headers=headers)
    assert r.status_code == 200
    # Removing the only right answer, or the only question, would break it: refused, unchanged.
    r = client.patch(f"/api/alternatives/{key['id']}", json={"credit": 0}, headers=headers)
    assert r.status_code == 422
    assert str(question["id"]) in r.json["error"]["details"]["questions"]
    assert client.delete(f"/api/questions/{question['id']}", headers=headers).status_code == 422
    r = client.patch(
        f"/api/exams/{exam_id}",
        json={"opens_at": "2030-01-02T00:00:00Z", "closes_at": "2030-01-03T00:00:00Z"},
        headers=headers,
    )
    assert r.status_code == 200
    r = client.patch(
        f"/api/exams/{exam_id}", json={"closes_at": "2030-01-01T00:00:00Z"}, headers=headers
    )
    assert r.status_code == 422
    assert "exam" in r.json["error"]["details"]

    view = client.get(f"/api/author/exams/{exam_id}", headers=headers).json
    assert view["closes_at"] == "2030-01-03T00:00:00+00:00"
    assert view["questions"][0]["alternatives"][1] == {**key, "text": "four"}


# --- warnings: publishing succeeds, with advice -------------------------------------------------

RIGHT_FIRST = [("right", 1), ("wrong", 0), ("also wrong", 0)]
RIGHT_LAST = [("wrong", 0), ("also wrong", 0), ("right", 1)]
MULTI_FIRST = [("yes", 0.5), ("no", -0.5), ("yes too", 0.5)]


def _exam(*questions: Question, shuffle: bool = False) -> Exam:
    exam = Exam(title="T", shuffle_alternatives=shuffle)
    exam.questions = list(questions)
    return exam


@pytest.mark.parametrize(
    ("questions", "shuffle", "warned"),
    [
        ([("single", RIGHT_FIRST), ("single", RIGHT_FIRST)], False, True),
        ([("single", RIGHT_FIRST), ("multiple", MULTI_FIRST), ("single", RIGHT_LAST)], False, True),
        ([("single", RIGHT_FIRST), ("single", RIGHT_FIRST)], True, False),  # shuffled: fine
        ([("single", RIGHT_FIRST), ("single", RIGHT_LAST)], False, False),  # half is not most
        ([("single", RIGHT_FIRST)], False, False),  # one question shows no pattern
        # true/false keeps True first whatever the key: it does not count
        ([("true_false", [("True", 1), ("False", 0)])] * 3, False, False),
        # a partially credited first alternative is not the credited one
        ([("single", [("half", 0.5), ("right", 1)])] * 3, False, False),
    ],
)
def test_publish_warnings(questions, shuffle, warned):
    exam = _exam(*(_question(type_, alts) for type_, alts in questions), shuffle=shuffle)
    warnings = publish_warnings(exam)
    assert [w["code"] for w in warnings] == (["credited_alternative_first"] if warned else [])


def test_publishing_succeeds_with_a_warning_when_the_order_gives_the_answers_away(
    client, auth, build_exam, users
):
    single = {
        "type": "single",
        "text": "Pick the right one",
        "alternatives": [{"text": t, "credit": c, "feedback": ""} for t, c in RIGHT_FIRST],
    }
    questions = [single, {**single, "text": "And again"}, EXAM_QUESTIONS[0]]
    exam_id = build_exam(users["author"], status="draft", questions=questions)
    r = client.post(f"/api/exams/{exam_id}/publish", headers=auth["author"])
    assert r.status_code == 200, r.json
    assert r.json["status"] == "published"
    (warning,) = r.json["warnings"]
    assert warning["code"] == "credited_alternative_first"
    assert "2 of 3 choice questions" in warning["message"]

    # Shuffling the alternatives answers it: the next publish has no warning.
    client.post(f"/api/exams/{exam_id}/unpublish", headers=auth["author"])
    patch = {"shuffle_alternatives": True}
    assert (
        client.patch(f"/api/exams/{exam_id}", json=patch, headers=auth["author"]).status_code == 200
    )
    r = client.post(f"/api/exams/{exam_id}/publish", headers=auth["author"])
    assert (r.status_code, r.json["warnings"]) == (200, [])


def test_the_warnings_are_documented(client):
    spec = client.get("/api/openapi.json").json
    operation = spec["paths"]["/api/exams/{exam_id}/publish"]["post"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert "warnings" in schema["properties"]
    assert "credited_alternative_first" in schema["properties"]["warnings"]["description"]
