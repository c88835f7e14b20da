"""Moodle XML: the reader on a realistic Moodle export and on every kind of bad input, the
writer against the structure Moodle's importer (question/format/xml/format.php) reads, round
trips (property tests and through the API), and the import/export API on both databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from online_exam.banks.moodle_xml import MOODLE_GRADES, moodle_xml_text, parse_moodle_xml
from online_exam.exams.spec import QuestionSpec

from .question_strategies import ALL_TYPES, questions
from .test_banks_roundtrip import QUESTIONS

FIXTURE = (Path(__file__).parent / "data" / "moodle_export.xml").read_text(encoding="utf-8")


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>"


def multichoice(answers: str, name: str = "Q", extra: str = "", shuffle: bool = True) -> str:
    if shuffle:  # else Moodle reads "no", which is reported
        extra += "<shuffleanswers>true</shuffleanswers>"
    return (
        f'<question type="multichoice"><name><text>{name}</text></name>'
        f"<questiontext><text>Pick</text></questiontext>{extra}{answers}</question>"
    )


RIGHT_WRONG = (
    '<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>'
)


# --------------------------------------------------------------------------- the fixture


def test_a_realistic_moodle_export_imports() -> None:
    result = parse_moodle_xml(FIXTURE)
    assert result.errors == []
    got = {q.title: q.data for q in result.questions}
    assert list(got) == [
        "Capital of France",
        "Primes",
        "Sun",
        "Sodium",
        "Grant",
        "Summer",
        "Animals",
        "Cloze",
        "Moodle",
    ]
    capital = got["Capital of France"]
    assert capital["type"] == "single"
    assert capital["points"] == 2.0
    assert capital["text"] == "<p>What is the capital of <b>France</b>?</p>"  # CDATA, as written
    # The <p> Moodle's editor puts around plain words comes off; other markup stays.
    assert capital["general_feedback"] == "Paris has been the capital since 987."
    assert [(a["text"], a["credit"], a["feedback"]) for a in capital["alternatives"]] == [
        ("Paris", 1.0, "Right."),
        ("Lyon", 0.0, ""),
        ("<p>Versailles &amp; more</p>", 0.3333333, "It was, once."),
    ]
    primes = got["Primes"]
    assert primes["type"] == "multiple"
    assert [a["credit"] for a in primes["alternatives"]] == [0.5, 0.5, -0.5]
    sun = got["Sun"]
    assert sun["type"] == "true_false"
    assert [(a["text"], a["credit"], a["feedback"]) for a in sun["alternatives"]] == [
        ("True", 0.0, "No: east."),
        ("False", 1.0, "Right."),
    ]
    sodium = got["Sodium"]
    assert (sodium["type"], sodium["case_sensitive"]) == ("short_answer", True)
    assert [(a["text"], a["credit"]) for a in sodium["alternatives"]] == [("Na", 1.0), ("N*", 0.1)]
    grant = got["Grant"]
    assert (grant["type"], grant["numeric_answer"], grant["numeric_tolerance"]) == (
        "numeric",
        1822.0,
        0.0,
    )
    summer = got["Summer"]
    assert (summer["type"], summer["points"], summer["word_limit"]) == ("essay", 5.0, None)
    animals = got["Animals"]
    assert animals["type"] == "matching"
    assert [(a["text"], a["match"]) for a in animals["alternatives"]] == [
        ("cat", "cat food"),
        ("dog", "dog food"),
    ]
    cloze = got["Cloze"]
    assert (cloze["type"], cloze["text"]) == ("cloze", "Paris is in {#1}.")
    assert cloze["gaps"] == [{"kind": "choice", "case_sensitive": False}]
    assert [(a["text"], a["credit"], a["gap"]) for a in cloze["alternatives"]] == [
        ("France", 1.0, 1),
        ("Spain", 0.0, 1),
    ]
    ordering = got["Moodle"]
    assert (ordering["type"], ordering["ordering_credit"]) == ("ordering", "per_item")
    assert [a["text"] for a in ordering["alternatives"]] == [
        "Modular",
        "Object",
        "Oriented",
        "Dynamic",
    ]


def test_the_fixture_reports_what_it_cannot_hold_with_lines() -> None:
    result = parse_moodle_xml(FIXTURE)
    assert [(s.kind, s.line, s.title) for s in result.skipped] == [
        ("description", 228, "Instructions")
    ]
    warnings = [(w.line, w.message) for w in result.warnings]
    categories = [line for line, message in warnings if message.startswith("Category")]
    assert categories == [4, 114]
    assert any("Week 1/Numbers" in message for _, message in warnings)
    primes = next(q for q in result.questions if q.title == "Primes")
    assert any("shuffle" in w for w in primes.warnings)
    assert any("Combined feedback and hints" in w for w in primes.warnings)
    grant = next(q for q in result.questions if q.title == "Grant")
    assert any("Only one numeric answer is kept" in w and "50%" in w for w in grant.warnings)
    assert any("Units are not kept" in w for w in grant.warnings)
    assert any("any other answer (*)" in w for w in grant.warnings)
    # Moodle's standard combined feedback alone is no news.
    capital = next(q for q in result.questions if q.title == "Capital of France")
    assert capital.warnings == []


# --------------------------------------------------------------------------- bad input

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="shortanswer"><questiontext><text>&lol3;</text></questiontext>
<answer fraction="100"><text>x</text></answer></question></quiz>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="shortanswer"><questiontext><text>&secret;</text></questiontext>
<answer fraction="100"><text>x</text></answer></question></quiz>"""

