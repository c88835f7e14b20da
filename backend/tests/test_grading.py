"""Table-driven tests for the pure grading rules: (question key, answer, expected credit)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from online_exam.domain import QuestionType
from online_exam.exams.spec import AlternativeSpec, QuestionSpec
from online_exam.grading import (
    Answer,
    ExamScore,
    grade,
    is_correct,
    matching_alternative_ids,
    total,
)


def key(type_: str, *alternatives: tuple[int, str, float], **fields: Any) -> QuestionSpec:
    """A 1-point question (its text does not matter to grading); alternatives (id, text, credit)."""
    alts = tuple(AlternativeSpec(text, credit, id=id_) for id_, text, credit in alternatives)
    return QuestionSpec(type=type_, text="", points=1, alternatives=alts, **fields)


def choice(type_: str, *credits: float) -> QuestionSpec:
    """Choice question whose alternatives get ids 1, 2, 3... with the given credits."""
    return key(type_, *((i, f"alt {i}", c) for i, c in enumerate(credits, start=1)))


def short(*accepted: tuple[str, float], case_sensitive: bool = False) -> QuestionSpec:
    """Short-answer question; accepted answers get ids 1, 2, 3... in order."""
    alts = ((i, t, c) for i, (t, c) in enumerate(accepted, start=1))
    return key("short_answer", *alts, case_sensitive=case_sensitive)


def numeric(expected: float | None, tolerance: float | None) -> QuestionSpec:
    return key("numeric", numeric_answer=expected, numeric_tolerance=tolerance)


def ids(*selected: int) -> Answer:
    return Answer(selected_ids=selected)


def text(value: str | None) -> Answer:
    return Answer(text=value)


def number(value: float | None) -> Answer:
    return Answer(number=value)


SINGLE = choice("single", 1, 0, -0.5, 0.5)
TRUE_FALSE = choice("true_false", 1, 0)
MULTIPLE = choice("multiple", 0.5, 0.5, -0.5, -1, 0.3, 0.4)

CHOICE_CASES = [
    pytest.param(SINGLE, ids(1), 1.0, id="single-correct"),
    pytest.param(SINGLE, ids(2), 0.0, id="single-wrong"),
    pytest.param(SINGLE, ids(4), 0.5, id="single-partial"),
    pytest.param(SINGLE, ids(3), 0.0, id="single-negative-floored"),
    pytest.param(SINGLE, ids(), 0.0, id="single-none-selected"),
    pytest.param(SINGLE, ids(1, 2), 0.0, id="single-two-selected"),
    pytest.param(SINGLE, ids(1, 4), 0.0, id="single-two-creditable-selected"),
    pytest.param(SINGLE, ids(99), 0.0, id="single-unknown-id"),
    pytest.param(SINGLE, ids(1, 1), 1.0, id="single-duplicate-id-is-one-choice"),
    pytest.param(SINGLE, None, 0.0, id="single-no-answer"),
    pytest.param(SINGLE, text("alt 1"), 0.0, id="single-wrong-answer-shape"),
    pytest.param(choice("single", 1.5), ids(1), 1.0, id="single-credit-capped"),
    pytest.param(choice("single", math.nan), ids(1), 0.0, id="single-nan-credit"),
    pytest.param(choice("single"), ids(1), 0.0, id="single-no-alternatives"),
    pytest.param(TRUE_FALSE, ids(1), 1.0, id="tf-correct"),
    pytest.param(TRUE_FALSE, ids(2), 0.0, id="tf-wrong"),
    pytest.param(TRUE_FALSE, ids(1, 2), 0.0, id="tf-both"),
    pytest.param(TRUE_FALSE, ids(), 0.0, id="tf-none"),
    pytest.param(TRUE_FALSE, ids(3), 0.0, id="tf-unknown-id"),
    pytest.param(MULTIPLE, ids(1, 2), 1.0, id="multi-all-correct"),
    pytest.param(MULTIPLE, ids(1), 0.5, id="multi-partial"),
    pytest.param(MULTIPLE, ids(1, 2, 3), 0.5, id="multi-wrong-pick-penalised"),
    pytest.param(MULTIPLE, ids(1, 3), 0.0, id="multi-penalty-cancels"),
    pytest.param(MULTIPLE, ids(3), 0.0, id="multi-negative-floored"),
    pytest.param(MULTIPLE, ids(1, 4), 0.0, id="multi-below-zero-floored"),
    pytest.param(MULTIPLE, ids(1, 2, 5, 6), 1.0, id="multi-capped-at-one"),
    pytest.param(MULTIPLE, ids(1, 2, 3, 4, 5, 6), 0.2, id="multi-select-all"),
    pytest.param(MULTIPLE, ids(5, 6), 0.7, id="multi-partial-sum"),
    pytest.param(MULTIPLE, ids(1, 99), 0.5, id="multi-unknown-id-ignored"),
    pytest.param(MULTIPLE, ids(1, 1, 1), 0.5, id="multi-duplicates-once"),
    pytest.param(MULTIPLE, ids(), 0.0, id="multi-empty"),
    pytest.param(MULTIPLE, None, 0.0, id="multi-no-answer"),
    pytest.param(choice("multiple", 0.1, 0.2, 0.7), ids(1, 2, 3), 1.0, id="multi-float-sum"),
]

SHORT_CASES = [
    pytest.param(short(("Paris", 1)), text("Paris"), 1.0, id="exact"),
    pytest.param(short(("Paris", 1)), text("  paris \t"), 1.0, id="trim-and-case"),
    pytest.param(short(("Paris", 1)), text("Pariss"), 0.0, id="no-partial-substring"),
    pytest.param(short(("Paris", 1)), text("Paris, France"), 0.0, id="must-match-whole"),
    pytest.param(short(("New York", 1)), text("new   york"), 1.0, id="collapse-spaces"),
    pytest.param(short(("New York", 1)), text("New\n\tYork"), 1.0, id="collapse-newline-tab"),
    pytest.param(short(("New York", 1)), text("New\u00a0York"), 1.0, id="collapse-nbsp"),
    pytest.param(short(("new  york ", 1)), text("New York"), 1.0, id="key-also-normalized"),
    pytest.param(short(("NewYork", 1)), text("New York"), 0.0, id="space-still-matters"),
    pytest.param(short(("Straße", 1)), text("STRASSE"), 1.0, id="casefold-not-lower"),
    pytest.param(short(("DNA", 1), case_sensitive=True), text("DNA"), 1.0, id="cs-exact"),
    pytest.param(short(("DNA", 1), case_sensitive=True), text("dna"), 0.0, id="cs-wrong-case"),
    pytest.param(short(("DNA", 1), case_sensitive=True), text(" DNA  "), 1.0, id="cs-trims"),
    pytest.param(short(("Paris", 1), ("paris", 0.5)), text("paris"), 1.0, id="best-credit-wins"),
    pytest.param(
        short(("Paris", 1), ("paris", 0.5), case_sensitive=True),
        text("paris"),
        0.5,
        id="cs-partial",
    ),
    pytest.param(short(("Paris", 1), ("Lyon", 0.5)), text("lyon"), 0.5, id="partial-answer"),
    pytest.param(short(("Paris", 1), ("Berlin", -0.5)), text("Berlin"), 0.0, id="negative-floor"),
    pytest.param(short(("*", 0.2), ("Paris", 1)), text("Paris"), 1.0, id="wildcard-loses-to-best"),
    pytest.param(short(("*", 0.2), ("Paris", 1)), text("Rome"), 0.2, id="catch-all"),
    pytest.param(short(("*", 1)), text("   "), 0.0, id="blank-not-matched-by-star"),
    pytest.param(short(("*", 1)), text(""), 0.0, id="empty-text"),
    pytest.param(short(("*", 1)), text(None), 0.0, id="missing-text"),
    pytest.param(short(("*", 1)), None, 0.0, id="no-answer"),
    pytest.param(short(), text("anything"), 0.0, id="no-accepted-answers"),
    pytest.param(short(("colo*r", 1)), text("colour"), 1.0, id="wildcard-middle"),
    pytest.param(short(("colo*r", 1)), text("color"), 1.0, id="wildcard-empty-run"),
    pytest.param(short(("colo*r", 1)), text("colours"), 0.0, id="wildcard-anchored"),
    pytest.param(short(("*ton", 1)), text("Newton"), 1.0, id="wildcard-prefix"),
    pytest.param(short(("new*", 1)), text("New York"), 1.0, id="wildcard-spans-space"),
    pytest.param(short(("a*b*c", 1)), text("a-x-b-y-c"), 1.0, id="two-wildcards"),
    pytest.param(short(("3.14", 1)), text("3.14"), 1.0, id="dot-literal"),
    pytest.param(short(("3.14", 1)), text("3x14"), 0.0, id="dot-not-any-char"),
    pytest.param(short(("f(x)", 1)), text("f(x)"), 1.0, id="parens-literal"),
    pytest.param(short(("a+b", 1)), text("aab"), 0.0, id="plus-not-repeat"),
    pytest.param(short(("a+b", 1)), text("a+b"), 1.0, id="plus-literal"),
    pytest.param(short(("[abc]", 1)), text("a"), 0.0, id="class-not-class"),
    pytest.param(short(("x^2 $5 a|b", 1)), text("X^2 $5 A|B"), 1.0, id="anchors-pipe-literal"),
    pytest.param(short(("a|b", 1)), text("b"), 0.0, id="pipe-not-alternation"),
    pytest.param(short(("c:\\dir?", 1)), text("C:\\DIR?"), 1.0, id="backslash-question"),
    pytest.param(short(("c:\\dir?", 1)), text("c:\\di"), 0.0, id="question-not-optional"),
    pytest.param(short(("*.txt", 1)), text("notes.txt"), 1.0, id="wildcard-then-literal-dot"),
    pytest.param(short(("*.txt", 1)), text("notesxtxt"), 0.0, id="wildcard-dot-still-literal"),
]

NUMERIC_CASES = [
    pytest.param(numeric(42, 0), number(42), 1.0, id="exact"),
    pytest.param(numeric(42, 0), number(42.0001), 0.0, id="zero-tolerance-miss"),
    pytest.param(numeric(42, None), number(42), 1.0, id="no-tolerance-exact"),
    pytest.param(numeric(42, None), number(42.5), 0.0, id="no-tolerance-miss"),
    pytest.param(numeric(0.3, 0), number(0.1 + 0.2), 1.0, id="float-noise-zero-tol"),
    pytest.param(numeric(1.0, 0.1), number(1.1), 1.0, id="upper-boundary-inclusive"),
    pytest.param(numeric(1.0, 0.1), number(0.9), 1.0, id="lower-boundary-inclusive"),
    pytest.param(numeric(1.0, 0.1), number(1.1001), 0.0, id="just-above"),
    pytest.param(numeric(1.0, 0.1), number(0.8999), 0.0, id="just-below"),
    pytest.param(numeric(3.14, 0.01), number(3.15), 1.0, id="pi-boundary"),
    pytest.param(numeric(-5, 0.5), number(-5.5), 1.0, id="negative-boundary"),
    pytest.param(numeric(-5, 0.5), number(-4.5), 1.0, id="negative-other-boundary"),
    pytest.param(numeric(-5, 0.5), number(5), 0.0, id="sign-matters"),
    pytest.param(numeric(-5, 0.5), number(-5.6), 0.0, id="negative-outside"),
    pytest.param(numeric(0, 0), number(-0.0), 1.0, id="negative-zero"),
    pytest.param(numeric(1e9, 0.1), number(1e9 + 0.1), 1.0, id="large-boundary"),
    pytest.param(numeric(1e9, 0.1), number(1e9 + 0.2), 0.0, id="large-outside"),
    pytest.param(numeric(42, -1), number(42), 1.0, id="negative-tolerance-as-zero"),
    pytest.param(numeric(42, -1), number(42.5), 0.0, id="negative-tolerance-no-widen"),
    pytest.param(numeric(42, 1), number(math.nan), 0.0, id="nan-answer"),
    pytest.param(numeric(42, 1), number(math.inf), 0.0, id="inf-answer"),
    pytest.param(numeric(42, 1), number(-math.inf), 0.0, id="minus-inf-answer"),
    pytest.param(numeric(math.inf, 1), number(math.inf), 0.0, id="inf-key"),
    pytest.param(numeric(math.nan, 1), number(1), 0.0, id="nan-key"),
    pytest.param(numeric(42, math.nan), number(42), 0.0, id="nan-tolerance"),
    pytest.param(numeric(None, 1), number(42), 0.0, id="missing-key"),
    pytest.param(numeric(42, 1), number(None), 0.0, id="missing-number"),
    pytest.param(numeric(42, 1), None, 0.0, id="no-answer"),
]


@pytest.mark.parametrize(
    ("question", "answer", "expected"), CHOICE_CASES + SHORT_CASES + NUMERIC_CASES
)
def test_grade(question: QuestionSpec, answer: Answer | None, expected: float) -> None:
    credit = grade(question, answer)
    assert credit == pytest.approx(expected)
    assert 0.0 <= credit <= 1.0
    assert is_correct(question, answer) is (expected == 1.0)


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        pytest.param(SINGLE, ids(3), (3,), id="single-selected"),
        pytest.param(SINGLE, ids(99), (), id="single-unknown"),
        pytest.param(SINGLE, ids(2, 1), (1, 2), id="single-too-many-still-listed"),
        pytest.param(TRUE_FALSE, ids(2), (2,), id="tf-selected"),
        pytest.param(MULTIPLE, ids(4, 1, 99, 1), (1, 4), id="multi-key-order-dedup"),
        pytest.param(MULTIPLE, ids(), (), id="multi-empty"),
        pytest.param(MULTIPLE, None, (), id="no-answer"),
        pytest.param(short(("Paris", 1), ("Lyon", 0.5)), text("lyon"), (2,), id="short-match"),
        pytest.param(short(("*", 0.2), ("Paris", 1)), text("paris"), (2,), id="short-best"),
        pytest.param(short(("Paris", 1), ("paris", 1)), text("paris"), (1,), id="short-tie-first"),
        pytest.param(short(("Berlin", -1)), text("berlin"), (1,), id="short-negative-feedback"),
        pytest.param(short(("Paris", 1)), text("Rome"), (), id="short-no-match"),
        pytest.param(short(("*", 1)), text(" "), (), id="short-blank"),
        pytest.param(numeric(42, 0), number(42), (), id="numeric-none"),
    ],
)
def test_matching_alternative_ids(
    question: QuestionSpec, answer: Answer | None, expected: tuple[int, ...]
) -> None:
    assert matching_alternative_ids(question, answer) == expected


@pytest.mark.parametrize("type_", ["calculated", "", "SINGLE"])
@pytest.mark.parametrize("answer", [None, ids(1), text("x")])
def test_unknown_type_raises(type_: str, answer: Answer | None) -> None:
    question = key(type_, (1, "x", 1))
    with pytest.raises(ValueError, match="unknown question type"):
        grade(question, answer)
    with pytest.raises(ValueError, match="unknown question type"):
        matching_alternative_ids(question, answer)


@pytest.mark.parametrize("type_", list(QuestionType))
def test_every_type_handles_empty_answer(type_: str) -> None:
    question = key(type_, (1, "*", 1))
    assert grade(question, Answer()) == 0.0
    assert grade(question, None) == 0.0
    assert matching_alternative_ids(question, Answer()) == ()


FORTY_PERCENT = [(1.0, 2.0), (0.5, 4.0), (0.0, 4.0)]  # 2 + 2 + 0 of 10 points


@pytest.mark.parametrize(
    ("graded", "pass_mark", "expected"),
    [
        pytest.param(FORTY_PERCENT, 40, ExamScore(4, 10, 40, True), id="at-pass-mark"),
        pytest.param(FORTY_PERCENT, 40.01, ExamScore(4, 10, 40, False), id="just-fail"),
        pytest.param(FORTY_PERCENT, None, ExamScore(4, 10, 40, None), id="no-mark"),
        pytest.param([(1, 1), (1, 1)], 100, ExamScore(2, 2, 100, True), id="full-marks"),
        pytest.param([(0, 1)], 0, ExamScore(0, 1, 0, True), id="pass-mark-zero"),
        pytest.param([(1, 3), (0, 3), (0, 3)], 33.33, ExamScore(3, 9, 33.33, True), id="round-pct"),
        pytest.param([(1, 3), (0, 3), (0, 3)], 33.34, ExamScore(3, 9, 33.33, False), id="pct-fail"),
        pytest.param([(2 / 3, 1)], 66.67, ExamScore(0.67, 1, 67, True), id="pct-of-rounded"),
        pytest.param([(0.1, 3)], None, ExamScore(0.3, 3, 10, None), id="float-noise"),
        pytest.param([(0.125, 1)], None, ExamScore(0.13, 1, 13, None), id="half-up"),
        pytest.param([(0.5, 5.35)], None, ExamScore(2.68, 5.35, 50.09, None), id="half-up-2"),
        pytest.param([(1, 0.1), (1, 0.2)], 100, ExamScore(0.3, 0.3, 100, True), id="fsum"),
        pytest.param([], 50, ExamScore(0, 0, 0, False), id="empty-exam"),
        pytest.param([(1, 0), (0.5, 0)], 50, ExamScore(0, 0, 0, False), id="max-zero"),
        pytest.param([(1, 0)], None, ExamScore(0, 0, 0, None), id="max-zero-no-mark"),
    ],
)
def test_total(
    graded: list[tuple[float, float]], pass_mark: float | None, expected: ExamScore
) -> None:
    result = total(graded, pass_mark)
    assert result.score == pytest.approx(expected.score)
    assert result.max_score == pytest.approx(expected.max_score)
    assert result.percentage == pytest.approx(expected.percentage)
    assert result.passed is expected.passed


def test_total_accepts_generator() -> None:
    keys = [choice("single", 1, 0), choice("multiple", 0.5, 0.5)]
    answers = [ids(1), ids(2)]
    result = total(((grade(k, a), k.points) for k, a in zip(keys, answers, strict=True)), 75)
    assert result == ExamScore(score=1.5, max_score=2, percentage=75.0, passed=True)


def test_total_rounds_to_two_decimals() -> None:
    result = total([(1 / 3, 1)], None)
    assert result.score == 0.33
    assert result.percentage == 33.0
