"""Aiken as Moodle's importer (question/format/aiken, its tests' fixture of errors) reads it:
options without a space after the letter are options; a question with one option is an error;
everything Moodle refuses is an error here too, with its line."""

from __future__ import annotations

import pytest

from online_exam.banks.aiken import parse_aiken

# (Moodle's behaviour, text, expected options as (text, credit))
ACCEPTED = [
    (
        "no space after the letter: A)Correct",
        "A second good question\nA)Incorrect (No space)\nB)Correct (No space)\nANSWER: B",
        [("Incorrect (No space)", 0.0), ("Correct (No space)", 1.0)],
    ),
    (
        "no space with a dot: A.yes",
        "Q?\nA.yes\nB.no\nANSWER: A",
        [("yes", 1.0), ("no", 0.0)],
    ),
    (
        "HTML characters are text",
        "Chars?\nA. Correct (< > &)\nB. Incorrect (< > &)\nANSWER: A",
        [("Correct (< > &)", 1.0), ("Incorrect (< > &)", 0.0)],
    ),
]


@pytest.mark.parametrize(
    ("text", "options"), [r[1:] for r in ACCEPTED], ids=[r[0] for r in ACCEPTED]
)
def test_moodle_accepts(text: str, options: list[tuple[str, float]]) -> None:
    result = parse_aiken(text)
    assert result.errors == []
    [question] = result.questions
    got = [(a["text"], a["credit"]) for a in question.data["alternatives"]]
    assert got == options


def test_a_question_text_that_starts_like_a_tight_option_is_text() -> None:
    # No option can come before its question's text, so "A.I." starts a question.
    result = parse_aiken("A.I. stands for?\nA. Artificial intelligence\nB. Nothing\nANSWER: A")
    assert result.errors == []
    assert result.questions[0].data["text"] == "A.I. stands for?"


# (Moodle's error, text, [(line, words)])
REFUSED = [
    (
        "Question must have at least 2 answers",
        "A question with too few answers\nA. Only one\nANSWER: A",
        [(3, "at least two options")],
    ),
    ("Question not started (an option first)", "A. orphan\nB. orphan", [(1, "without"), (2, "")]),
    ("Question not started (ANSWER first)", "ANSWER: A", [(1, "without a question")]),
    (
        "Question not completed before next question start",
        "Started?\nA. x\nB. y\nNext?\nA. x\nB. y\nANSWER: B",
        [(1, "no ANSWER: line")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_moodle_refuses(text: str, expected: list[tuple[int, str]]) -> None:
    result = parse_aiken(text)
    got = [(error.line, error.message) for error in result.errors]
    assert [line for line, _ in got] == [line for line, _ in expected]
    for (_, message), (_, words) in zip(got, expected, strict=True):
        assert words in message


def test_the_good_questions_around_errors_still_import() -> None:
    text = (
        "A good question\nA. Correct\nB. Incorrect\nANSWER: A\n\n"
        "A question with too few answers\nA. Only one\nANSWER: A\n\n"
        "A second good question\nA)Incorrect (No space)\nB)Correct (No space)\nANSWER: B\n"
    )
    result = parse_aiken(text)
    assert [q.data["text"] for q in result.questions] == [
        "A good question",
        "A second good question",
    ]
    assert [e.line for e in result.errors] == [8]