# (case, text, line of the error or None, words of the message)
FILE_ERRORS = [
    ("not XML at all", "Who is buried in Grant's tomb? {=nobody}", 1, "not well-formed"),
    ("unclosed element", "<quiz>\n<question type='truefalse'>\n</quiz>", 3, "not well-formed"),
    ("empty text", "", 1, "not well-formed"),
    ("billion laughs", BILLION_LAUGHS, None, "refused for safety"),
    ("external entity", EXTERNAL_ENTITY, None, "refused for safety"),
    ("a DTD alone", '<!DOCTYPE quiz SYSTEM "http://example.com/q.dtd"><quiz/>', None, "DTD"),
    ("not a quiz", "<?xml version='1.0'?>\n<questions/>", 2, "not <quiz>"),
    (
        "nested 100 000 levels deep",
        "<quiz>\n<question>" + "<a>" * 100_000 + "</a>" * 100_000 + "</question></quiz>",
        2,
        "deeper than 32 levels",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "words"), [r[1:] for r in FILE_ERRORS], ids=[r[0] for r in FILE_ERRORS]
)
def test_bad_files_are_one_clear_error(text: str, line: int | None, words: str) -> None:
    result = parse_moodle_xml(text)
    assert result.questions == []
    assert [(e.line, words in e.message) for e in result.errors] == [(line, True)], result.errors


