"""Matching, ordering and cloze questions: grading, publish rules, the public shape, answer
validation, the per-attempt order, the review and statistics."""

from __future__ import annotations

import pytest

from online_exam import grading
from online_exam.domain import GapKind, OrderingCredit, QuestionType
from online_exam.exams import structured
from online_exam.exams.spec import AlternativeSpec, GapSpec, QuestionSpec

# --- pure grading ---------------------------------------------------------------------------

MATCHING = QuestionSpec(
    QuestionType.MATCHING,
    "Capitals",
    alternatives=(
        AlternativeSpec("France", match="Paris", id=1),
        AlternativeSpec("Italy", match="Rome", id=2),
        AlternativeSpec("Vatican", match=" rome ", id=3),  # shares its answer with Italy
        AlternativeSpec("", match="Berlin", id=4),  # a distractor
    ),
)
ORDERING = QuestionSpec(
    QuestionType.ORDERING,
    "Smallest first",
    alternatives=tuple(AlternativeSpec(t, id=i) for i, t in enumerate("abcd", start=10)),
)
CLOZE = QuestionSpec(
    QuestionType.CLOZE,
    "The {#1} is {#2}.",
    gaps=(GapSpec(GapKind.CHOICE), GapSpec(GapKind.TEXT, case_sensitive=True)),
    alternatives=(
        AlternativeSpec("sky", credit=1, gap=1, id=20),
        AlternativeSpec("sea", credit=0.5, gap=1, id=21),
        AlternativeSpec("grass", gap=1, id=22),
        AlternativeSpec("Blue", credit=1, gap=2, id=23),
        AlternativeSpec("blu*", credit=0.5, gap=2, id=24),
    ),
)


def pairs(*p: tuple[int, int]) -> grading.Answer:
    return grading.Answer(pairs=p)


@pytest.mark.parametrize(
    ("answer", "credit"),
    [
        (None, 0.0),
        (pairs(), 0.0),
        (pairs((1, 1), (2, 2), (3, 2)), 1.0),
        (pairs((1, 1), (2, 3), (3, 3)), 1.0),  # same answer text, either id
        (pairs((1, 1), (2, 4), (3, 2)), 2 / 3),
        (pairs((1, 4), (2, 4), (3, 4)), 0.0),
        (pairs((1, 1)), 1 / 3),
        (pairs((99, 1), (1, 99)), 0.0),  # unknown ids never crash
    ],
)
def test_matching_credit_per_item(answer, credit):
    assert grading.grade(MATCHING, answer) == pytest.approx(credit)


def test_ordering_whole_and_per_item():
    right = grading.Answer(ordered_ids=(10, 11, 12, 13))
    swapped = grading.Answer(ordered_ids=(11, 10, 12, 13))
    per_item = QuestionSpec(
        QuestionType.ORDERING,
        "x",
        ordering_credit=OrderingCredit.PER_ITEM,
        alternatives=ORDERING.alternatives,
    )
    assert grading.grade(ORDERING, right) == 1.0
    assert grading.grade(ORDERING, swapped) == 0.0
    assert grading.grade(per_item, swapped) == 0.5
    assert grading.grade(per_item, grading.Answer(ordered_ids=(13, 12, 11, 10))) == 0.0
    # incomplete or foreign orders earn nothing
    assert grading.grade(per_item, grading.Answer(ordered_ids=(10, 11, 12))) == 0.0
    assert grading.grade(per_item, grading.Answer(ordered_ids=(10, 11, 12, 99))) == 0.0
    assert grading.is_correct(ORDERING, right)


@pytest.mark.parametrize(
    ("gaps", "credit"),
    [
        ((), 0.0),
        (((1, 20, None), (2, None, "Blue")), 1.0),
        (((1, 21, None), (2, None, "  Blue ")), 0.75),
        (((1, 20, None), (2, None, "blue")), 0.75),  # case-sensitive: only "blu*" (0.5)
        (((1, 20, None), (2, None, "Green")), 0.5),
        (((1, 22, None),), 0.0),
        (((1, 23, None), (2, None, "")), 0.0),  # a choice of another gap earns nothing
    ],
)
def test_cloze_credit_per_gap(gaps, credit):
    assert grading.grade(CLOZE, grading.Answer(gaps=gaps)) == pytest.approx(credit)


def test_cloze_feedback_alternatives():
    answer = grading.Answer(gaps=((1, 21, None), (2, None, "blux")))
    assert grading.matching_alternative_ids(CLOZE, answer) == (21, 24)


