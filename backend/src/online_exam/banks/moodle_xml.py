"""Moodle XML (`<quiz><question type=…>`): reader and writer, as Moodle's own
question/format/xml/format.php reads and writes it.

Read: multichoice (`<single>` true = single choice, false = multiple response), truefalse,
shortanswer (`<usecase>` = case-sensitive), numerical (`<tolerance>`; several answers: the first
full-credit one is kept, the rest reported, as GIFT), with `<defaultgrade>` (points),
`<generalfeedback>`, per-answer `<feedback>` and `fraction` percentages ("33.33333", "-50").
Texts are kept as written in every `format` (html, moodle_auto_format, plain_text, markdown):
the app renders texts as Markdown, which shows HTML; only the `<p>…</p>` Moodle's editor wraps
around plain words is taken off. `<question type="category">` and
`<name>` are reported (questions here have neither category nor title); descriptions and every
type without a counterpart here (ddwtos, gapselect, calculated, randomsamatch…) are skipped and
reported per question. Also read and written: essay (`<maxwordlimit>` = the word limit; a
minimum, attachments, grader information and a response template are reported), match (each
`<subquestion>` an item with its `<answer>`; empty text = a distractor answer; at least two
items), ordering (the qtype_ordering plugin's `<answer fraction="position">` items,
`<gradingtype>` ALL_OR_NOTHING = whole order, ABSOLUTE_POSITION = per item; older numbers -1/0
too; the relative types are read as per item, reported) and multianswer (the embedded answers
in the text become cloze gaps: banks/cloze.py). Embedded files (`<file encoding="base64">`, or texts
referring to `@@PLUGINFILE@@`) are refused per question, naming the file: questions store no
files, and a picture inlined as a data: URI would not fit a question's text limit.
Every issue names the line of its `<question>`.

The XML is parsed by defusedxml with DTDs, entities and external references forbidden (no
billion laughs, no external fetches); the request's 1 MiB limit bounds the text.

Written: `format="markdown"` texts (what this app's texts are), Moodle's required elements per
type, and fractions that Moodle's importer accepts: a credit within 1e-7 of one of Moodle's
grades is written as that grade ("33.33333"); any other credit is written exactly, with a
comment that Moodle needs "Nearest grade if not listed" for it. A numeric question without
tolerance is written without `<tolerance>` (Moodle reads 0). What Moodle XML cannot carry:
a true/false question's own labels (Moodle's answers are "true" and "false"), titles (written
as Q1, Q2…), and control characters XML 1.0 forbids (written as U+FFFD). Export -> import ->
export gives the same file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Comment, Element, ParseError, SubElement, indent, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..domain import OrderingCredit, QuestionType
from ..exams.models import Exam
from ..exams.spec import AlternativeSpec, QuestionSpec
from .cloze import ClozeError, cloze_text, parse_cloze
from .parsed import (
    Issue,
    NumericAnswer,
    ParsedQuestion,
    ParseResult,
    Skipped,
    alternative,
    keep_one_numeric,
    percent,
    question_data,
)

# Moodle's answer grades (question_bank::fraction_options_full), without their negatives.
MOODLE_GRADES = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333,
    0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
_SNAP = 1e-7  # closer than Moodle's 7 stored decimals: the same grade
# The combined feedback Moodle fills in by default: not worth a warning.
_STANDARD_FEEDBACK = {
    "",
    "Your answer is correct.",
    "Your answer is partially correct.",
    "Your answer is incorrect.",
}
_UNSUPPORTED = {
    "description": "A description (text without answers)",
    "randomsamatch": "A random short-answer matching question",
    "ddwtos": "A drag-and-drop-into-text question",
    "gapselect": "A select-missing-words question",
    "calculated": "A calculated question",
    "calculatedsimple": "A simple calculated question",
    "calculatedmulti": "A calculated multichoice question",
    "ddimageortext": "A drag-and-drop-onto-image question",
    "ddmarker": "A drag-and-drop-markers question",
    "random": "A random question",
}
_PLUGINFILE_RE = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s?#]+)")
_LONE_PARAGRAPH_RE = re.compile(r"<p>([^<&]*)</p>")
_XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Refused(Exception):
    """A question we cannot import: an error on its line."""


# --------------------------------------------------------------------------- reader


# Moodle's files nest 6 levels deep; the element tree's searches recurse once per level.
MAX_DEPTH = 32


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _LineParser(DefusedXMLParser):
    """defusedxml's parser (no DTD, no entities, no external references) that remembers the
    line each element starts on and refuses elements nested deeper than MAX_DEPTH."""

    def __init__(self) -> None:
        super().__init__(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self.lines: dict[Element, int] = {}
        self.depth = 0

    def _start(self, tag: str, attr_list: list[str]) -> Element:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(self._parser.CurrentLineNumber)
        element: Element = super()._start(tag, attr_list)
        self.lines[element] = self._parser.CurrentLineNumber
        return element

    def _end(self, tag: str) -> Element:
        self.depth -= 1
        result: Element = super()._end(tag)
        return result


def _parse_xml(text: str) -> tuple[Element, dict[Element, int]]:
    parser = _LineParser()
    parser.feed(text)
    return parser.close(), parser.lines


def _text_of(element: Element | None) -> str:
    """The `<text>` of an element (questiontext, answer, feedback…), trimmed as Moodle does."""
    if element is None:
        return ""
    inner = element.find("text")
    if inner is None:
        return ""
    if len(inner):
        # Moodle's files escape markup or wrap it in CDATA; elements here would be lost.
        raise _Refused(
            f"<{element.tag}><text> holds the element <{inner[0].tag}>: write HTML escaped "
            "or inside <![CDATA[…]]>."
        )
    text = (inner.text or "").strip()
    # Moodle's editor wraps every text in <p>…</p>: a lone paragraph of plain words is those
    # words (in Markdown too); anything with markup or entities stays as written.
    html = element.get("format", "html") in ("html", "moodle_auto_format")
    if html and (match := _LONE_PARAGRAPH_RE.fullmatch(text)):
        return match.group(1).strip()
    return text


def _label(element: Element | None) -> str:
    """A name's or category's text, for the report (never refused)."""
    inner = element.find("text") if element is not None else None
    return "".join(inner.itertext()).strip() if inner is not None else ""


def _files(question: Element) -> list[str]:
    """Names of the files a question embeds or refers to (old files: <image_base64>)."""
    names = [f.get("name") or "(unnamed)" for f in question.iter("file")]
    if question.find("image_base64") is not None:
        names.append(question.findtext("image") or "(unnamed image)")
    for element in question.iter("text"):
        names.extend(_PLUGINFILE_RE.findall(element.text or ""))
    return list(dict.fromkeys(names))


def _number(text: str) -> float | None:
    try:
        value = float(Decimal(text.strip()))
    except (InvalidOperation, ValueError):
        return None
    return value if math.isfinite(value) else None


def _fraction(answer: Element) -> float:
    """An answer's credit from its `fraction` percentage ("100", "33.33333", "-50")."""
    raw = answer.get("fraction", "0")
    try:
        percent = Decimal(raw.strip())
    except InvalidOperation:
        raise _Refused(f'fraction="{raw[:20]}" is not a percentage.') from None
    if not percent.is_finite() or not -100 <= percent <= 100:
        raise _Refused(f'fraction="{raw[:20]}" is not a percentage between -100 and 100.')
    return float(percent / 100)


