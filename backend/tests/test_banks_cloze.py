"""Moodle's embedded-answers (cloze) syntax, as qtype_multianswer reads it: gaps in, gaps out,
and what cannot be held refused with its reason; plus the new types in Moodle XML (essay,
match, ordering, multianswer) read case by case, with the line of each problem."""

from __future__ import annotations

import pytest

from online_exam.banks.cloze import ClozeError, cloze_text, parse_cloze
from online_exam.banks.moodle_xml import moodle_xml_text, parse_moodle_xml
from online_exam.domain import GapKind, OrderingCredit, QuestionType
from online_exam.exams.spec import AlternativeSpec, GapSpec, QuestionSpec


def _gaps(text: str) -> list[tuple[str, bool, list[tuple[str, float, str]]]]:
    cloze = parse_cloze(text)
    return [
        (
            gap.kind.value,
            gap.case_sensitive,
            [(a.text, a.credit, a.feedback) for a in cloze.alternatives if a.gap == n],
        )
        for n, gap in enumerate(cloze.gaps, start=1)
    ]


# (case, embedded text, the text with markers, its gaps)
READING = [
    (
        "Moodle's documentation example",
        "Match: {1:MULTICHOICE:California#Wrong~%100%Arizona#OK}, "
        "{1:SHORTANSWER:=Phoenix#Right~%50%phoenix#Case}",
        "Match: {#1}, {#2}",
        [
            ("choice", False, [("California", 0.0, "Wrong"), ("Arizona", 1.0, "OK")]),
            ("text", False, [("Phoenix", 1.0, "Right"), ("phoenix", 0.5, "Case")]),
        ],
    ),
    (
        "short forms and case-sensitive",
        "{:SA:=a} {2:MC:=b~c} {:SAC:=D} {:MWC:=E}",
        "{#1} {#2} {#3} {#4}",
        [
            ("text", False, [("a", 1.0, "")]),
            ("choice", False, [("b", 1.0, ""), ("c", 0.0, "")]),
            ("text", True, [("D", 1.0, "")]),
            ("text", True, [("E", 1.0, "")]),
        ],
    ),
    (
        "escapes",
        r"{1:SA:=a\}b\~c\#d#fb \~ x}",
        "{#1}",
        [("text", False, [("a}b~c#d", 1.0, "fb ~ x")])],
    ),
    (
        "decimal comma weight and text braces that are no gap",
        "{x} and {1:SA:%33,3%half~=whole}",
        "{x} and {#1}",
        [("text", False, [("half", 0.333, ""), ("whole", 1.0, "")])],
    ),
]


@pytest.mark.parametrize(
    ("text", "marked", "gaps"), [r[1:] for r in READING], ids=[r[0] for r in READING]
)
def test_reading(text: str, marked: str, gaps: list) -> None:
    assert parse_cloze(text).text == marked
    assert _gaps(text) == gaps


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{1:NUMERICAL:=3:0.1}", "NUMERICAL"),
        ("{1:MULTIRESPONSE:=a~=b}", "MULTIRESPONSE"),
        ("No gaps at all.", "no embedded answers"),
        ("{1:SA:=a~#only feedback}", "without text"),
        ("{1:SA:%150%a}", "between -100 and 100"),
    ],
)
def test_what_cannot_be_held_is_refused(text: str, words: str) -> None:
    with pytest.raises(ClozeError, match=words):
        parse_cloze(text)


def test_weights_and_layouts_are_reported() -> None:
    notes = parse_cloze("{2:SA:=a} {1:MCV:=b~c} {1:MCH:=d~e}").notes
    assert any("weight 2" in note for note in notes)
    assert sum("layout" in note for note in notes) == 1