def test_gap_markers_and_shuffle_never_the_key():
    import random

    assert structured.gap_numbers("a {#1} b {#12} {x} {#} {#2}") == [1, 12, 2]
    rng = random.Random(1)
    for _ in range(50):
        assert structured.shuffled([1, 2], rng) == [2, 1]
    assert structured.shuffled([5], rng) == [5]


# --- API ------------------------------------------------------------------------------------

STRUCTURED_QUESTIONS = [
    {
        "type": "matching",
        "text": "Match the capitals",
        "points": 3,
        "alternatives": [
            {"text": "France", "match": "MATCH-Paris"},
            {"text": "Italy", "match": "MATCH-Rome"},
            {"text": "Spain", "match": "MATCH-Madrid"},
            {"text": "", "match": "MATCH-Berlin"},
        ],
    },
    {
        "type": "ordering",
        "text": "Order by size",
        "points": 2,
        "ordering_credit": "per_item",
        "alternatives": [{"text": t} for t in ("ant", "cat", "horse", "whale")],
    },
    {
        "type": "cloze",
        "text": "Water boils at {#1} degrees and is {#2}.",
        "points": 2,
        "gaps": [{"kind": "text"}, {"kind": "choice"}],
        "alternatives": [
            {"text": "GAPKEY-100", "credit": 1, "gap": 1},
            {"text": "wet", "credit": 1, "gap": 2},
            {"text": "dry", "credit": 0, "gap": 2},
        ],
    },
]


@pytest.fixture
def exam(users, build_exam):
    return build_exam(users["author"], questions=STRUCTURED_QUESTIONS, shuffle_alternatives=False)


def ids_of(exam, qtype):
    return exam.alternatives[exam.q[qtype]]


def start(client, auth, exam):
    r = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"])
    assert r.status_code in (200, 201), r.json
    return r.json


def put(client, auth, attempt_id, question_id, body):
    return client.put(
        f"/api/attempts/{attempt_id}/responses/{question_id}", json=body, headers=auth["student"]
    )


def test_public_shape_never_leaks_the_key(client, auth, exam):
    attempt = start(client, auth, exam)
    by_type = {q["type"]: q for q in attempt["questions"]}
    body = str(attempt["questions"])
    assert "GAPKEY" not in body, body
    assert "credit" not in body, body
    assert "'match'" not in body, body
    matching = by_type["matching"]
    assert [a["text"] for a in matching["alternatives"]] == ["France", "Italy", "Spain"]
    answers = matching["answers"]
    assert sorted(a["text"] for a in answers) == sorted(
        ["MATCH-Paris", "MATCH-Rome", "MATCH-Madrid", "MATCH-Berlin"]
    )
    assert [a["text"] for a in answers] != [
        "MATCH-Paris",
        "MATCH-Rome",
        "MATCH-Madrid",
        "MATCH-Berlin",
    ]
    ordering = by_type["ordering"]
    assert sorted(a["text"] for a in ordering["alternatives"]) == ["ant", "cat", "horse", "whale"]
    assert [a["id"] for a in ordering["alternatives"]] != ids_of(exam, "ordering")
    cloze = by_type["cloze"]
    assert cloze["alternatives"] == []
    assert cloze["answers"] == []
    assert [(g["gap"], g["kind"]) for g in cloze["gaps"]] == [(1, "text"), (2, "choice")]
    assert cloze["gaps"][0]["choices"] == []
    assert sorted(c["text"] for c in cloze["gaps"][1]["choices"]) == ["dry", "wet"]
    # the same order on resume
    again = client.get(f"/api/attempts/{attempt['id']}", headers=auth["student"]).json
    assert again["questions"] == attempt["questions"]
    assert start(client, auth, exam)["questions"] == attempt["questions"]


def test_practice_browse_hides_the_order(client, users, build_exam):
    built = build_exam(users["author"], questions=STRUCTURED_QUESTIONS[1:2], practice_mode=True)
    r = client.get(f"/api/exams/{built.id}/browse")
    assert r.status_code == 200, r.json
    texts = [a["text"] for a in r.json["questions"][0]["alternatives"]]
    assert texts == sorted(texts)