def _flag(question: Element, name: str, default: bool) -> bool:
    """A yes/no setting as Moodle's trans_single reads it: "false", "0" or empty is no."""
    element = question.find(name)
    if element is None:
        return default
    return (element.text or "").strip() not in ("false", "0", "")


def _answers(question: Element) -> list[AlternativeSpec]:
    return [
        alternative(_text_of(answer), _fraction(answer), _text_of(answer.find("feedback")))
        for answer in question.findall("answer")
    ]


def _choice(question: Element, notes: list[str]) -> dict[str, Any]:
    alternatives = _answers(question)
    full = sum(1 for a in alternatives if a.credit == 1.0)
    single = _flag(question, "single", True)
    if single and full > 1:
        notes.append(
            f"{full} answers have 100 %: Moodle reads this as single choice where any of them "
            "earns full credit; imported as multiple response (each earns full credit on its own)."
        )
    if not _flag(question, "shuffleanswers", False):  # Moodle's default when it is missing
        notes.append(
            "Moodle's 'shuffle the choices: no' is not kept: shuffling is an exam setting here."
        )
    kind = QuestionType.SINGLE if single and full <= 1 else QuestionType.MULTIPLE
    return question_data(kind, "", alternatives=alternatives)


def _true_false(question: Element, notes: list[str]) -> dict[str, Any]:
    answers = question.findall("answer")
    labels = [_text_of(answer) for answer in answers]
    if sorted(labels) != ["false", "true"]:
        if len(answers) != 2:
            raise _Refused("A true/false question needs two answers, 'true' and 'false'.")
        # Moodle reads old (localised) exports as true first, then false, and warns.
        notes.append(
            f"The answers {labels[0][:20]!r} and {labels[1][:20]!r} were read as true and false, "
            "in that order (as Moodle reads old exports)."
        )
        labels = ["true", "false"]
    by_label = {
        label: (answer, _fraction(answer)) for label, answer in zip(labels, answers, strict=True)
    }
    if sum(1 for _, credit in by_label.values() if credit == 1.0) != 1:
        raise _Refused("A true/false question needs exactly one answer with fraction 100.")
    return question_data(
        QuestionType.TRUE_FALSE,
        "",
        alternatives=[
            alternative(text, credit, _text_of(answer.find("feedback")))
            for text, (answer, credit) in (("True", by_label["true"]), ("False", by_label["false"]))
        ],
    )


