"""The GIFT parser: one row per construct (questions, skips, errors with their line), the file
with every construct in tests/data, and the writer's escaping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from online_exam.banks.gift import BLANK, escape, parse_gift, unescape

DATA = Path(__file__).parent / "data"


# An alternative of a choice or short-answer question: no matching answer, no cloze gap.
NOT_MATCHING_OR_GAP = {"match": "", "gap": 0}


def tf(truth: bool, right: str = "", wrong: str = "") -> list[dict[str, Any]]:
    return [
        {
            "text": "True",
            "credit": 1.0 if truth else 0.0,
            "feedback": right if truth else wrong,
            **NOT_MATCHING_OR_GAP,
        },
        {
            "text": "False",
            "credit": 0.0 if truth else 1.0,
            "feedback": wrong if truth else right,
            **NOT_MATCHING_OR_GAP,
        },
    ]


def alts(*items: tuple[str, float] | tuple[str, float, str]) -> list[dict[str, Any]]:
    return [
        {
            "text": item[0],
            "credit": item[1],
            "feedback": item[2] if len(item) > 2 else "",
            **NOT_MATCHING_OR_GAP,
        }
        for item in items
    ]


# (construct, GIFT text, expected fields of the one question, expected warning or None)
QUESTIONS: list[tuple[str, str, dict[str, Any], str | None]] = [
    (
        "single choice",
        "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
        {
            "type": "single",
            "text": "Who's buried in Grant's tomb?",
            "alternatives": alts(("Grant", 0.0), ("Jefferson", 0.0), ("no one", 1.0)),
        },
        None,
    ),
    (
        "an = answer with weighted ~ answers is single choice with partial credit (Moodle)",
        "Jesus Christ was from {~Jerusalem ~%25%Bethlehem ~%50%Galilee =Nazareth}",
        {
            "type": "single",
            "alternatives": alts(
                ("Jerusalem", 0.0), ("Bethlehem", 0.25), ("Galilee", 0.5), ("Nazareth", 1.0)
            ),
        },
        None,
    ),
    (
        "negative and fractional weights",
        "Which are prime? {~%50%2 ~%50%3 ~%-33.33333%4}",
        {"type": "multiple", "alternatives": alts(("2", 0.5), ("3", 0.5), ("4", -0.3333333))},
        None,
    ),
    (
        "an explicit 100 % weight is multiple",
        "Pick {~%100%a ~b}",
        {"type": "multiple", "alternatives": alts(("a", 1.0), ("b", 0.0))},
        None,
    ),
    (
        "two = answers are multiple",
        "Colours? {=red =blue ~dog}",
        {"type": "multiple", "alternatives": alts(("red", 1.0), ("blue", 1.0), ("dog", 0.0))},
        "Moodle reads this as single choice",
    ),
    (
        "per-answer feedback",
        "Orange and green? { =yellow # right; good! ~red # wrong, it's yellow }",
        {"alternatives": alts(("yellow", 1.0, "right; good!"), ("red", 0.0, "wrong, it's yellow"))},
        None,
    ),
    (
        "general feedback",
        "Q? {=a ~b ####Because a.}",
        {"general_feedback": "Because a.", "alternatives": alts(("a", 1.0), ("b", 0.0))},
        None,
    ),
    (
        "true {T}",
        "1+1=2 {T}",
        {"type": "true_false", "text": "1+1=2", "alternatives": tf(True)},
        None,
    ),
    ("true {TRUE}", "Q {TRUE}", {"alternatives": tf(True)}, None),
    ("false {F}", "Q {F}", {"alternatives": tf(False)}, None),
    ("false {FALSE}", "Q {FALSE}", {"alternatives": tf(False)}, None),
    ("true/false any case", "Q { true }", {"alternatives": tf(True)}, None),
    (
        "true/false feedback: wrong, then right",
        "The sun rises in the west.{FALSE#Wrong: east.#Right.}",
        {"alternatives": tf(False, right="Right.", wrong="Wrong: east.")},
        None,
    ),
    (
        "true/false general feedback",
        "Q {T####It is.}",
        {"general_feedback": "It is.", "alternatives": tf(True)},
        None,
    ),
    (
        "short answer",
        "Who's buried in Grant's tomb?{=no one =nobody}",
        {"type": "short_answer", "alternatives": alts(("no one", 1.0), ("nobody", 1.0))},
        None,
    ),
    (
        "short answer with weights and feedback",
        "Pet? {=cat =%50%kitty#Close.}",
        {"type": "short_answer", "alternatives": alts(("cat", 1.0), ("kitty", 0.5, "Close."))},
        None,
    ),
    (
        "numeric with tolerance",
        "Pi? {#3.14:0.01}",
        {"type": "numeric", "numeric_answer": 3.14, "numeric_tolerance": 0.01, "alternatives": []},
        None,
    ),
    (
        "numeric without tolerance is exact",
        "Legs? {#8}",
        {"numeric_answer": 8.0, "numeric_tolerance": None},
        None,
    ),
    (
        "numeric range: midpoint and half-width",
        "From 1 to 5? {#1..5}",
        {"numeric_answer": 3.0, "numeric_tolerance": 2.0},
        None,
    ),
    (
        "numeric negative and exponent",
        "Q {#-1.5e3:2.5E-1}",
        {"numeric_answer": -1500.0, "numeric_tolerance": 0.25},
        None,
    ),
    (
        "several numeric answers: the full-credit one, the rest warned about",
        "Grant born? {#\n=%50%1822:2\n=1822:0 # Correct!\n}",
        {"numeric_answer": 1822.0, "numeric_tolerance": 0.0},
        "Only one numeric answer is kept (1822:0); ignored: 1822:2 (50%).",
    ),
    (
        "numeric general feedback",
        "Pi? {#3.14:0.005####About 3.14159.}",
        {"numeric_answer": 3.14, "general_feedback": "About 3.14159."},
        None,
    ),
    (
        "title kept out of the text",
        "::Q1:: 1+1=2 {T}",
        {"text": "1+1=2", "title": "Q1"},
        None,
    ),
    (
        "comment lines ignored",
        "// a comment\nQ?\n// inside\n{=a ~b}",
        {"text": "Q?", "alternatives": alts(("a", 1.0), ("b", 0.0))},
        None,
    ),
    (
        "escapes",
        r"a\:b \=c \~d \#e \{f\} g\\h {=x\=y # f\#g ~z\~w}",
        {
            "text": "a:b =c ~d #e {f} g\\h",
            "alternatives": alts(("x=y", 1.0, "f#g"), ("z~w", 0.0)),
        },
        None,
    ),
    ("\\n is a newline", r"one\ntwo {T}", {"text": "one\ntwo"}, None),
    ("unknown escapes stay", r"C:\path\x {T}", {"text": "C:\\path\\x"}, None),
    (
        "[html] format marker",
        "::T::[html]<p>Hi</p> {T}",
        {"text": "<p>Hi</p>"},
        "The text format marker [html] was removed; the text is kept as written.",
    ),
    ("[markdown] format marker", "[markdown]**Hi** {T}", {"text": "**Hi**"}, "[markdown]"),
    ("[plain] format marker", "[plain]Hi {T}", {"text": "Hi"}, "[plain]"),
    ("[moodle] format marker", "[moodle]Hi {T}", {"text": "Hi"}, "[moodle]"),
    (
        "missing word",
        "Grant is {~buried =entombed ~living} in Grant's tomb.",
        {"type": "single", "text": f"Grant is {BLANK} in Grant's tomb."},
        None,
    ),
    (
        "answers first",
        "{=Paris ~Lyon} is the capital of France.",
        {"text": f"{BLANK} is the capital of France."},
        None,
    ),
    (
        "multi-line question and answers",
        "What is\nthe answer? {\n  =42 # yes\n  ~41\n}",
        {"text": "What is\nthe answer?", "alternatives": alts(("42", 1.0, "yes"), ("41", 0.0))},
        None,
    ),
    ("points extension", "// points: 2.5\nQ {T}", {"points": 2.5}, None),
    ("points default", "Q {T}", {"points": 1.0}, None),
    (
        "case-sensitive extension",
        "// case-sensitive\nSymbol of sodium? {=Na}",
        {"type": "short_answer", "case_sensitive": True},
        None,
    ),
    (
        "case-sensitive ignored outside short answers",
        "// case-sensitive\nQ {T}",
        {"case_sensitive": False},
        "applies to short-answer questions only",
    ),
    (
        "windows line endings and BOM",
        "\ufeffQ\r\nsecond line {T}\r\n",
        {"text": "Q\nsecond line"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "warning"),
    [row[1:] for row in QUESTIONS],
    ids=[row[0] for row in QUESTIONS],
)
def test_construct(text: str, expected: dict[str, Any], warning: str | None) -> None:
    result = parse_gift(text)
    assert result.errors == []
    assert result.skipped == []
    assert len(result.questions) == 1
    question = result.questions[0]
    got = {**question.data, "title": question.title}
    assert {key: got[key] for key in expected} == expected
    first = next(i for i, ln in enumerate(text.splitlines(), 1) if not ln.startswith("//"))
    assert question.line == first
    if warning is None:
        assert question.warnings == []
    else:
        assert any(warning in w for w in question.warnings), question.warnings


def test_every_question_has_the_full_question_in_shape() -> None:
    data = parse_gift("Q {T}").questions[0].data
    assert set(data) == {
        "type",
        "text",
        "points",
        "general_feedback",
        "numeric_answer",
        "numeric_tolerance",
        "case_sensitive",
        "word_limit",
        "ordering_credit",
        "gaps",
        "alternatives",
    }


# (construct, text, kind)
SKIPPED = [
    ("description", "::D:: The next questions are about animals.", "description"),
]


@pytest.mark.parametrize(
    ("text", "kind"), [row[1:] for row in SKIPPED], ids=[r[0] for r in SKIPPED]
)
def test_unsupported_types_are_skipped_and_reported(text: str, kind: str) -> None:
    result = parse_gift(f"Before? {{T}}\n\n{text}\n\nAfter? {{F}}")
    assert result.errors == []
    assert [q.data["text"] for q in result.questions] == ["Before?", "After?"]
    assert len(result.skipped) == 1
    skipped = result.skipped[0]
    assert (skipped.kind, skipped.line) == (kind, 3)
    assert "skipped" in skipped.message
    if text.startswith("::"):
        assert skipped.title == text[2]


# (construct, text, line of the error, words of the message)
ERRORS = [
    ("unclosed brace", "Q {=a\n~b", 1, "never closed"),
    ("unclosed brace on its line", "Question\n  text {=a\n~b", 2, "never closed"),
    ("stray closing brace", "Q =a} {T}", 1, "'}' without '{'"),
    ("closing brace after the answers", "Q {T}\nmore }", 2, "'}' without '{'"),
    ("two answer blocks", "Q {T} and\n{F}", 2, "second answer block"),
    ("brace inside the answers", "Q {=a\n~{b}", 2, "inside the answers"),
    ("text before the first answer", "Q {oops =a ~b}", 1, "Text before the first answer"),
    ("empty answer", "Q {=a\n~\n}", 2, "has no text"),
    ("weight over 100", "Q {\n~%150%a\n=b}", 2, "between -100 and 100"),
    ("weight not a number", "Q {~%x%a =b}", 1, "between -100 and 100"),
    ("numeric not a number", "Q\n{#abc}", 2, "not a numeric answer"),
    ("numeric with a comma", "Q {#3,14}", 1, "decimal separator is a point"),
    ("numeric range downwards", "Q {#5..1}", 1, "goes downwards"),
    ("numeric negative tolerance", "Q {#5:-1}", 1, "negative"),
    ("numeric infinite", "Q {#1e999}", 1, "out of range"),
    ("numeric empty", "Q {#}", 1, "needs a number"),
    ("numeric without full credit", "Q {#=%50%3 =%25%4}", 1, "full credit"),
    ("empty question text", "::Title:: {T}", 1, "text is empty"),
    ("unclosed title", "::Title Q {T}", 1, "title is not closed"),
    ("cannot tell the type", "1 + 2 = {3}", 1, "Cannot tell the question type"),
    ("true/false with three feedbacks", "Q {T#a#b#c}", 1, "at most two feedbacks"),
    ("points not a number", "Q\n// points: many\n{T}", 2, "not a number"),
]


@pytest.mark.parametrize(
    ("text", "line", "words"), [row[1:] for row in ERRORS], ids=[r[0] for r in ERRORS]
)
def test_errors_name_the_line(text: str, line: int, words: str) -> None:
    # Two valid questions first, so the line numbers are not trivially 1.
    result = parse_gift(f"A {{T}}\n\nB {{F}}\n\n{text}\n\nC {{T}}")
    assert [q.data["text"] for q in result.questions] == ["A", "B", "C"]
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert error.line == line + 4
    assert words in error.message


def test_blank_lines_separate_questions_and_every_error_is_listed() -> None:
    text = "Q1 {T}\n\n\n\nQ2 {bad}\n// c\n\nQ3 {=a\n\nQ4 {F}\n"
    result = parse_gift(text)
    assert [(q.data["text"], q.line, q.index) for q in result.questions] == [
        ("Q1", 1, 1),
        ("Q4", 10, 2),
    ]
    assert [e.line for e in result.errors] == [5, 8]


def test_category_lines_are_reported() -> None:
    result = parse_gift("$CATEGORY: $course$/top/Animals\n\nQ {T}")
    assert len(result.questions) == 1
    assert result.warnings[0].line == 1
    assert "$course$/top/Animals" in result.warnings[0].message


def test_a_directive_without_its_question_is_reported() -> None:
    result = parse_gift("// points: 3\n\nQ {T}")
    assert result.questions[0].data["points"] == 1.0
    assert [(w.line, "belongs to no question" in w.message) for w in result.warnings] == [(1, True)]


def test_titles_are_returned_not_stored() -> None:
    result = parse_gift("::One:: A {T}\n\n::Two:: B {F}\n\nC {T}")
    assert [q.title for q in result.questions] == ["One", "Two", None]
    assert [q.data["text"] for q in result.questions] == ["A", "B", "C"]
    assert "2 question titles" in result.warnings[-1].message


def test_the_file_with_every_construct() -> None:
    result = parse_gift((DATA / "all_constructs.gift").read_text(encoding="utf-8"))
    assert result.errors == []
    assert [(s.kind, s.title, s.line) for s in result.skipped] == [("description", "Intro", 67)]
    summary = [(q.line, q.data["type"], q.data["text"]) for q in result.questions]
    assert summary == [
        (5, "single", "What is the capital of France?"),
        (12, "multiple", "Which numbers are **prime**?"),
        (20, "multiple", "Which are colours?"),
        (22, "true_false", "The Earth is flat."),
        (24, "true_false", "The Sun is a star."),
        (27, "short_answer", "Name the animal that purrs."),
        (29, "short_answer", f"Two plus {BLANK} equals four."),
        (32, "single", f"Grant is {BLANK} in Grant's tomb."),
        (36, "numeric", "Pi to two decimals?"),
        (38, "numeric", "A number from 1 to 5?"),
        (40, "numeric", "How many legs has a spider?"),
        (42, "numeric", "When was Ulysses S. Grant born?"),
        (48, "single", "Escapes: 1 = 1, a ~ b, #1, {x}, back\\slash,\nnew line."),
        (54, "true_false", "A question\nover three\nlines?"),
        (60, "short_answer", "The chemical symbol of sodium?"),
        (63, "essay", "Write about your summer."),
        (65, "matching", "Which animal eats which food?"),
    ]
    by_line = {q.line: q for q in result.questions}
    primes = by_line[12].data
    assert primes["alternatives"] == alts(("2", 0.5), ("3", 0.5), ("4", -1.0, "4 = 2 \u00d7 2"))
    assert primes["general_feedback"] == "2 and 3 only."
    assert by_line[24].data["alternatives"] == tf(True, right="Yes.", wrong="It is, actually.")
    assert by_line[36].data["points"] == 2.5
    assert by_line[36].data["numeric_tolerance"] == 0.005
    assert by_line[60].data["case_sensitive"] is True
    assert by_line[48].data["alternatives"] == alts(("a = b", 1.0, "yes # no"), ("c ~ d", 0.0))
    assert [w.line for w in result.warnings[:1]] == [3]  # the $CATEGORY line
    assert [(a["text"], a["match"]) for a in by_line[65].data["alternatives"]] == [
        ("cat", "cat food"),
        ("dog", "dog food"),
    ]


# Essay and matching as Moodle's GIFT importer reads them (question/format/gift/format.php:
# `{}` is an essay; only `=` answers, with `->`, a match; fewer than two pairs is its error
# "giftmatchingformat").
NEW_TYPES = [
    ("essay", "::E:: Write about your summer. {}", "essay", []),
    ("essay with general feedback", "How are you? {####We hope you're well.}", "essay", []),
    (
        "matching with a distractor",
        "Which eats which? {\n =cat -> cat food\n =dog -> dog food\n = -> fish food\n}",
        "matching",
        [("cat", "cat food"), ("dog", "dog food"), ("", "fish food")],
    ),
    (
        "matching: the first -> splits, # and = escaped stay text",
        "Arrows? { =a\\=b -> c -> d =x -> y # z }",
        "matching",
        [("a=b", "c -> d"), ("x", "y # z")],
    ),
]


@pytest.mark.parametrize(
    ("text", "kind", "pairs"), [row[1:] for row in NEW_TYPES], ids=[r[0] for r in NEW_TYPES]
)
def test_essay_and_matching_as_moodle_reads_them(
    text: str, kind: str, pairs: list[tuple[str, str]]
) -> None:
    result = parse_gift(f"Before? {{T}}\n\n{text}\n\nAfter? {{F}}")
    assert result.errors == []
    assert result.skipped == []
    data = result.questions[1].data
    assert (data["type"], result.questions[1].line) == (kind, 3)
    assert [(a["text"], a["match"]) for a in data["alternatives"]] == pairs


def test_essay_word_limit_comment_round_trips_and_is_checked() -> None:
    result = parse_gift("// word limit: 250\nTell us. {}")
    assert result.questions[0].data["word_limit"] == 250
    result = parse_gift("Q {T}\n\n// word limit: many\nTell us. {}")
    assert [(e.line, "whole number" in e.message) for e in result.errors] == [(3, True)]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("One pair? {=a -> b}", 1, "at least two pairs"),
        ("Q {\n=a -> b\n=c\n}", 3, "Not a pair"),
        ("Q {\n=a -> b\n=c ->\n}", 3, "no answer"),
    ],
)
def test_bad_matching_questions_are_errors_on_their_line(text: str, line: int, words: str) -> None:
    result = parse_gift(text)
    assert [(e.line, words in e.message) for e in result.errors] == [(line, True)]


@pytest.mark.parametrize(
    "text",
    ["plain", "a:b=c~d#e{f}g", "back\\slash \\n not a newline", "two\nlines", "\\{", "::x::"],
)
def test_escape_then_unescape_is_identity(text: str) -> None:
    assert unescape(escape(text)) == text