@pytest.mark.parametrize(
    ("qtype", "body", "field"),
    [
        ("matching", lambda a: {"pairs": [{"item_id": 999, "answer_id": a[0]}]}, "pairs"),
        ("matching", lambda a: {"pairs": [{"item_id": a[0], "answer_id": 999}]}, "pairs"),
        (
            "matching",
            lambda a: {"pairs": [{"item_id": a[0], "answer_id": a[0]}] * 2},
            "pairs",
        ),
        ("matching", lambda a: {"pairs": [{"item_id": a[3], "answer_id": a[0]}]}, "pairs"),
        ("ordering", lambda a: {"ordered_ids": [a[0], a[0], a[1], a[2]]}, "ordered_ids"),
        ("ordering", lambda a: {"ordered_ids": [a[0], a[1], a[2]]}, "ordered_ids"),
        ("ordering", lambda a: {"ordered_ids": [*a[:3], 999]}, "ordered_ids"),
        ("ordering", lambda a: {"selected_ids": [a[0]]}, "selected_ids"),
        ("cloze", lambda a: {"gaps": [{"gap": 3, "text": "x"}]}, "gaps"),
        ("cloze", lambda a: {"gaps": [{"gap": 1, "text": "x"}, {"gap": 1, "text": "y"}]}, "gaps"),
        ("cloze", lambda a: {"gaps": [{"gap": 1, "selected_id": a[1]}]}, "gaps"),
        ("cloze", lambda a: {"gaps": [{"gap": 2, "text": "wet"}]}, "gaps"),
        ("cloze", lambda a: {"gaps": [{"gap": 2, "selected_id": a[0]}]}, "gaps"),
    ],
)
def test_invalid_answers_are_422(client, auth, exam, qtype, body, field):
    attempt = start(client, auth, exam)
    r = put(client, auth, attempt["id"], exam.q[qtype], {**body(ids_of(exam, qtype)), "seq": 1})
    assert r.status_code == 422, r.json
    assert field in r.json["error"]["details"]["json"]


def test_answer_grade_and_review(client, auth, exam):
    attempt = start(client, auth, exam)
    m, o, c = (ids_of(exam, t) for t in ("matching", "ordering", "cloze"))
    # matching: France right, Italy wrong (Berlin), Spain unanswered -> 1/3 of 3 points
    r = put(
        client,
        auth,
        attempt["id"],
        exam.q["matching"],
        {
            "pairs": [{"item_id": m[0], "answer_id": m[0]}, {"item_id": m[1], "answer_id": m[3]}],
            "seq": 1,
        },
    )
    assert r.status_code == 200, r.json
    assert r.json["pairs"] == [
        {"item_id": m[0], "answer_id": m[0]},
        {"item_id": m[1], "answer_id": m[3]},
    ]
    # ordering per item: 2 of 4 in place -> 1 of 2 points
    r = put(
        client,
        auth,
        attempt["id"],
        exam.q["ordering"],
        {"ordered_ids": [o[0], o[1], o[3], o[2]], "seq": 1},
    )
    assert r.status_code == 200, r.json
    # cloze: both gaps right (text case-insensitive by default) -> 2 points
    gaps = [{"gap": 1, "text": " gapkey-100 "}, {"gap": 2, "selected_id": c[1]}]
    r = put(client, auth, attempt["id"], exam.q["cloze"], {"gaps": gaps, "seq": 1})
    assert r.status_code == 200, r.json
    # the answers survive a reload
    view = client.get(f"/api/attempts/{attempt['id']}", headers=auth["student"]).json
    saved = {s["question_id"]: s for s in view["responses"]}
    assert saved[exam.q["ordering"]]["ordered_ids"] == [o[0], o[1], o[3], o[2]]
    assert saved[exam.q["cloze"]]["gaps"] == [
        {"gap": 1, "selected_id": None, "text": " gapkey-100 "},
        {"gap": 2, "selected_id": c[1], "text": None},
    ]
    r = client.post(f"/api/attempts/{attempt['id']}/submit", json={}, headers=auth["student"])
    assert r.status_code == 200, r.json
    result = r.json["result"]
    assert result["score"] == pytest.approx(1 + 1 + 2)
    assert result["max_score"] == 7
    items = {i["type"]: i for i in result["review"]}
    assert items["matching"]["credit"] == pytest.approx(1 / 3)
    assert items["matching"]["correct"]["pairs"] == [
        {"item_id": m[0], "answer_id": m[0]},
        {"item_id": m[1], "answer_id": m[1]},
        {"item_id": m[2], "answer_id": m[2]},
    ]
    assert items["ordering"]["correct"]["ordered_ids"] == o
    assert items["ordering"]["credit"] == 0.5
    assert items["cloze"]["is_correct"] is True
    assert items["cloze"]["correct"]["gaps"] == [
        {"gap": 1, "alternative_ids": [], "accepted_answers": ["GAPKEY-100"]},
        {"gap": 2, "alternative_ids": [c[1]], "accepted_answers": []},
    ]