def _short_answer(question: Element, notes: list[str]) -> dict[str, Any]:
    return question_data(
        QuestionType.SHORT_ANSWER,
        "",
        case_sensitive=_flag(question, "usecase", False),
        alternatives=_answers(question),
    )


def _numerical(question: Element, notes: list[str]) -> dict[str, Any]:
    answers = []
    for answer in question.findall("answer"):
        text, credit = _text_of(answer), _fraction(answer)
        feedback = _text_of(answer.find("feedback"))
        if text in ("*", ""):  # Moodle reads an empty answer as * too
            if credit > 0:
                raise _Refused(
                    "The answer * (any number) with credit cannot be held: a numeric question "
                    "here has one right value and a tolerance."
                )
            if feedback:
                notes.append(
                    "The feedback for any other answer (*) is not kept: numeric questions "
                    "have the general feedback only."
                )
            continue
        value = _number(text)
        element = answer.find("tolerance")
        tolerance = None if element is None else _number(element.text or "0")
        if value is None or (element is not None and (tolerance is None or tolerance < 0)):
            raise _Refused(f"{text[:40]!r} is not a numeric answer with a tolerance >= 0.")
        answers.append(NumericAnswer(text, value, tolerance, credit, feedback))
    if question.find("units/unit") is not None:
        notes.append("Units are not kept: the answer is the number alone.")
    kept = keep_one_numeric(answers, notes)
    if kept is None:
        raise _Refused("No numeric answer has full credit (fraction 100).")
    return question_data(
        QuestionType.NUMERIC, "", numeric_answer=kept.value, numeric_tolerance=kept.tolerance
    )