def test_writing_then_reading_gives_the_question_back() -> None:
    question = QuestionSpec(
        QuestionType.CLOZE,
        "The {#1} is {#2}.",
        gaps=(GapSpec(GapKind.CHOICE), GapSpec(GapKind.TEXT, case_sensitive=True)),
        alternatives=(
            AlternativeSpec("=sky", 1.0, "yes ~ #", gap=1),
            AlternativeSpec("%sea", 0.0, gap=1),
            AlternativeSpec("Blue}", 1.0, gap=2),
            AlternativeSpec("blue", -0.5, gap=2),
        ),
    )
    written = cloze_text(question)
    assert written == (
        r"The {1:MULTICHOICE:%100%=sky#yes \~ \#~%0%%sea} is {1:SHORTANSWER_C:=Blue\}~%-50%blue}."
    )
    cloze = parse_cloze(written)
    assert (cloze.text, tuple(cloze.gaps), tuple(cloze.alternatives)) == (
        question.text,
        question.gaps,
        question.alternatives,
    )


@pytest.mark.parametrize(
    "text", ["{#1} {#3}", "{#2} {#1}", "no markers", "{#1}"], ids=["gap", "order", "none", "few"]
)
def test_an_incomplete_draft_is_not_written(text: str) -> None:
    question = QuestionSpec(
        QuestionType.CLOZE,
        text,
        gaps=(GapSpec(), GapSpec()),
        alternatives=(AlternativeSpec("a", 1.0, gap=1), AlternativeSpec("b", 1.0, gap=2)),
    )
    assert cloze_text(question) is None
    assert "not exported" in moodle_xml_text("t", [question])


# --------------------------------------------------------------------------- Moodle XML


def _quiz(question: str) -> str:
    return f'<?xml version="1.0"?>\n<quiz>\n{question}\n</quiz>'


def _q(kind: str, body: str, text: str = "Q") -> str:
    return (
        f'<question type="{kind}"><name><text>N</text></name>'
        f"<questiontext><text>{text}</text></questiontext>{body}</question>"
    )


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (_q("multianswer", "", "{1:NUMERICAL:=3}"), "NUMERICAL"),
        (_q("essay", "<maxwordlimit>lots</maxwordlimit>"), "maxwordlimit"),
        (
            _q("match", "<subquestion><text>a</text><answer><text>b</text></answer></subquestion>"),
            "at least two subquestions",
        ),
        (_q("ordering", "<answer fraction='1'><text>only</text></answer>"), "at least two items"),
    ],
    ids=["numerical gap", "word limit", "one pair", "one item"],
)
def test_what_moodle_xml_cannot_hold_is_an_error_on_its_line(question: str, words: str) -> None:
    result = parse_moodle_xml(_quiz(question))
    assert result.questions == []
    assert [(e.line, words in e.message) for e in result.errors] == [(3, True)]


def test_older_ordering_grading_numbers_and_relative_grading() -> None:
    items = "".join(f"<answer fraction='{n}'><text>{n}</text></answer>" for n in (2, 1))
    whole = parse_moodle_xml(_quiz(_q("ordering", f"<gradingtype>-1</gradingtype>{items}")))
    assert whole.questions[0].data["ordering_credit"] == OrderingCredit.WHOLE.value
    assert [a["text"] for a in whole.questions[0].data["alternatives"]] == ["1", "2"]
    relative = parse_moodle_xml(
        _quiz(_q("ordering", f"<gradingtype>RELATIVE_TO_CORRECT</gradingtype>{items}"))
    )
    assert relative.questions[0].data["ordering_credit"] == OrderingCredit.PER_ITEM.value
    assert "RELATIVE_TO_CORRECT" in relative.questions[0].warnings[0]


def test_the_essay_export_has_moodle_s_elements() -> None:
    question = QuestionSpec(QuestionType.ESSAY, "Tell us.", word_limit=120)
    text = moodle_xml_text("t", [question])
    for element in ("<responseformat>editor</responseformat>", "<maxwordlimit>120</maxwordlimit>"):
        assert element in text
    assert parse_moodle_xml(text).questions[0].data == question.document()


def test_per_item_feedback_moodle_cannot_hold_is_said_in_the_file() -> None:
    question = QuestionSpec(
        QuestionType.ORDERING,
        "Order",
        alternatives=(AlternativeSpec("a", feedback="first"), AlternativeSpec("b")),
    )
    text = moodle_xml_text("t", [question])
    assert "per-item feedback is not written" in text
    assert [a["text"] for a in parse_moodle_xml(text).questions[0].data["alternatives"]] == [
        "a",
        "b",
    ]