# (case, the second question, words of its error)
QUESTION_ERRORS = [
    (
        "an embedded file",
        multichoice(
            RIGHT_WRONG,
            name="Greeting",
            extra='<file name="bonjour.mp3" encoding="base64">SUQz</file>',
        ),
        'Question "Greeting": It embeds the file bonjour.mp3',
    ),
    (
        "a text that refers to a file",
        '<question type="truefalse"><name><text>Pic</text></name><questiontext format="html">'
        '<text><![CDATA[<img src="@@PLUGINFILE@@/cat.png">]]></text></questiontext>'
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>',
        "cat.png",
    ),
    (
        "a fraction that is no number",
        multichoice('<answer fraction="lots"><text>a</text></answer>'),
        'fraction="lots" is not a percentage',
    ),
    (
        "a fraction over 100",
        multichoice('<answer fraction="150"><text>a</text></answer>'),
        "between -100 and 100",
    ),
    (
        "true/false without false",
        '<question type="truefalse"><questiontext><text>T?</text></questiontext>'
        '<answer fraction="100"><text>true</text></answer></question>',
        "needs two answers",
    ),
    (
        "true/false with both right",
        '<question type="truefalse"><questiontext><text>T?</text></questiontext>'
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="100"><text>false</text></answer></question>',
        "exactly one answer with fraction 100",
    ),
    (
        "an old image",
        '<question type="shortanswer"><questiontext><text>S?</text></questiontext>'
        "<image>pic.gif</image><image_base64>R0lG</image_base64>"
        '<answer fraction="100"><text>x</text></answer></question>',
        "pic.gif",
    ),
    (
        "a numeric answer that is no number",
        '<question type="numerical"><questiontext><text>N?</text></questiontext>'
        '<answer fraction="100"><text>three</text></answer></question>',
        "is not a numeric answer",
    ),
    (
        "a negative tolerance",
        '<question type="numerical"><questiontext><text>N?</text></questiontext>'
        '<answer fraction="100"><text>3</text><tolerance>-1</tolerance></answer></question>',
        "tolerance >= 0",
    ),
    (
        "any number right",
        '<question type="numerical"><questiontext><text>N?</text></questiontext>'
        '<answer fraction="100"><text>*</text></answer></question>',
        "with credit cannot be held",
    ),
    (
        "an empty numeric answer with credit is * (Moodle)",
        '<question type="numerical"><questiontext><text>N?</text></questiontext>'
        '<answer fraction="100"><text></text></answer></question>',
        "with credit cannot be held",
    ),
    (
        "no full-credit numeric answer",
        '<question type="numerical"><questiontext><text>N?</text></questiontext>'
        '<answer fraction="50"><text>3</text></answer></question>',
        "No numeric answer has full credit",
    ),
    (
        "no question text",
        '<question type="shortanswer"><answer fraction="100"><text>x</text></answer></question>',
        "question text",
    ),
    (
        "HTML written as elements, not escaped",
        multichoice(RIGHT_WRONG).replace("<text>Pick</text>", "<text>a <b>bold</b> c</text>"),
        "write HTML escaped or inside <![CDATA[",
    ),
    (
        "points that are no number",
        multichoice(RIGHT_WRONG, extra="<defaultgrade>two</defaultgrade>"),
        "is not a number",
    ),
]


@pytest.mark.parametrize(
    ("question", "words"), [r[1:] for r in QUESTION_ERRORS], ids=[r[0] for r in QUESTION_ERRORS]
)
def test_a_bad_question_is_an_error_on_its_line_and_the_others_still_parse(
    question: str, words: str
) -> None:
    text = quiz(multichoice(RIGHT_WRONG, name="Fine"), question)
    result = parse_moodle_xml(text)
    assert [q.title for q in result.questions] == ["Fine"]
    assert len(result.errors) == 1, result.errors
    assert words in result.errors[0].message
    assert result.errors[0].line == 4  # the second <question>'s line


@pytest.mark.parametrize("kind", ["ddwtos", "gapselect", "calculated", "randomsamatch"])
def test_unsupported_types_are_reported_per_question(kind: str) -> None:
    other = f'<question type="{kind}"><name><text>Other</text></name></question>'
    result = parse_moodle_xml(quiz(multichoice(RIGHT_WRONG), other))
    assert len(result.questions) == 1
    assert [(s.kind, s.line, s.title) for s in result.skipped] == [(kind, 4, "Other")]
    assert "skipped" in result.skipped[0].message


def test_an_unknown_type_is_reported_too() -> None:
    result = parse_moodle_xml(quiz('<question type="hotspot3d"/>'))
    assert [s.kind for s in result.skipped] == ["hotspot3d"]
    assert "'hotspot3d'" in result.skipped[0].message