def _essay(question: Element, notes: list[str]) -> dict[str, Any]:
    """qtype_essay: `<maxwordlimit>` is the word limit; what else Moodle holds (a minimum,
    attachments, a response template, information for graders) is reported."""
    limit = (question.findtext("maxwordlimit") or "").strip()
    if limit and (not limit.isdigit() or int(limit) < 1):
        raise _Refused(f"<maxwordlimit>{limit[:20]}</maxwordlimit> is not a whole number > 0.")
    if (question.findtext("minwordlimit") or "").strip() not in ("", "0"):
        notes.append("The minimum word limit is not kept (only the maximum is).")
    if (question.findtext("attachments") or "0").strip() not in ("0", ""):
        notes.append("Attachments are not kept: an essay here is text only.")
    extra = [name for name in ("graderinfo", "responsetemplate") if _text_of(question.find(name))]
    if extra:
        notes.append(f"<{'> and <'.join(extra)}> not kept: an essay here has neither.")
    if (question.findtext("responseformat") or "editor").strip() in ("noinline",):
        notes.append("'No online text' (attachments only) is read as a text essay.")
    return question_data(QuestionType.ESSAY, "", word_limit=int(limit) if limit else None)


def _match(question: Element, notes: list[str]) -> dict[str, Any]:
    """qtype_match: each `<subquestion>` an item with its `<answer>`; one with empty text is
    an extra answer (a distractor), as Moodle reads it."""
    alternatives = []
    for sub in question.findall("subquestion"):
        answer = (sub.findtext("answer/text") or "").strip()
        if not answer:
            continue  # Moodle skips a subquestion without an answer
        alternatives.append(AlternativeSpec(_text_of(sub), 0.0, match=answer))
    if sum(1 for a in alternatives if a.text) < 2:
        raise _Refused("A matching question needs at least two subquestions with an answer.")
    return question_data(QuestionType.MATCHING, "", alternatives=alternatives)


# qtype_ordering's grading types (named, or numbered as older versions wrote them): all or
# nothing and "absolute position" are what this app grades; the relative ones are read as
# per item, reported.
_ORDERING_WHOLE = ("ALL_OR_NOTHING", "-1")
_ORDERING_PER_ITEM = ("ABSOLUTE_POSITION", "0")


def _ordering(question: Element, notes: list[str]) -> dict[str, Any]:
    """qtype_ordering: the `<answer>`s with their `fraction` as the right position."""
    answers = question.findall("answer")
    keyed = []
    for place, answer in enumerate(answers):
        position = _number(answer.get("fraction", str(place + 1)))
        keyed.append((position if position is not None else place + 1, place, _text_of(answer)))
    items = [text for _, _, text in sorted(keyed)]
    if len(items) < 2 or not all(items):
        raise _Refused("An ordering question needs at least two items with text.")
    grading = (question.findtext("gradingtype") or "ALL_OR_NOTHING").strip().upper()
    credit = OrderingCredit.WHOLE if grading in _ORDERING_WHOLE else OrderingCredit.PER_ITEM
    if grading not in (*_ORDERING_WHOLE, *_ORDERING_PER_ITEM):
        notes.append(f"Grading type {grading[:30]} is read as a share per item in its right place.")
    if (question.findtext("selecttype") or "ALL").strip().upper() not in ("ALL", "0"):
        notes.append("Moodle's 'show a subset of the items' is not kept: all items are shown.")
    return question_data(
        QuestionType.ORDERING,
        "",
        ordering_credit=credit,
        alternatives=[AlternativeSpec(text, 0.0) for text in items],
    )


def _multianswer(question: Element, notes: list[str]) -> dict[str, Any]:
    """qtype_multianswer: the embedded answers in the text become gaps (banks/cloze.py)."""
    try:
        cloze = parse_cloze(_text_of(question.find("questiontext")))
    except ClozeError as error:
        raise _Refused(str(error)) from error
    notes += cloze.notes
    data = question_data(
        QuestionType.CLOZE, "", gaps=tuple(cloze.gaps), alternatives=cloze.alternatives
    )
    data["text"] = cloze.text
    return data


