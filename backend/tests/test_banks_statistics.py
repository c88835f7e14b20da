"""Item statistics against figures computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from online_exam.extensions import db

APPROX = 1e-4  # the API rounds to 4 decimals

# Four 1-point questions, one of each answer kind.
FOUR_ITEMS: list[dict[str, Any]] = [
    {
        "type": "single",
        "text": "2 + 2?",
        "points": 1.0,
        "alternatives": [
            {"text": "3", "credit": 0.0},
            {"text": "4", "credit": 1.0},
            {"text": "5", "credit": 0.0},
        ],
    },
    {
        "type": "true_false",
        "text": "The sky is blue.",
        "points": 1.0,
        "alternatives": [{"text": "True", "credit": 1.0}, {"text": "False", "credit": 0.0}],
    },
    {
        "type": "short_answer",
        "text": "Capital of France?",
        "points": 1.0,
        "alternatives": [{"text": "Paris", "credit": 1.0}],
    },
    {
        "type": "numeric",
        "text": "Pi?",
        "points": 1.0,
        "numeric_answer": 3.14,
        "numeric_tolerance": 0.001,
    },
]


def _stats(client: Any, exam: int, headers: dict[str, str], population: str = "all") -> Any:
    response = client.get(f"/api/exams/{exam}/statistics?attempts={population}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


@pytest.fixture
def five_students(make_user, build_exam, users, record_attempt) -> Any:
    """5 students x 4 dichotomous items (credit 0 or 1):

        Q1 Q2 Q3 Q4 | total
    A    1  1  1  1 |   4
    B    1  1  1  0 |   3
    C    1  1  0  0 |   2
    D    1  0  1  0 |   2
    E    0  0  0  1 |   1
    """
    exam = build_exam(users["author"], questions=FOUR_ITEMS)
    q1, q2, q3, q4 = exam.questions
    right, wrong = exam.alt[("single", "4")], exam.alt[("single", "3")]
    true, false = exam.alt[("true_false", "True")], exam.alt[("true_false", "False")]
    students = [make_user("student", name=f"Student {letter}") for letter in "ABCDE"]
    rows = [
        {q1: (1, {"selected_ids": [right]}), q2: (1, {"selected_ids": [true]}),
         q3: (1, {"text": "Paris"}), q4: (1, {"number": 3.14})},
        {q1: (1, {"selected_ids": [right]}), q2: (1, {"selected_ids": [true]}),
         q3: (1, {"text": "  paris "}), q4: (0, {"number": 3.0})},
        {q1: (1, {"selected_ids": [right]}), q2: (1, {"selected_ids": [true]}),
         q3: (0, {"text": "Lyon"}), q4: (0, {"number": 3.0})},
        {q1: (1, {"selected_ids": [right]}), q2: (0, {"selected_ids": [false]}),
         q3: (1, {"text": "PARIS"})},  # Q4 unanswered: no response at all
        {q1: (0, {"selected_ids": [wrong]}), q2: (0, {"selected_ids": [false]}),
         q4: (1, {"number": 3.14})},  # Q3 unanswered
    ]  # fmt: skip
    for student, answers in zip(students, rows, strict=True):
        record_attempt(exam.id, student, answers)
    return exam, students


def test_dichotomous_items_by_hand(client, auth, five_students):
    exam, _ = five_students
    stats = _stats(client, exam.id, auth["author"])
    assert (stats["n"], stats["population"], stats["question_count"]) == (5, "all", 4)
    q1, q2, q3, q4 = stats["questions"]

    # Facility = mean credit: Q1 4/5 = 0.8, Q2 3/5 = 0.6, Q3 3/5 = 0.6, Q4 2/5 = 0.4.
    assert [q["facility"] for q in (q1, q2, q3, q4)] == [0.8, 0.6, 0.6, 0.4]
    assert [q["mean_score"] for q in (q1, q2, q3, q4)] == [0.8, 0.6, 0.6, 0.4]

    # SD (sample, n - 1):
    # Q1: deviations .2 .2 .2 .2 -.8 -> squares sum .04*4 + .64 = .8 -> var .8/4 = .2
    #     -> sd sqrt(.2) = 0.44721
    # Q2, Q3 (3 of 5 right): .4^2*3 + .6^2*2 = .48 + .72 = 1.2 -> var .3 -> sd 0.54772
    # Q4 (2 of 5 right): .6^2*2 + .4^2*3 = .72 + .48 = 1.2 -> sd 0.54772
    assert q1["sd"] == pytest.approx(0.44721, abs=APPROX)
    assert q2["sd"] == q3["sd"] == q4["sd"] == pytest.approx(0.54772, abs=APPROX)

    # Item-rest correlation; totals T = 4 3 2 2 1, rest R = T - item.
    # Q1: x = 1 1 1 1 0 (mean .8), R = 3 2 1 1 1 (mean 1.6)
    #     dx = .2 .2 .2 .2 -.8 ; dR = 1.4 .4 -.6 -.6 -.6
    #     sum dx dR = .28 + .08 - .12 - .12 + .48 = .6 ; sum dx^2 = .8 ; sum dR^2 = 3.2
    #     r = .6 / sqrt(.8 * 3.2) = .6 / 1.6 = 0.375
    # Q2: x = 1 1 1 0 0, R = 3 2 1 2 1 (mean 1.8); dx = .4 .4 .4 -.6 -.6
    #     dR = 1.2 .2 -.8 .2 -.8 ; sum dx dR = .48 + .08 - .32 - .12 + .48 = .6
    #     sum dx^2 = 1.2 ; sum dR^2 = 1.44 + .04 + .64 + .04 + .64 = 2.8
    #     r = .6 / sqrt(1.2 * 2.8) = .6 / 1.83303 = 0.32733
    # Q3: x = 1 1 0 1 0, R = 3 2 2 1 1 (mean 1.8): the same sums -> 0.32733
    # Q4: x = 1 0 0 0 1 (mean .4), R = 3 3 2 2 0 (mean 2); dx = .6 -.4 -.4 -.4 .6
    #     dR = 1 1 0 0 -2 ; sum dx dR = .6 - .4 - 1.2 = -1 ; sum dx^2 = 1.2 ; sum dR^2 = 6
    #     r = -1 / sqrt(7.2) = -0.37268
    assert q1["discrimination"] == pytest.approx(0.375, abs=APPROX)
    assert q2["discrimination"] == pytest.approx(0.32733, abs=APPROX)
    assert q3["discrimination"] == pytest.approx(0.32733, abs=APPROX)
    assert q4["discrimination"] == pytest.approx(-0.37268, abs=APPROX)

    # Top/bottom 27 %: k = round(0.27 * 5) = round(1.35) = 1 -> top A (4), bottom E (1).
    # D = credit(A) - credit(E): Q1 1-0, Q2 1-0, Q3 1-0, Q4 1-1.
    assert [q["discrimination_27"] for q in (q1, q2, q3, q4)] == [1.0, 1.0, 1.0, 0.0]

    # Flags: nothing above .95 or below .1; Q4's r < 0.
    assert [q["flags"] for q in (q1, q2, q3, q4)] == [[], [], [], ["negative_discrimination"]]

    # Answered: Q3 has no response from E, Q4 none from D.
    assert [q["answered"] for q in (q1, q2, q3, q4)] == [5, 5, 4, 4]

    # Exam: scores 4 3 2 2 1 of 4. mean 12/5 = 2.4, median 2, min 1, max 4.
    # sd: deviations 1.6 .6 -.4 -.4 -1.4 -> 2.56 + .36 + .16 + .16 + 1.96 = 5.2 -> var 1.3
    #     -> sd 1.14018. In percent (x 25): 100 75 50 50 25 -> mean 60, median 50,
    #     sd 28.50439.
    assert stats["max_score"] == 4.0
    assert stats["score"] == {
        "mean": 2.4,
        "median": 2.0,
        "sd": pytest.approx(1.14018, abs=APPROX),
        "min": 1.0,
        "max": 4.0,
    }
    assert stats["percent"] == {
        "mean": 60.0,
        "median": 50.0,
        "sd": pytest.approx(28.50439, abs=APPROX),
        "min": 25.0,
        "max": 100.0,
    }
    # Cronbach's alpha = k/(k-1) (1 - sum var_i / var_T) = 4/3 (1 - (.2+.3+.3+.3)/1.3)
    #   = 4/3 * 0.2/1.3 = 0.20513; all items 0/1, so KR-20 is the same.
    assert stats["alpha"] == pytest.approx(0.20513, abs=APPROX)
    assert stats["kr20"] == stats["alpha"]
    assert stats["dichotomous"] is True
    # Histogram of 100 75 50 50 25: buckets [90,100] [70,80) [50,60) x2 [20,30).
    assert [b["count"] for b in stats["histogram"]] == [0, 0, 1, 0, 0, 2, 0, 1, 0, 1]
    assert (stats["histogram"][0]["from"], stats["histogram"][-1]["to"]) == (0, 100)


def test_answer_frequencies(client, auth, five_students):
    exam, _ = five_students
    q1, q2, q3, q4 = _stats(client, exam.id, auth["admin"])["questions"]
    # Q1: "3" chosen by E, "4" by A-D, "5" by nobody.
    assert [(a["text"], a["count"], a["share"], a["credit"]) for a in q1["alternatives"]] == [
        ("3", 1, 0.2, 0.0),
        ("4", 4, 0.8, 1.0),
        ("5", 0, 0.0, 0.0),
    ]
    assert q1["answers"] is None
    assert [(a["text"], a["count"]) for a in q2["alternatives"]] == [("True", 3), ("False", 2)]
    # Q3: "Paris", "  paris ", "PARIS" are one answer (spaces collapsed, case folded); shown
    # as first seen. Q4: 3.0 twice (credit 0), 3.14 twice (credit 1); ties by value.
    assert q3["alternatives"] is None
    assert q3["answers"] == [
        {"answer": "Paris", "count": 3, "share": 0.6, "credit": 1.0},
        {"answer": "Lyon", "count": 1, "share": 0.2, "credit": 0.0},
    ]
    assert q4["answers"] == [
        {"answer": 3.0, "count": 2, "share": 0.4, "credit": 0.0},
        {"answer": 3.14, "count": 2, "share": 0.4, "credit": 1.0},
    ]


@pytest.fixture
def partial_credit(make_user, build_exam, users, record_attempt) -> Any:
    """3 students x 2 items, partial credit and unequal points:

    item 1 (2 points, multiple): credits 1, .5, 0 -> scores 2, 1, 0
    item 2 (1 point, true/false): credits 1, 0, 0  -> scores 1, 0, 0
    totals 3, 1, 0 of 3
    """
    questions = [
        {
            "type": "multiple",
            "text": "Pick the primes.",
            "points": 2.0,
            "alternatives": [
                {"text": "2", "credit": 0.5},
                {"text": "3", "credit": 0.5},
                {"text": "4", "credit": -0.5},
            ],
        },
        {
            "type": "true_false",
            "text": "True?",
            "points": 1.0,
            "alternatives": [{"text": "True", "credit": 1.0}, {"text": "False", "credit": 0.0}],
        },
    ]
    exam = build_exam(users["author"], questions=questions)
    m, t = exam.questions
    students = [make_user("student") for _ in range(3)]
    record_attempt(exam.id, students[0], {m: (1.0, {}), t: (1.0, {})})
    record_attempt(exam.id, students[1], {m: (0.5, {}), t: (0.0, {})})
    record_attempt(exam.id, students[2], {m: (0.0, {}), t: (0.0, {})})
    return exam


def test_partial_credit_by_hand(client, auth, partial_credit):
    stats = _stats(client, partial_credit.id, auth["author"])
    item1, item2 = stats["questions"]
    # Facility: item 1 (1 + .5 + 0)/3 = .5 ; item 2 1/3 = .33333.
    assert (item1["facility"], item2["facility"]) == (0.5, pytest.approx(1 / 3, abs=APPROX))
    # Mean score in points: item 1 (2 + 1 + 0)/3 = 1 ; item 2 1/3.
    assert item1["mean_score"] == 1.0
    # SD of the credit: item 1 dev .5 0 -.5 -> .5 / 2 = .25 -> .5 ;
    #                   item 2 dev 2/3 -1/3 -1/3 -> (4+1+1)/9 / 2 = 1/3 -> .57735
    assert item1["sd"] == 0.5
    assert item2["sd"] == pytest.approx(0.57735, abs=APPROX)
    # Item-rest: item 1 s = 2 1 0, rest = 1 0 0 (mean 1/3): ds = 1 0 -1, dR = 2/3 -1/3 -1/3
    #   sum ds dR = 2/3 + 1/3 = 1 ; sum ds^2 = 2 ; sum dR^2 = 6/9 -> r = 1/sqrt(4/3) = .86603
    # item 2 s = 1 0 0 (mean 1/3), rest = 2 1 0 (mean 1): ds = 2/3 -1/3 -1/3, dR = 1 0 -1
    #   sum = 2/3 + 1/3 = 1 ; sum ds^2 = 2/3 ; sum dR^2 = 2 -> r = 1/sqrt(4/3) = .86603
    assert item1["discrimination"] == pytest.approx(0.86603, abs=APPROX)
    assert item2["discrimination"] == pytest.approx(0.86603, abs=APPROX)
    # 27 %: k = round(.81) = 1: top = student 1, bottom = student 3: 1 - 0 for both.
    assert (item1["discrimination_27"], item2["discrimination_27"]) == (1.0, 1.0)
    # Alpha with item variances in points: var(s1) = 2/2 = 1, var(s2) = (2/3)/2 = 1/3;
    # totals 3 1 0 (mean 4/3): dev 5/3 -1/3 -4/3 -> (25+1+16)/9 = 14/3 -> var 7/3.
    # alpha = 2/1 (1 - (4/3)/(7/3)) = 2 (1 - 4/7) = 6/7 = .85714. Not dichotomous: no KR-20.
    assert stats["alpha"] == pytest.approx(6 / 7, abs=APPROX)
    assert (stats["kr20"], stats["dichotomous"]) == (None, False)
    # Scores 3 1 0 of 3: mean 4/3, median 1, sd sqrt(7/3) = 1.52753.
    assert stats["score"]["mean"] == pytest.approx(4 / 3, abs=APPROX)
    assert stats["score"]["median"] == 1.0
    assert stats["score"]["sd"] == pytest.approx(1.52753, abs=APPROX)
    # Percentages as graded (2 decimals): 100, 33.33, 0 -> mean 44.44333, median 33.33,
    # sd: dev 55.55667 -11.11333 -44.44333 -> squares 3086.5432 + 123.5062 + 1975.2099
    #   = 5185.2593 / 2 = 2592.6296 -> 50.91787
    assert stats["percent"]["mean"] == pytest.approx(44.44333, abs=APPROX)
    assert stats["percent"]["median"] == 33.33
    assert stats["percent"]["sd"] == pytest.approx(50.91787, abs=APPROX)
    assert [b["count"] for b in stats["histogram"]] == [1, 0, 0, 1, 0, 0, 0, 0, 0, 1]


def test_too_easy_and_too_hard(client, auth, make_user, build_exam, users, record_attempt):
    questions = [
        {"type": "numeric", "text": f"Q{i}", "points": 1.0, "numeric_answer": 1.0} for i in range(3)
    ]
    exam = build_exam(users["author"], questions=questions)
    easy, hard, mid = exam.questions
    # 21 students: everyone gets `easy` (facility 1 > .95), nobody `hard` (0 < .1);
    # `mid` right for the first 10 (facility 10/21 = .47619).
    for i in range(21):
        student = make_user("student")
        record_attempt(
            exam.id, student, {easy: (1, {}), hard: (0, {}), mid: (1 if i < 10 else 0, {})}
        )
    items = _stats(client, exam.id, auth["author"])["questions"]
    assert [q["flags"] for q in items] == [["too_easy"], ["too_hard"], []]
    # Constant items have no correlation: null, not a flag.
    assert (items[0]["discrimination"], items[1]["discrimination"]) == (None, None)
    assert items[2]["facility"] == pytest.approx(10 / 21, abs=APPROX)


def test_fewer_than_two_attempts_is_insufficient_data(
    client, auth, build_exam, users, record_attempt
):
    exam = build_exam(users["author"], questions=FOUR_ITEMS)
    empty = _stats(client, exam.id, auth["author"])
    assert empty["n"] == 0
    assert empty["score"] == {"mean": None, "median": None, "sd": None, "min": None, "max": None}
    assert all(q["flags"] == ["insufficient_data"] for q in empty["questions"])
    record_attempt(exam.id, users["student"], {exam.questions[0]: (1, {"selected_ids": []})})
    one = _stats(client, exam.id, auth["author"])
    assert one["n"] == 1
    for item in one["questions"]:
        assert item["flags"] == ["insufficient_data"]
        for key in ("facility", "sd", "discrimination", "discrimination_27", "mean_score"):
            assert item[key] is None
    assert one["score"] == {"mean": 1.0, "median": 1.0, "sd": None, "min": 1.0, "max": 1.0}
    assert (one["alpha"], one["kr20"]) == (None, None)
    assert one["questions"][0]["answered"] == 0  # an empty selection is no answer


def test_population_all_or_first(client, auth, make_user, build_exam, users, record_attempt):
    exam = build_exam(users["author"], questions=FOUR_ITEMS[3:], max_attempts=None)
    (q,) = exam.questions
    a, b = make_user("student"), make_user("student")
    record_attempt(exam.id, a, {q: (0, {"number": 1.0})})  # a's first attempt
    record_attempt(exam.id, a, {q: (1, {"number": 3.14})})  # a's second
    record_attempt(exam.id, b, {q: (1, {"number": 3.14})})
    record_attempt(exam.id, b, {q: (0, {"number": 2.0})}, state="in_progress")  # never counted
    everyone = _stats(client, exam.id, auth["author"])
    # all: credits 0, 1, 1 -> facility 2/3 ; first: a's first (0) and b's (1) -> 1/2
    assert (everyone["n"], everyone["questions"][0]["facility"]) == (
        3,
        pytest.approx(2 / 3, abs=APPROX),
    )
    first = _stats(client, exam.id, auth["author"], "first")
    assert (first["n"], first["population"], first["questions"][0]["facility"]) == (2, "first", 0.5)


def test_expired_attempts_count_and_in_progress_do_not(
    client, auth, build_exam, users, record_attempt, make_user
):
    exam = build_exam(users["author"], questions=FOUR_ITEMS[3:])
    (q,) = exam.questions
    record_attempt(exam.id, make_user("student"), {q: (1, {"number": 3.14})}, state="expired")
    record_attempt(exam.id, make_user("student"), {q: (0, {})}, state="submitted")
    record_attempt(exam.id, make_user("student"), {q: (0, {"number": 1})}, state="in_progress")
    stats = _stats(client, exam.id, auth["author"])
    assert stats["n"] == 2
    assert stats["questions"][0]["facility"] == 0.5


def test_a_constant_number_of_queries(
    app, client, auth, build_exam, users, record_attempt, make_user
):
    exam = build_exam(users["author"], questions=FOUR_ITEMS)
    q1, q2, q3, q4 = exam.questions

    def count_queries() -> int:
        statements: list[str] = []
        with app.app_context():
            engine = db.engine

        def before(*_args: Any) -> None:
            statements.append("q")

        event.listen(engine, "before_cursor_execute", before)
        try:
            _stats(client, exam.id, auth["author"])
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return len(statements)

    def add(count: int) -> None:
        for _ in range(count):
            record_attempt(
                exam.id,
                make_user("student"),
                {q1: (1, {}), q2: (0, {}), q3: (1, {"text": "x"}), q4: (0, {"number": 1})},
            )

    add(2)
    few = count_queries()
    assert 5 <= few <= 12  # auth, exam + questions + alternatives, sweep, attempts, responses
    add(20)
    assert count_queries() == few
