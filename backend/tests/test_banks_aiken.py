"""The Aiken parser: single-choice questions, options A. / A), ANSWER: X, errors with lines."""

from __future__ import annotations

import pytest

from online_exam.banks.aiken import parse_aiken

VALID = """What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
"""


def test_valid_file() -> None:
    result = parse_aiken(VALID)
    assert result.errors == []
    assert result.skipped == []
    first, second = result.questions
    assert (first.line, first.index, second.line, second.index) == (1, 1, 8, 2)
    assert first.data["type"] == "single"
    assert first.data["text"] == "What is the correct answer to this question?"
    assert first.data["alternatives"] == [
        {"text": "Is it this one?", "credit": 0.0, "feedback": "", "match": "", "gap": 0},
        {"text": "Maybe this answer?", "credit": 0.0, "feedback": "", "match": "", "gap": 0},
        {"text": "Possibly this one?", "credit": 0.0, "feedback": "", "match": "", "gap": 0},
        {"text": "Must be this one!", "credit": 1.0, "feedback": "", "match": "", "gap": 0},
    ]
    assert [a["text"] for a in second.data["alternatives"]][:2] == ["Moodle", "ATutor"]
    assert [a["credit"] for a in second.data["alternatives"]] == [1.0, 0, 0, 0, 0, 0]
    assert second.data["points"] == 1.0


def test_questions_need_no_blank_line_between_them_and_crlf_works() -> None:
    text = "Q1?\r\nA. x\r\nB. y\r\nANSWER: B\r\nQ2?\r\nA. x\r\nB. y\r\nANSWER: A\r\n"
    result = parse_aiken(text)
    assert result.errors == []
    assert [(q.line, q.data["text"]) for q in result.questions] == [(1, "Q1?"), (5, "Q2?")]


def test_question_text_over_several_lines() -> None:
    result = parse_aiken("First line\nsecond line?\nA. x\nB. y\nANSWER: A")
    assert result.questions[0].data["text"] == "First line\nsecond line?"


def test_answer_keyword_is_case_insensitive_and_spacing_free() -> None:
    result = parse_aiken("Q?\nA. x\nB. y\nanswer:B")
    assert result.questions[0].data["alternatives"][1]["credit"] == 1.0


# (case, text, [(line, words)...])
ERRORS = [
    ("no ANSWER line at the end", "Q?\nA. x\nB. y\n", [(1, "no ANSWER: line")]),
    (
        "no ANSWER line before the next question",
        "Q?\nA. x\nB. y\nNext?\nA. x\nB. y\nANSWER: A",
        [(1, "no ANSWER: line")],
    ),
    ("ANSWER names no option", "Q?\nA. x\nB. y\nANSWER: C", [(4, "names no option")]),
    ("ANSWER with two letters", "Q?\nA. x\nB. y\nANSWER: A, B", [(4, "one option letter")]),
    ("ANSWER without question", "ANSWER: A", [(1, "without a question")]),
    ("option without question", "A. x\nB. y", [(1, "without a question"), (2, "without")]),
    ("question without options", "Q?\nANSWER: A", [(1, "no options")]),
    (
        "blank line between text and options",
        "Q?\n\nA. x\nB. y\nANSWER: A",
        [
            (1, "no options"),
            (3, "without a question"),
            (4, "without a question"),
            (5, "without a question"),
        ],
    ),
    ("option without text", "Q?\nA.\nB. y\nANSWER: B", [(2, "has no text")]),
    ("letter used twice", "Q?\nA. x\nA. y\nANSWER: A", [(4, "used twice")]),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ERRORS], ids=[r[0] for r in ERRORS])
def test_errors_name_the_line(text: str, expected: list[tuple[int, str]]) -> None:
    result = parse_aiken(text)
    got = [(e.line, e.message) for e in result.errors]
    assert len(got) == len(expected), got
    for (line, message), (want_line, words) in zip(got, expected, strict=True):
        assert line == want_line
        assert words in message


def test_parsing_resumes_after_an_error() -> None:
    text = "Broken?\nA. x\nANSWER: Z\n\nGood?\nA. yes\nB. no\nANSWER: A\n"
    result = parse_aiken(text)
    assert {e.line for e in result.errors} == {3}  # one option, and Z names none
    assert [(q.line, q.index, q.data["text"]) for q in result.questions] == [(5, 1, "Good?")]


def test_empty_text_has_no_questions() -> None:
    result = parse_aiken("\n\n")
    assert (result.questions, result.errors) == ([], [])