def test_review_hidden_when_policy_says_never(client, auth, users, build_exam):
    built = build_exam(users["author"], questions=STRUCTURED_QUESTIONS, review_policy="never")
    attempt = start(client, auth, built)
    r = client.post(f"/api/attempts/{attempt['id']}/submit", json={}, headers=auth["student"])
    assert r.json["result"]["review"] is None
    assert "GAPKEY" not in str(r.json)
    assert "MATCH-Paris" in str(r.json)


# --- publishing -----------------------------------------------------------------------------


def create(client, auth, questions):
    exam = client.post("/api/exams", json={"title": "S"}, headers=auth["author"]).json
    for q in questions:
        r = client.post(f"/api/exams/{exam['id']}/questions", json=q, headers=auth["author"])
        assert r.status_code == 201, r.json
    return exam["id"]


def publish_problems(client, auth, question):
    exam_id = create(client, auth, [question])
    r = client.post(f"/api/exams/{exam_id}/publish", headers=auth["author"])
    if r.status_code == 200:
        return []
    assert r.status_code == 422, r.json
    problems = r.json["error"]["details"]["questions"]
    return next(iter(problems.values()))["problems"]


def test_the_complete_questions_publish(client, auth):
    exam_id = create(client, auth, STRUCTURED_QUESTIONS)
    r = client.post(f"/api/exams/{exam_id}/publish", headers=auth["author"])
    assert r.status_code == 200, r.json


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            {"type": "matching", "text": "m", "alternatives": [{"text": "a", "match": "1"}]},
            "at least 2 items",
        ),
        (
            {
                "type": "matching",
                "text": "m",
                "alternatives": [{"text": "a", "match": "1"}, {"text": "b"}],
            },
            "needs an answer",
        ),
        ({"type": "ordering", "text": "o", "alternatives": [{"text": "a"}]}, "at least 2 items"),
        (
            {"type": "ordering", "text": "o", "alternatives": [{"text": "a"}, {"text": " A"}]},
            "same text",
        ),
        (
            {
                "type": "cloze",
                "text": "no markers",
                "gaps": [{"kind": "text"}],
                "alternatives": [{"text": "x", "credit": 1, "gap": 1}],
            },
            "mark each gap once",
        ),
        (
            {
                "type": "cloze",
                "text": "{#1} {#1}",
                "gaps": [{"kind": "text"}],
                "alternatives": [{"text": "x", "credit": 1, "gap": 1}],
            },
            "mark each gap once",
        ),
        (
            {
                "type": "cloze",
                "text": "{#1}",
                "gaps": [{"kind": "choice"}],
                "alternatives": [{"text": "x", "credit": 1, "gap": 1}],
            },
            "at least 2 choices",
        ),
        (
            {
                "type": "cloze",
                "text": "{#1}",
                "gaps": [{"kind": "text"}],
                "alternatives": [{"text": "x", "credit": 0.5, "gap": 1}],
            },
            "full credit",
        ),
        (
            {
                "type": "cloze",
                "text": "{#1}",
                "gaps": [{"kind": "text"}],
                "alternatives": [{"text": "x", "credit": 1, "gap": 2}],
            },
            "belong to one of the gaps",
        ),
        ({"type": "cloze", "text": "t", "gaps": []}, "at least one gap"),
    ],
)
def test_publish_refuses_incomplete_questions(client, auth, question, expected):
    problems = publish_problems(client, auth, question)
    assert any(expected in p for p in problems), problems


# --- statistics -----------------------------------------------------------------------------


def test_statistics_mean_and_facility(client, auth, users, make_user, token_for, exam):
    scores = []
    o = ids_of(exam, "ordering")
    for order in ([o[0], o[1], o[2], o[3]], [o[1], o[0], o[2], o[3]]):
        student = make_user("student")
        headers = token_for(student)
        attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=headers).json
        client.put(
            f"/api/attempts/{attempt['id']}/responses/{exam.q['ordering']}",
            json={"ordered_ids": order, "seq": 1},
            headers=headers,
        )
        r = client.post(f"/api/attempts/{attempt['id']}/submit", json={}, headers=headers)
        scores.append(r.json["result"]["score"])
    assert scores == [2, 1]
    stats = client.get(f"/api/exams/{exam.id}/statistics", headers=auth["author"]).json
    item = next(q for q in stats["questions"] if q["type"] == "ordering")
    assert item["facility"] == 0.75
    assert item["mean_score"] == 1.5
    assert item["answered"] == 2
    parts = {p["id"]: p for p in item["parts"]}
    assert parts[o[2]]["correct"] == 2
    assert parts[o[0]]["correct"] == 1