_READERS = {
    "multichoice": _choice,
    "truefalse": _true_false,
    "shortanswer": _short_answer,
    "numerical": _numerical,
    "essay": _essay,
    "match": _match,
    "ordering": _ordering,
    "multianswer": _multianswer,
}


def _question(question: Element, kind: str, notes: list[str]) -> dict[str, Any]:
    if files := _files(question):
        raise _Refused(
            f"It embeds the file{'s' if len(files) > 1 else ''} {', '.join(files[:5])}: "
            "questions here hold no files. Remove the file(s), or import without this question."
        )
    text = _text_of(question.find("questiontext"))
    if not text:
        raise _Refused("The question text (<questiontext><text>) is empty or missing.")
    data = _READERS[kind](question, notes)
    data.setdefault("text", text)
    if not data["text"]:
        data["text"] = text
    data["general_feedback"] = _text_of(question.find("generalfeedback"))
    grade = question.find("defaultgrade")
    if grade is not None and grade.text is not None:
        points = _number(grade.text)
        if points is None:
            raise _Refused(f"<defaultgrade>{grade.text[:20]}</defaultgrade> is not a number.")
        data["points"] = points
    combined = [
        name
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
        if _text_of(question.find(name)) not in _STANDARD_FEEDBACK
    ]
    if combined or question.find("hint") is not None:
        notes.append(
            "Combined feedback and hints are not kept (only the general feedback and each "
            "answer's feedback are)."
        )
    return data


def parse_moodle_xml(text: str) -> ParseResult:
    result = ParseResult()
    try:
        root, lines = _parse_xml(text.removeprefix("\ufeff"))
    except DefusedXmlException as error:
        result.errors.append(
            Issue(
                f"The XML declares a DTD or entities ({type(error).__name__}); they are refused "
                "for safety. Moodle's exports have none."
            )
        )
        return result
    except _TooDeep as error:
        result.errors.append(
            Issue(f"The XML nests elements deeper than {MAX_DEPTH} levels.", error.line)
        )
        return result
    except ParseError as error:
        where = error.position[0] if error.position else None
        result.errors.append(Issue(f"The XML is not well-formed: {error}.", where))
        return result
    if root.tag != "quiz":
        result.errors.append(Issue(f"The root element is <{root.tag}>, not <quiz>.", lines[root]))
        return result
    titled = 0
    for element in root:
        line = lines.get(element)
        if element.tag != "question":
            result.warnings.append(Issue(f"<{element.tag}> is not a question; ignored.", line))
            continue
        kind = element.get("type", "")
        title = _label(element.find("name")) or None
        if kind == "category":
            result.warnings.append(
                Issue(
                    f'Category "{_label(element.find("category"))}" noted but not kept: '
                    "questions are imported into this exam.",
                    line,
                )
            )
            continue
        if kind not in _READERS:
            what = _UNSUPPORTED.get(kind, f"A question of type {kind!r}")
            result.skipped.append(
                Skipped(
                    kind or "unknown",
                    f"{what} was skipped: there is no question type for it here.",
                    line,
                    title,
                )
            )
            continue
        notes: list[str] = []
        try:
            data = _question(element, kind, notes)
        except _Refused as refused:
            name = f' "{title}"' if title else ""
            result.errors.append(Issue(f"Question{name}: {refused}", line))
            continue
        parsed = ParsedQuestion(data, index=len(result.questions) + 1, line=line, title=title)
        result.questions.append(parsed)
        titled += title is not None
        for note in notes:
            result.warn(parsed, note)
    if titled:
        result.warnings.append(
            Issue(
                f"{titled} question name{'s' if titled != 1 else ''} (<name>) noted but not "
                "stored: questions have no name here (see each question's `title`)."
            )
        )
    return result


# --------------------------------------------------------------------------- writer


def _percent(credit: float) -> tuple[str, bool]:
    """(the fraction attribute, whether Moodle's list of grades has it)."""
    for grade in MOODLE_GRADES:
        for value in (grade, -grade):
            if abs(credit - value) < _SNAP:
                return percent(value), True
    return percent(credit), False