# (Moodle's reading, XML of the one question, expected fields, words of a warning or None)
READINGS: list[tuple[str, str, dict[str, Any], str | None]] = [
    (
        "single=false is multiple response",
        multichoice(
            '<answer fraction="50"><text>a</text></answer>'
            '<answer fraction="50"><text>b</text></answer>',
            extra="<single>false</single>",
        ),
        {"type": "multiple"},
        None,
    ),
    (
        "single=true with two 100 % answers: multiple, reported",
        multichoice(
            '<answer fraction="100"><text>a</text></answer>'
            '<answer fraction="100"><text>b</text></answer>',
            extra="<single>true</single>",
        ),
        {"type": "multiple"},
        "any of them earns full credit",
    ),
    (
        "fractions as Moodle writes them",
        multichoice(
            '<answer fraction="100"><text>a</text></answer>'
            '<answer fraction="-33.33333"><text>b</text></answer>'
            '<answer fraction="14.28571"><text>c</text></answer>'
        ),
        {"alternatives": [1.0, -0.3333333, 0.1428571]},
        None,
    ),
    (
        "single as Moodle's trans_single reads it: anything but false/0/empty is yes",
        multichoice(
            RIGHT_WRONG,
            extra="<single>yes</single><shuffleanswers>1</shuffleanswers>",
            shuffle=False,
        ),
        {"type": "single"},
        None,
    ),
    (
        "shuffleanswers missing is no in Moodle: reported",
        multichoice(RIGHT_WRONG, shuffle=False),
        {"type": "single"},
        "shuffle the choices: no",
    ),
    (
        "old true/false exports with localised labels: true first, then false",
        '<question type="truefalse"><questiontext><text>T?</text></questiontext>'
        '<answer fraction="0"><text>Vrai</text><feedback><text>Non.</text></feedback></answer>'
        '<answer fraction="100"><text>Faux</text></answer></question>',
        {
            "alternatives": [
                {"text": "True", "credit": 0.0, "feedback": "Non.", "match": "", "gap": 0},
                {"text": "False", "credit": 1.0, "feedback": "", "match": "", "gap": 0},
            ]
        },
        "read as true and false",
    ),
    (
        "usecase 0 is case-insensitive",
        '<question type="shortanswer"><questiontext><text>S?</text></questiontext>'
        '<usecase>0</usecase><answer fraction="100"><text>x</text></answer></question>',
        {"type": "short_answer", "case_sensitive": False},
        None,
    ),
    (
        "a numeric answer without tolerance is exact",
        '<question type="numerical"><questiontext><text>N?</text></questiontext>'
        '<answer fraction="100"><text>-2.5e3</text></answer></question>',
        {"numeric_answer": -2500.0, "numeric_tolerance": None},
        None,
    ),
    (
        "a plain_text <p> is text",
        '<question type="shortanswer"><questiontext format="plain_text"><text>&lt;p&gt;x&lt;/p&gt;'
        '</text></questiontext><answer fraction="100"><text>x</text></answer></question>',
        {"text": "<p>x</p>"},
        None,
    ),
    (
        "plain_text and markdown texts are kept",
        '<question type="shortanswer"><questiontext format="plain_text"><text>a &lt; b'
        '</text></questiontext><generalfeedback format="markdown"><text>**b**</text>'
        '</generalfeedback><answer fraction="100"><text>x</text></answer></question>',
        {"text": "a < b", "general_feedback": "**b**"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("xml", "expected", "warning"), [r[1:] for r in READINGS], ids=[r[0] for r in READINGS]
)
def test_moodle_reading(xml: str, expected: dict[str, Any], warning: str | None) -> None:
    result = parse_moodle_xml(quiz(xml))
    assert result.errors == []
    [question] = result.questions
    got = dict(question.data)
    if "alternatives" in expected and isinstance(expected["alternatives"][0], float):
        got["alternatives"] = [a["credit"] for a in got["alternatives"]]
    assert {key: got[key] for key in expected} == expected
    if warning is None:
        assert question.warnings == []
    else:
        assert any(warning in w for w in question.warnings), question.warnings


# --------------------------------------------------------------------------- the writer


def _specs() -> list[QuestionSpec]:
    return [QuestionSpec.from_data(question) for question in QUESTIONS]


def _written() -> Element:
    return fromstring(moodle_xml_text("Round trip / exam", _specs()))


# What Moodle's importer reads of each type (import_headers + the type's import_*), which an
# export must therefore hold.
REQUIRED = {
    "multichoice": ["name/text", "questiontext/text", "generalfeedback/text", "defaultgrade",
                    "single", "shuffleanswers", "answernumbering", "correctfeedback/text",
                    "partiallycorrectfeedback/text", "incorrectfeedback/text", "answer/text",
                    "answer/feedback/text"],
    "truefalse": ["name/text", "questiontext/text", "generalfeedback/text", "defaultgrade",
                  "answer/text", "answer/feedback/text"],
    "shortanswer": ["name/text", "questiontext/text", "generalfeedback/text", "defaultgrade",
                    "usecase", "answer/text", "answer/feedback/text"],
    "numerical": ["name/text", "questiontext/text", "generalfeedback/text", "defaultgrade",
                  "answer/text", "answer/feedback/text"],
}  # fmt: skip


def test_the_export_has_what_moodles_importer_reads() -> None:
    root = _written()
    assert root.tag == "quiz"
    category, *written = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/Round trip - exam"
    assert len(written) == len(QUESTIONS)
    for question in written:
        kind = question.get("type")
        assert kind in REQUIRED
        for path in REQUIRED[kind]:
            assert question.find(path) is not None, (kind, path)
        for answer in question.findall("answer"):
            assert answer.get("fraction") is not None
        assert question.find("questiontext").get("format") == "markdown"


def test_true_false_answers_are_true_then_false() -> None:
    for question in _written().findall("question[@type='truefalse']"):
        assert [a.findtext("text") for a in question.findall("answer")] == ["true", "false"]


def test_fractions_are_moodles_grades() -> None:
    moodle_percents = {str(round(g * 100, 5)).removesuffix(".0") for g in MOODLE_GRADES}
    moodle_percents |= {f"-{p}" for p in moodle_percents if p != "0"}
    fractions = [a.get("fraction") for a in _written().iter("answer")]
    assert "33.33333" in fractions
    assert "66.66667" in fractions
    assert set(fractions) <= moodle_percents, set(fractions) - moodle_percents


def test_a_credit_off_moodles_list_is_written_exactly_with_a_comment() -> None:
    spec = QuestionSpec.from_data(
        {
            "type": "multiple",
            "text": "Odd credit",
            "alternatives": [{"text": "a", "credit": 0.37}, {"text": "b", "credit": 0.63}],
        }
    )
    text = moodle_xml_text("t", [spec])
    assert 'fraction="37"' in text
    assert 'fraction="63"' in text
    assert "Nearest grade if not listed" in text
    assert parse_moodle_xml(text).questions[0].data == spec.document()


def test_a_multiple_response_key_moodle_refuses_is_marked() -> None:
    # Moodle's multichoice needs the positive grades of a multiple-response key to add up to 100 %.
    def written(*credits: float) -> str:
        alternatives = [{"text": f"a{i}", "credit": c} for i, c in enumerate(credits)]
        spec = {"type": "multiple", "text": "Which?", "alternatives": alternatives}
        return moodle_xml_text("t", [QuestionSpec.from_data(spec)])

    assert "add up to 200 %" in written(1.0, 1.0, 0.0)
    assert "add up to" not in written(0.5, 0.5, -1.0)
    assert "add up to" not in written(1 / 3, 1 / 3, 1 / 3)


def test_numeric_without_tolerance_writes_none_and_reads_exact() -> None:
    question = next(q for q in _written().findall("question[@type='numerical']"))
    assert question.find("answer/tolerance") is None


def test_control_characters_xml_cannot_hold_become_replacement_characters() -> None:
    spec = QuestionSpec.from_data(
        {"type": "short_answer", "text": "bell\x07", "alternatives": [{"text": "x", "credit": 1}]}
    )
    result = parse_moodle_xml(moodle_xml_text("t", [spec]))
    assert result.questions[0].data["text"] == "bell\ufffd"


@settings(max_examples=200, deadline=None)
@given(st.lists(questions(ALL_TYPES), min_size=1, max_size=3))
def test_export_then_import_is_exact(specs: list[QuestionSpec]) -> None:
    result = parse_moodle_xml(moodle_xml_text("Round trip", specs))
    assert result.errors == []
    assert [q.data for q in result.questions] == [spec.document() for spec in specs]


def test_export_import_export_is_identical() -> None:
    first = moodle_xml_text("t", _specs())
    again = [QuestionSpec.from_data(q.data) for q in parse_moodle_xml(first).questions]
    assert moodle_xml_text("t", again) == first


# --------------------------------------------------------------------------- the API


def _import(client: Any, exam: int, headers: dict[str, str], text: str, **flags: Any) -> Any:
    body = {"format": "moodle_xml", "text": text, **flags}
    return client.post(f"/api/exams/{exam}/import", json=body, headers=headers)


def test_api_imports_the_fixture_with_its_report(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    preview = _import(client, exam, auth["author"], FIXTURE, dry_run=True)
    assert preview.status_code == 200
    assert preview.json["imported"] == 0
    assert [q["title"] for q in preview.json["questions"]][:2] == ["Capital of France", "Primes"]
    assert [s["kind"] for s in preview.json["skipped"]] == ["description"]
    assert client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json == []
    response = _import(client, exam, auth["author"], FIXTURE)
    assert response.status_code == 200, response.json
    assert response.json["imported"] == 9
    stored = client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json
    assert [q["type"] for q in stored] == [
        "single",
        "multiple",
        "true_false",
        "short_answer",
        "numeric",
        "essay",
        "matching",
        "cloze",
        "ordering",
    ]


def test_api_all_or_nothing_then_partial(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    text = quiz(
        multichoice(RIGHT_WRONG, name="Fine"),
        multichoice(RIGHT_WRONG, name="Pic", extra='<file name="a.png">AA==</file>'),
    )
    refused = _import(client, exam, auth["author"], text)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "validation_error"
    [error] = refused.json["error"]["details"]["errors"]
    assert (error["line"], "a.png" in error["message"]) == (4, True)
    assert client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json == []
    partial = _import(client, exam, auth["author"], text, partial=True)
    assert partial.status_code == 200
    assert partial.json["imported"] == 1
    assert len(partial.json["errors"]) == 1


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY, "<quiz>", "not xml"])
def test_api_bad_xml_is_422_and_changes_nothing(client, auth, build_exam, users, text):
    exam = build_exam(users["author"], status="draft", questions=[])
    response = _import(client, exam, auth["author"], text)
    assert response.status_code == 422
    assert response.json["error"]["details"]["errors"]
    assert client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json == []


def test_api_import_needs_the_exam_s_author(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    assert _import(client, exam, auth["anonymous"], FIXTURE).status_code == 401
    assert _import(client, exam, auth["student"], FIXTURE).status_code == 403
    assert _import(client, exam, auth["other_author"], FIXTURE).status_code == 404


def test_api_export_import_export_is_identical(client, auth, build_exam, users):
    source = build_exam(users["author"], status="draft", questions=QUESTIONS, title="Source")
    first = client.get(f"/api/exams/{source}/export?format=moodle_xml", headers=auth["author"])
    assert first.status_code == 200
    assert first.mimetype == "application/xml"
    disposition = f'attachment; filename="exam-{source}.moodle.xml"'
    assert first.headers["Content-Disposition"] == disposition
    target = build_exam(users["author"], status="draft", questions=[], title="Source")
    imported = _import(client, target, auth["author"], first.get_data(as_text=True))
    assert imported.status_code == 200, imported.json
    assert imported.json["errors"] == []
    assert imported.json["skipped"] == []
    again = client.get(f"/api/exams/{target}/export?format=moodle_xml", headers=auth["author"])
    assert again.get_data(as_text=True) == first.get_data(as_text=True)


def test_api_export_is_the_author_s_only(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=QUESTIONS)
    url = f"/api/exams/{exam}/export?format=moodle_xml"
    assert client.get(url, headers=auth["other_author"]).status_code == 404
    assert client.get(url, headers=auth["student"]).status_code == 403
    bad = client.get(f"/api/exams/{exam}/export?format=moodle", headers=auth["author"])
    assert bad.status_code == 422