def _num(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _xml_text(text: str) -> str:
    # XML 1.0 cannot hold most control characters, not even as references.
    return _XML_INVALID_RE.sub("\ufffd", text)


def _text(parent: Element, tag: str, text: str, markdown: bool = True) -> Element:
    element = SubElement(parent, tag, {"format": "markdown"} if markdown else {})
    SubElement(element, "text").text = _xml_text(text)
    return element


def _value(parent: Element, tag: str, value: str) -> None:
    SubElement(parent, tag).text = value


def _answer(parent: Element, text: str, credit: float, feedback: str, fmt: str) -> list[str]:
    """An <answer>; returns the off-list fractions written (for the comment)."""
    percent, listed = _percent(credit)
    answer = SubElement(parent, "answer", {"fraction": percent, "format": fmt})
    SubElement(answer, "text").text = _xml_text(text)
    _text(answer, "feedback", feedback)
    return [] if listed else [percent]


def _question_element(question: QuestionSpec, number: int, shuffle: bool) -> Element | None:
    kinds = {
        QuestionType.SINGLE: "multichoice",
        QuestionType.MULTIPLE: "multichoice",
        QuestionType.TRUE_FALSE: "truefalse",
        QuestionType.SHORT_ANSWER: "shortanswer",
        QuestionType.NUMERIC: "numerical",
        QuestionType.ESSAY: "essay",
        QuestionType.MATCHING: "match",
        QuestionType.ORDERING: "ordering",
        QuestionType.CLOZE: "multianswer",
    }
    if question.type == QuestionType.NUMERIC and question.numeric_answer is None:
        return None
    text = question.text
    if question.type == QuestionType.CLOZE:
        embedded = cloze_text(question)
        if embedded is None:
            return None
        text = embedded
    if question.type in (QuestionType.MATCHING, QuestionType.ORDERING) and (
        len(question.alternatives) < 2
    ):
        return None
    if question.type == QuestionType.TRUE_FALSE and len(question.alternatives) != 2:
        return None
    element = Element("question", {"type": kinds[question.type]})
    SubElement(SubElement(element, "name"), "text").text = f"Q{number}"
    _text(element, "questiontext", text)
    _text(element, "generalfeedback", question.general_feedback)
    _value(element, "defaultgrade", _num(question.points))
    _value(element, "penalty", "1" if question.type == QuestionType.TRUE_FALSE else "0.3333333")
    _value(element, "hidden", "0")
    _value(element, "idnumber", "")
    off_list: list[str] = []
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        _value(element, "single", "true" if question.type == QuestionType.SINGLE else "false")
        _value(element, "shuffleanswers", "true" if shuffle else "false")
        _value(element, "answernumbering", "abc")
        _value(element, "showstandardinstruction", "0")
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text(element, name, "")
        for a in question.alternatives:
            off_list += _answer(element, a.text, a.credit, a.feedback, "markdown")
    elif question.type == QuestionType.TRUE_FALSE:
        for a, label in zip(question.alternatives, ("true", "false"), strict=True):
            off_list += _answer(element, label, a.credit, a.feedback, "moodle_auto_format")
    elif question.type == QuestionType.SHORT_ANSWER:
        _value(element, "usecase", "1" if question.case_sensitive else "0")
        for a in question.alternatives:
            off_list += _answer(element, a.text, a.credit, a.feedback, "moodle_auto_format")
    elif question.type == QuestionType.ESSAY:
        _write_essay(element, question)
    elif question.type == QuestionType.MATCHING:
        _value(element, "shuffleanswers", "true" if shuffle else "false")
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text(element, name, "")
        for a in question.alternatives:
            sub = _text(element, "subquestion", a.text)
            SubElement(SubElement(sub, "answer"), "text").text = _xml_text(a.match)
    elif question.type == QuestionType.ORDERING:
        whole = question.ordering_credit == OrderingCredit.WHOLE
        for name, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", "0"),
            ("gradingtype", "ALL_OR_NOTHING" if whole else "ABSOLUTE_POSITION"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            _value(element, name, value)
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text(element, name, "")
        for position, a in enumerate(question.alternatives, start=1):
            answer = SubElement(
                element, "answer", {"fraction": str(position), "format": "markdown"}
            )
            SubElement(answer, "text").text = _xml_text(a.text)
    elif question.type == QuestionType.CLOZE:
        pass  # the gaps are in the text
    else:
        assert question.numeric_answer is not None
        answer = SubElement(element, "answer", {"fraction": "100", "format": "moodle_auto_format"})
        SubElement(answer, "text").text = _num(question.numeric_answer)
        _text(answer, "feedback", "")
        if question.numeric_tolerance is not None:
            _value(answer, "tolerance", _num(question.numeric_tolerance))
        for name, value in (("unitgradingtype", "0"), ("unitpenalty", "0.1"), ("showunits", "3")):
            _value(element, name, value)
        _value(element, "unitsleft", "0")
    if question.type in (QuestionType.MATCHING, QuestionType.ORDERING) and any(
        a.feedback for a in question.alternatives
    ):
        element.insert(0, _comment("per-item feedback is not written: Moodle's type has none"))
    if off_list:
        element.insert(
            0,
            _comment(
                f"fractions {', '.join(off_list)} are not among Moodle's grades: import with "
                '"Nearest grade if not listed"'
            ),
        )
    if question.type == QuestionType.MULTIPLE:
        # Moodle's multichoice refuses a multiple-response key whose positive grades do not
        # add up to 100 % (rounded to 2 places); this app allows more than 100 %.
        positive = round(sum(a.credit for a in question.alternatives if a.credit > 0), 2)
        if positive != 1:
            element.insert(
                0,
                _comment(
                    f"the positive fractions add up to {percent(positive)} %: Moodle accepts "
                    "a multiple-response question only when they add up to 100 %"
                ),
            )
    return element


def _write_essay(element: Element, question: QuestionSpec) -> None:
    """Moodle's essay elements, as its export writes them; the limit is `<maxwordlimit>`."""
    limit = "" if question.word_limit is None else str(question.word_limit)
    for name, value in (
        ("responseformat", "editor"),
        ("responserequired", "1"),
        ("responsefieldlines", "15"),
        ("minwordlimit", ""),
        ("maxwordlimit", limit),
        ("attachments", "0"),
        ("attachmentsrequired", "0"),
    ):
        _value(element, name, value)
    _text(element, "graderinfo", "")
    _text(element, "responsetemplate", "")


def _comment(text: str) -> Element[Any]:
    return Comment(f" {text.replace('--', '- -')} ")


def moodle_xml_text(
    title: str, questions: Sequence[QuestionSpec], *, shuffle_alternatives: bool = True
) -> str:
    """The questions as a Moodle XML file, in order, in one category named after the exam."""
    quiz = Element("quiz")
    quiz.append(_comment(f"Exported from Online Exam: {len(questions)} questions."))
    category = SubElement(quiz, "question", {"type": "category"})
    name = " ".join(title.split()).replace("/", "-") or "Online Exam"
    SubElement(SubElement(category, "category"), "text").text = _xml_text(f"$course$/top/{name}")
    for number, question in enumerate(questions, start=1):
        element = _question_element(question, number, shuffle_alternatives)
        if element is None:
            quiz.append(_comment(f"Q{number} ({question.type}) not exported: it is incomplete."))
        else:
            quiz.append(element)
    indent(quiz, space="  ")
    body = tostring(quiz, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def write_moodle_xml(exam: Exam) -> str:
    return moodle_xml_text(
        exam.title,
        [QuestionSpec.from_model(q) for q in exam.questions],
        shuffle_alternatives=exam.shuffle_alternatives,
    )
