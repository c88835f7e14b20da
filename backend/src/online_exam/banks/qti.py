"""QTI: an exam out as a QTI 3.0 content package, QTI 3.0 / 2.2 / 2.1 packages in.

Our types and QTI (written in QTI 3.0, kebab-case `qti-` names; read in both spellings — the
reader renames QTI 3 elements and attributes to the 2.x camelCase names first):

- single: choiceInteraction max-choices=1, cardinality single. match_correct when the question
  is worth 1 point with one right answer and no partial credit (match_correct scores 0 or 1,
  whatever the points), else map_response (mapped value = credit x points per choice).
- true_false: the same, two choices with identifiers `true` and `false` (read back from those
  identifiers, or from the texts True/False of another tool's item).
- multiple: choiceInteraction max-choices=0, cardinality multiple, map_response: a map entry per
  credited choice (partial and negative credit), lower bound 0, upper bound the points.
- short_answer: textEntryInteraction, base-type string, map_response: a map entry per accepted
  answer (credit x points; `case-sensitive` from the question).
- numeric: textEntryInteraction, base-type float, the answer as correct response, scored by
  `qti-equal` with `tolerance-mode="absolute"` (`exact` without a tolerance): QTI's own
  expression for "within t of the answer", which conforming players evaluate; a mapping of
  floats cannot express a tolerance.

- essay: extendedTextInteraction, no response processing (a person grades it); the word limit
  as QTI 3's `data-word-limit` attribute.
- matching: matchInteraction, two simpleMatchSets (items; distinct answers, distractors too),
  cardinality multiple directedPair, map_response with an equal share of the points per pair.
- ordering: orderInteraction, choices written in the right order (shuffle true), cardinality
  ordered, match_correct; `data-ordering-credit="per_item"` keeps the author's rule.
- cloze: each `{#n}` of the text an inlineChoiceInteraction (choice gap) or a
  textEntryInteraction (text gap) `GAP_n` in its sentence, each mapped (its share of the
  points); SCORE is their sum. Per-answer feedback of gaps is not written.
  Read: several inline choice / text entry interactions in one item, or one inline choice, are
  a cloze question (the interactions become `{#n}` markers).

Points are the MAXSCORE outcome's default value (SCORE is what the item earns). Feedback: per
choice a `qti-feedback-inline` in the choice, per accepted answer and the general feedback a
`qti-modal-feedback` (`ANSWER_n`, `GENERAL`), all on the FEEDBACK outcome. A template cannot set
FEEDBACK, so an item with feedback (and every numeric item) has custom response processing: the
template's rules written out, plus the FEEDBACK rules. The reader recognises that form exactly;
other custom processing is read best effort (scored from the declared correct response and
mapping, with a warning).

Reading: one interaction per item (but cloze). Interactions we have no type for (gap match,
hotspot, associate, ...) and other composite items are reported per item as skipped, never
dropped silently. Text is read as text (inline markup dropped, block elements and
<br> as line breaks, spaces at the ends of a line dropped but inside <pre>, which the export uses
for such text); images and other media are not imported (a warning says so).
`citolab-qti-convert` (2.x <-> 3.0) is GPL-3.0 and this project is MIT: not used; the reader
understands both spellings itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from ..domain import GapKind, OrderingCredit, QuestionType
from ..exams.models import Exam
from ..exams.spec import AlternativeSpec, GapSpec, QuestionSpec
from ..i18n import language_tag
from .gift import BLANK
from .parsed import Issue, ParsedQuestion, ParseResult, Skipped, question_data
from .qti_package import (
    MANIFEST,
    Package,
    PackageError,
    XmlError,
    local,
    parse_xml,
    read_package,
    resolve,
    write_package,
)

NS_ITEM = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
SCHEMA_ITEM = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
NS_MANIFEST = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
SCHEMA_MANIFEST = (
    "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
)
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
TEMPLATE_URI = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/{}.xml"
MATCH_CORRECT, MAP_RESPONSE, MAP_RESPONSE_POINT = (
    "match_correct",
    "map_response",
    "map_response_point",
)
RESPONSE, SCORE, MAXSCORE, FEEDBACK, GENERAL = (
    "RESPONSE",
    "SCORE",
    "MAXSCORE",
    "FEEDBACK",
    "GENERAL",
)
TEST_FILE = "assessment.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_TITLE = "Imported QTI package"  # the new exam's title when the package has no test

# What the reader calls the interactions it cannot import (issue #15 brings most of them).
UNSUPPORTED = {
    "associateInteraction": "association",
    "gapMatchInteraction": "gap match (cloze)",
    "hottextInteraction": "hot text",
    "hotspotInteraction": "hotspot",
    "graphicGapMatchInteraction": "graphic gap match",
    "graphicOrderInteraction": "graphic ordering",
    "graphicAssociateInteraction": "graphic association",
    "selectPointInteraction": "select point",
    "positionObjectInteraction": "position object",
    "sliderInteraction": "slider",
    "uploadInteraction": "file upload",
    "drawingInteraction": "drawing",
    "mediaInteraction": "media",
    "customInteraction": "custom interaction",
    "portableCustomInteraction": "portable custom interaction",
    "endAttemptInteraction": "end attempt",
}
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "pre", "blockquote"}
    | {"table", "thead", "tbody", "tr", "dl", "dt", "dd", "figure", "figcaption", "section"}
    | {"article", "hr", "address", "prompt", "choiceInteraction"}
)
_QTI_BLOCKS = frozenset({"prompt", "choiceInteraction"})  # blocks, but not paragraphs
# Content of the item body that is not the question's text.
_NOT_TEXT = frozenset({"feedbackInline", "feedbackBlock", "rubricBlock", "templateBlock"})
_SOURCE_BREAK_RE = re.compile(r"[ \t\r]*\n\s*")
_ENTRY = "\x00entry\x00"  # where a text entry sat (no text contains NUL: refused on input)
_MEDIA = frozenset({"img", "object", "video", "audio", "picture", "svg", "math"})


# =========================================================================== writing


def _el(parent: Element | None, tag: str, text: str | None = None, **attrs: str) -> Element:
    """A QTI 3 element: keyword `base_type` is written `base-type`."""
    names = {key.replace("_", "-"): value for key, value in attrs.items()}
    element = Element(tag, names) if parent is None else SubElement(parent, tag, names)
    if text is not None:
        element.text = text
    return element


def _num(value: float) -> str:
    """The shortest exact spelling of a number (2, 0.5, 0.3333333333333333)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _lines(parent: Element, text: str) -> None:
    """Text as one `<p>` per line (an empty line is an empty `<p/>`); text whose lines start or
    end with spaces (indented code) as one `<pre>`, where readers keep every space."""
    lines = text.split("\n")
    if any(line != line.strip() for line in lines):
        _el(parent, "pre", text)
        return
    for line in lines:
        _el(parent, "p", line or None)


def _inline(parent: Element, text: str) -> None:
    """Text inside an inline container, line breaks as <br/>."""
    first, *rest = text.split("\n")
    parent.text = first or None
    for line in rest:
        _el(parent, "br").tail = line or None


def _value_list(parent: Element, tag: str, values: Iterable[str]) -> None:
    container = _el(parent, tag)
    for value in values:
        _el(container, "qti-value", value)


def _set(parent: Element, identifier: str) -> Element:
    return _el(parent, "qti-set-outcome-value", identifier=identifier)


def _float(parent: Element, value: str) -> None:
    _el(parent, "qti-base-value", value, base_type="float")


def _choice_ids(spec: QuestionSpec) -> list[str]:
    if spec.type == QuestionType.TRUE_FALSE and len(spec.alternatives) == 2:
        return ["true", "false"]
    return [f"CHOICE_{i}" for i in range(1, len(spec.alternatives) + 1)]


def _template(spec: QuestionSpec) -> str:
    """match_correct only where it scores exactly as we do: 1 point, one right answer."""
    credits = [a.credit for a in spec.alternatives]
    if (
        spec.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE)
        and spec.points == 1
        and all(c in (0, 1) for c in credits)
        and credits.count(1) == 1
    ):
        return MATCH_CORRECT
    return MAP_RESPONSE


def _has_feedback(spec: QuestionSpec) -> bool:
    return bool(spec.general_feedback) or any(a.feedback for a in spec.alternatives)


def write_item(
    spec: QuestionSpec, identifier: str, shuffle: bool, language: str | None = None
) -> Element:
    item = _el(None, "qti-assessment-item")
    item.set("xmlns", NS_ITEM)
    item.set("xmlns:xsi", NS_XSI)
    item.set("xsi:schemaLocation", f"{NS_ITEM} {SCHEMA_ITEM}")
    item.set("identifier", identifier)
    if language:  # QTI's place for the content's language (an xml:lang attribute)
        item.set("xml:lang", language)
    item.set("title", f"Question {identifier.removeprefix('Q')}")
    item.set("adaptive", "false")
    item.set("time-dependent", "false")
    choice = spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)
    template = _template(spec) if choice else MAP_RESPONSE
    if spec.type in _NEW_TYPES:
        _new_type_item(item, spec, shuffle)
        return item
    _response_declaration(item, spec, template)
    _score_outcomes(item, spec)
    body = _el(item, "qti-item-body")
    _lines(body, spec.text)
    if choice:
        interaction = _el(
            body,
            "qti-choice-interaction",
            response_identifier=RESPONSE,
            shuffle="true" if shuffle and spec.type != QuestionType.TRUE_FALSE else "false",
            max_choices="0" if spec.type == QuestionType.MULTIPLE else "1",
        )
        for choice_id, alternative in zip(_choice_ids(spec), spec.alternatives, strict=True):
            simple = _el(interaction, "qti-simple-choice", identifier=choice_id)
            _inline(simple, alternative.text)
            if alternative.feedback:
                inline = _el(
                    simple,
                    "qti-feedback-inline",
                    outcome_identifier=FEEDBACK,
                    identifier=choice_id,
                    show_hide="show",
                )
                _inline(inline, alternative.feedback)
    else:
        _el(_el(body, "p"), "qti-text-entry-interaction", response_identifier=RESPONSE)
    item.append(response_processing(spec, template))
    _modal_feedback(item, spec)
    return item


def _score_outcomes(item: Element, spec: QuestionSpec) -> None:
    """SCORE, MAXSCORE (the points) and, when the item has feedback, FEEDBACK."""
    score = _el(item, "qti-outcome-declaration", identifier=SCORE, cardinality="single")
    score.set("base-type", "float")
    _value_list(score, "qti-default-value", ["0"])
    maximum = _el(item, "qti-outcome-declaration", identifier=MAXSCORE, cardinality="single")
    maximum.set("base-type", "float")
    _value_list(maximum, "qti-default-value", [_num(spec.points)])
    if _has_feedback(spec):
        feedback = _el(item, "qti-outcome-declaration", identifier=FEEDBACK)
        feedback.set("cardinality", "multiple")
        feedback.set("base-type", "identifier")


# --------------------------------------------------------------------------- essay, matching,
# ordering, cloze: extended text, match, order, and inline choice / text entry interactions.

_NEW_TYPES = frozenset(
    {QuestionType.ESSAY, QuestionType.MATCHING, QuestionType.ORDERING, QuestionType.CLOZE}
)
_GAP_MARKER_RE = re.compile(r"\{#([0-9]+)\}")


def _declare(item: Element, identifier: str, cardinality: str, base_type: str) -> Element:
    declaration = _el(item, "qti-response-declaration", identifier=identifier)
    declaration.set("cardinality", cardinality)
    declaration.set("base-type", base_type)
    return declaration


def _new_type_item(item: Element, spec: QuestionSpec, shuffle: bool) -> None:
    """Essay: extended text, no scoring (a person grades it; the word limit as QTI 3's
    `data-word-limit`). Matching: a match interaction (items, then answers; directed pairs
    mapped to an equal share of the points). Ordering: an order interaction, its choices in
    the right order (shown shuffled), match_correct; `data-ordering-credit` says per item.
    Cloze: each `{#n}` an inline choice or text entry `GAP_n`, each mapped like a choice or
    short-answer question, to its share of the points."""
    mapped: list[str] = []
    if spec.type == QuestionType.ESSAY:
        _declare(item, RESPONSE, "single", "string")
    elif spec.type == QuestionType.MATCHING:
        _match_declaration(item, spec)
        mapped.append(RESPONSE)
    elif spec.type == QuestionType.ORDERING:
        ids = [f"CHOICE_{i}" for i in range(1, len(spec.alternatives) + 1)]
        _value_list(_declare(item, RESPONSE, "ordered", "identifier"), "qti-correct-response", ids)
    else:
        mapped += _gap_declarations(item, spec)
    _score_outcomes(item, spec)
    body = _el(item, "qti-item-body")
    if spec.type == QuestionType.CLOZE:
        _cloze_body(body, spec)
    else:
        _lines(body, spec.text)
    if spec.type == QuestionType.ESSAY:
        interaction = _el(body, "qti-extended-text-interaction", response_identifier=RESPONSE)
        if spec.word_limit is not None:
            interaction.set("data-word-limit", str(spec.word_limit))
    elif spec.type == QuestionType.MATCHING:
        _match_interaction(body, spec, shuffle)
    elif spec.type == QuestionType.ORDERING:
        interaction = _el(
            body, "qti-order-interaction", response_identifier=RESPONSE, shuffle="true"
        )
        interaction.set("data-ordering-credit", spec.ordering_credit.value)
        for number, alternative in enumerate(spec.alternatives, start=1):
            choice = _el(interaction, "qti-simple-choice", identifier=f"CHOICE_{number}")
            _inline(choice, alternative.text)
    processing = _el(None, "qti-response-processing")
    if spec.type == QuestionType.ORDERING:
        processing.set("template", TEMPLATE_URI.format(MATCH_CORRECT))
    elif mapped:
        total = _el(_set(processing, SCORE), "qti-sum")
        for identifier in mapped:
            _el(total, "qti-map-response", identifier=identifier)
    if spec.general_feedback:
        _feedback_add(processing, None, GENERAL)
    if len(processing) or processing.get("template"):
        item.append(processing)
    _modal_feedback(item, spec)


def _match_sets(spec: QuestionSpec) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The items (identifier, text) and the answers' identifiers by text (distinct, in order)."""
    texts = [a.text for a in spec.alternatives if a.text]
    items = [(f"ITEM_{i}", text) for i, text in enumerate(texts, start=1)]
    answers: dict[str, str] = {}
    for alternative in spec.alternatives:
        answers.setdefault(alternative.match, f"ANSWER_{len(answers) + 1}")
    return items, answers


def _match_declaration(item: Element, spec: QuestionSpec) -> None:
    items, answers = _match_sets(spec)
    pairs = [a for a in spec.alternatives if a.text]
    keys = [f"{i} {answers[a.match]}" for (i, _), a in zip(items, pairs, strict=True)]
    declaration = _declare(item, RESPONSE, "multiple", "directedPair")
    _value_list(declaration, "qti-correct-response", keys)
    mapping = _mapping(declaration, spec)
    share = spec.points / len(keys) if keys else 0.0
    for key in keys:
        _el(mapping, "qti-map-entry", map_key=key, mapped_value=_num(share))


def _match_interaction(body: Element, spec: QuestionSpec, shuffle: bool) -> None:
    items, answers = _match_sets(spec)
    interaction = _el(
        body,
        "qti-match-interaction",
        response_identifier=RESPONSE,
        shuffle="true" if shuffle else "false",
        max_associations=str(len(items)),
    )
    first = _el(interaction, "qti-simple-match-set")
    for identifier, text in items:
        choice = _el(first, "qti-simple-associable-choice", identifier=identifier, match_max="1")
        _inline(choice, text)
    second = _el(interaction, "qti-simple-match-set")
    for text, identifier in answers.items():
        choice = _el(
            second,
            "qti-simple-associable-choice",
            identifier=identifier,
            match_max=str(len(items)),
        )
        _inline(choice, text)


def _gap_declarations(item: Element, spec: QuestionSpec) -> list[str]:
    identifiers = []
    share = spec.points / len(spec.gaps) if spec.gaps else 0.0
    for number, gap in enumerate(spec.gaps, start=1):
        identifier = f"GAP_{number}"
        identifiers.append(identifier)
        alternatives = spec.gap_alternatives(number)
        choice = gap.kind == GapKind.CHOICE
        declaration = _declare(item, identifier, "single", "identifier" if choice else "string")
        keys = [f"{identifier}_{i}" if choice else a.text for i, a in enumerate(alternatives, 1)]
        full = [key for key, a in zip(keys, alternatives, strict=True) if a.credit == 1]
        if full:
            _value_list(declaration, "qti-correct-response", full[:1])
        mapping = _el(
            declaration, "qti-mapping", lower_bound="0", upper_bound=_num(share), default_value="0"
        )
        for key, alternative in zip(keys, alternatives, strict=True):
            entry = _el(
                mapping, "qti-map-entry", map_key=key, mapped_value=_num(alternative.credit * share)
            )
            if not choice:
                entry.set("case-sensitive", "true" if gap.case_sensitive else "false")
    return identifiers


def _cloze_body(body: Element, spec: QuestionSpec) -> None:
    """The text, a paragraph per line, each `{#n}` its gap's interaction in the sentence."""
    for line in spec.text.split("\n"):
        paragraph = _el(body, "p")
        last: Element | None = None
        end = 0
        for match in _GAP_MARKER_RE.finditer(line):
            before = line[end : match.start()]
            if last is None:
                paragraph.text = (paragraph.text or "") + before
            else:
                last.tail = (last.tail or "") + before
            last = _gap_interaction(paragraph, spec, int(match.group(1)))
            end = match.end()
        if last is None:
            paragraph.text = (paragraph.text or "") + line[end:]
        else:
            last.tail = (last.tail or "") + line[end:]


def _gap_interaction(parent: Element, spec: QuestionSpec, number: int) -> Element:
    identifier = f"GAP_{number}"
    gap = spec.gaps[number - 1] if 1 <= number <= len(spec.gaps) else None
    if gap is None or gap.kind == GapKind.TEXT:
        return _el(parent, "qti-text-entry-interaction", response_identifier=identifier)
    interaction = _el(
        parent, "qti-inline-choice-interaction", response_identifier=identifier, shuffle="false"
    )
    for i, alternative in enumerate(spec.gap_alternatives(number), 1):
        _el(interaction, "qti-inline-choice", alternative.text, identifier=f"{identifier}_{i}")
    return interaction


def _response_declaration(item: Element, spec: QuestionSpec, template: str) -> None:
    declaration = _el(item, "qti-response-declaration", identifier=RESPONSE)
    if spec.type == QuestionType.NUMERIC:
        declaration.set("cardinality", "single")
        declaration.set("base-type", "float")
        if spec.numeric_answer is not None:
            _value_list(declaration, "qti-correct-response", [_num(spec.numeric_answer)])
        return
    multiple = spec.type == QuestionType.MULTIPLE
    declaration.set("cardinality", "multiple" if multiple else "single")
    if spec.type == QuestionType.SHORT_ANSWER:
        declaration.set("base-type", "string")
        full = [a.text for a in spec.alternatives if a.credit == 1]
        if full:
            _value_list(declaration, "qti-correct-response", full[:1])
        mapping = _mapping(declaration, spec)
        for alternative in spec.alternatives:
            _el(
                mapping,
                "qti-map-entry",
                map_key=alternative.text,
                mapped_value=_num(alternative.credit * spec.points),
                case_sensitive="true" if spec.case_sensitive else "false",
            )
        return
    declaration.set("base-type", "identifier")
    pairs = list(zip(_choice_ids(spec), spec.alternatives, strict=True))
    correct = [i for i, a in pairs if (a.credit > 0 if multiple else a.credit == 1)]
    if correct and (multiple or len(correct) == 1):
        _value_list(declaration, "qti-correct-response", correct)
    if template == MAP_RESPONSE:
        mapping = _mapping(declaration, spec)
        for choice_id, alternative in pairs:
            if alternative.credit:
                _el(
                    mapping,
                    "qti-map-entry",
                    map_key=choice_id,
                    mapped_value=_num(alternative.credit * spec.points),
                )


def _mapping(declaration: Element, spec: QuestionSpec) -> Element:
    return _el(
        declaration,
        "qti-mapping",
        lower_bound="0",
        upper_bound=_num(spec.points),
        default_value="0",
    )


def response_processing(spec: QuestionSpec, template: str) -> Element:
    """The standard template when it says everything; else its rules written out, plus the
    numeric comparison and the FEEDBACK rules."""
    processing = _el(None, "qti-response-processing")
    if spec.type != QuestionType.NUMERIC and not _has_feedback(spec):
        processing.set("template", TEMPLATE_URI.format(template))
        return processing
    condition = _el(processing, "qti-response-condition")
    first = _el(condition, "qti-response-if")
    if spec.type == QuestionType.NUMERIC:
        both = _el(first, "qti-and")
        _el(_el(both, "qti-not"), "qti-is-null").append(_variable(RESPONSE))
        tolerance = spec.numeric_tolerance
        equal = _el(both, "qti-equal", tolerance_mode="exact" if tolerance is None else "absolute")
        if tolerance is not None:
            equal.set("tolerance", _num(tolerance))
        equal.append(_variable(RESPONSE))
        _el(equal, "qti-correct", identifier=RESPONSE)
        _set(first, SCORE).append(_variable(MAXSCORE))
        _float(_set(_el(condition, "qti-response-else"), SCORE), "0")
    elif template == MATCH_CORRECT:
        match = _el(first, "qti-match")
        match.append(_variable(RESPONSE))
        _el(match, "qti-correct", identifier=RESPONSE)
        _float(_set(first, SCORE), "1")
        _float(_set(_el(condition, "qti-response-else"), SCORE), "0")
    else:
        _el(first, "qti-is-null").append(_variable(RESPONSE))
        _float(_set(first, SCORE), "0")
        otherwise = _set(_el(condition, "qti-response-else"), SCORE)
        _el(otherwise, "qti-map-response", identifier=RESPONSE)
    if spec.general_feedback:
        _feedback_add(processing, None, GENERAL)
    if spec.type == QuestionType.SHORT_ANSWER:
        for number, alternative in enumerate(spec.alternatives, start=1):
            if alternative.feedback:
                rule = _el(_el(processing, "qti-response-condition"), "qti-response-if")
                match = _el(
                    rule,
                    "qti-string-match",
                    case_sensitive="true" if spec.case_sensitive else "false",
                )
                match.append(_variable(RESPONSE))
                _el(match, "qti-base-value", alternative.text, base_type="string")
                _feedback_add(rule, None, f"ANSWER_{number}")
    elif any(a.feedback for a in spec.alternatives):
        _feedback_add(processing, RESPONSE, None)
    return processing


def _variable(identifier: str) -> Element:
    return _el(None, "qti-variable", identifier=identifier)


def _feedback_add(parent: Element, variable: str | None, identifier: str | None) -> None:
    """FEEDBACK := FEEDBACK plus a variable's value or an identifier."""
    multiple = _el(_set(parent, FEEDBACK), "qti-multiple")
    multiple.append(_variable(FEEDBACK))
    if variable:
        multiple.append(_variable(variable))
    if identifier:
        _el(multiple, "qti-base-value", identifier, base_type="identifier")


def _modal_feedback(item: Element, spec: QuestionSpec) -> None:
    shown: list[tuple[str, str]] = []
    if spec.general_feedback:
        shown.append((GENERAL, spec.general_feedback))
    if spec.type == QuestionType.SHORT_ANSWER:
        shown.extend(
            (f"ANSWER_{number}", a.feedback)
            for number, a in enumerate(spec.alternatives, start=1)
            if a.feedback
        )
    for identifier, text in shown:
        modal = _el(
            item,
            "qti-modal-feedback",
            outcome_identifier=FEEDBACK,
            identifier=identifier,
            show_hide="show",
        )
        _lines(_el(modal, "qti-content-body"), text)


def _test(exam: Exam, identifiers: list[str]) -> Element:
    test = _el(None, "qti-assessment-test")
    test.set("xmlns", NS_ITEM)
    test.set("xmlns:xsi", NS_XSI)
    test.set("xsi:schemaLocation", f"{NS_ITEM} {SCHEMA_ITEM}")
    test.set("identifier", "exam")
    test.set("title", exam.title)
    test.set("xml:lang", exam.language)
    score = _el(test, "qti-outcome-declaration", identifier=SCORE, cardinality="single")
    score.set("base-type", "float")
    if exam.time_limit_minutes:
        _el(test, "qti-time-limits", max_time=str(exam.time_limit_minutes * 60))
    part = _el(
        test,
        "qti-test-part",
        identifier="part-1",
        navigation_mode="nonlinear",
        submission_mode="simultaneous",
    )
    section = _el(
        part, "qti-assessment-section", identifier="section-1", title=exam.title, visible="true"
    )
    if exam.shuffle_questions:
        _el(section, "qti-ordering", shuffle="true")
    for identifier in identifiers:
        _el(section, "qti-assessment-item-ref", identifier=identifier, href=_item_file(identifier))
    total = _el(_set(_el(test, "qti-outcome-processing"), SCORE), "qti-sum")
    _el(total, "qti-test-variables", variable_identifier=SCORE)
    return test


def _item_file(identifier: str) -> str:
    return f"items/{identifier}.xml"


def _manifest(identifiers: list[str]) -> Element:
    manifest = _el(None, "manifest")
    manifest.set("xmlns", NS_MANIFEST)
    manifest.set("xmlns:xsi", NS_XSI)
    manifest.set("xsi:schemaLocation", f"{NS_MANIFEST} {SCHEMA_MANIFEST}")
    manifest.set("identifier", "MANIFEST-exam")
    metadata = _el(manifest, "metadata")
    _el(metadata, "schema", "QTI Package")
    _el(metadata, "schemaversion", "3.0.0")
    _el(manifest, "organizations")
    resources = _el(manifest, "resources")
    test = _el(resources, "resource", identifier="exam", type="imsqti_test_xmlv3p0", href=TEST_FILE)
    _el(test, "file", href=TEST_FILE)
    for identifier in identifiers:
        _el(test, "dependency", identifierref=identifier)
    for identifier in identifiers:
        resource = _el(
            resources,
            "resource",
            identifier=identifier,
            type="imsqti_item_xmlv3p0",
            href=_item_file(identifier),
        )
        _el(resource, "file", href=_item_file(identifier))
    return manifest


def _indent(element: Element, level: int = 0) -> None:
    """Pretty-print elements that hold only elements; text-bearing ones are left exactly as
    they are (ElementTree.indent would add whitespace to mixed content such as a choice)."""
    children = list(element)
    if not children or (element.text and element.text.strip()):
        return
    if any(child.tail and child.tail.strip() for child in children):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        _indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level


def _xml(element: Element) -> bytes:
    _indent(element)
    body: bytes = tostring(element, encoding="utf-8")  # no declaration for utf-8: add ours
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def export_package(exam: Exam) -> bytes:
    """The exam as a QTI 3.0 package: manifest, one test (the questions in order), one item
    per question. Deterministic: the same exam gives the same bytes."""
    identifiers = [f"Q{n}" for n in range(1, len(exam.questions) + 1)]
    files = [(MANIFEST, _xml(_manifest(identifiers))), (TEST_FILE, _xml(_test(exam, identifiers)))]
    for identifier, question in zip(identifiers, exam.questions, strict=True):
        spec = QuestionSpec.from_model(question)
        item = write_item(spec, identifier, exam.shuffle_alternatives, exam.language)
        files.append((_item_file(identifier), _xml(item)))
    return write_package(files)


# =========================================================================== reading


def _camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _normalise(root: Element, version: str) -> None:
    """Local names everywhere; QTI 3's `qti-choice-interaction` / `max-choices` renamed to
    2.x's `choiceInteraction` / `maxChoices`, so one reader serves both."""
    v3 = version == "3.0"
    for element in root.iter():
        name = local(element.tag)
        element.tag = _camel(name[4:]) if v3 and name.startswith("qti-") else name
        if v3 or any("}" in key for key in element.attrib):
            renamed = {}
            for key, value in element.attrib.items():
                if "}" in key:
                    continue  # xml:lang, xsi:schemaLocation: not read
                renamed[_camel(key) if v3 and not key.startswith(("data-", "aria-")) else key] = (
                    value
                )
            element.attrib = renamed


def _text(container: Element, skip: Callable[[Element], bool] = lambda _: False) -> str:
    """The text of a piece of XHTML: inline markup dropped, a line per block element and per
    <br/>, line breaks of the source inside a line as spaces, elements for which `skip` is
    true left out (their tails kept). A text entry inside a sentence shows as a blank; on a
    line of its own (as we write it) it leaves no line."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush(force: bool = False) -> None:
        line = _SOURCE_BREAK_RE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if line == _ENTRY:
            return
        if line or force:
            lines.append(line.replace(_ENTRY, BLANK))

    def walk(element: Element) -> None:
        buffer.append(element.text or "")
        for child in element:
            if child.tag == "textEntryInteraction":
                buffer.append(_ENTRY)
            elif skip(child):
                pass
            elif child.tag == "br":
                flush(force=True)
            elif child.tag == "pre":  # preformatted: every space and line kept
                flush()
                lines.extend("".join(child.itertext()).split("\n"))
            elif child.tag in _BLOCKS:
                flush()
                if not len(child) and not (child.text or "").strip():
                    if child.tag not in _QTI_BLOCKS:
                        lines.append("")  # an empty paragraph: an empty line
                else:
                    walk(child)
                    flush()
            else:
                walk(child)
            buffer.append(child.tail or "")

    walk(container)
    flush()
    return "\n".join(lines)


def _is_interaction(element: Element) -> bool:
    return element.tag.endswith("Interaction")


def _values(parent: Element | None, tag: str) -> list[str]:
    container = parent.find(tag) if parent is not None else None
    if container is None:
        return []
    return [(value.text or "").strip() for value in container if value.tag == "value"]


def _number(text: str | None, what: str) -> float:
    try:
        value = float((text or "").strip())
    except ValueError:
        raise _ItemError(f"{what} {text!r} is not a number.") from None
    if not math.isfinite(value):
        raise _ItemError(f"{what} {text!r} is not a finite number.")
    return value


def _fraction(value: float, points: float) -> float:
    """value / points as the shortest decimal that gives `value` back (what we wrote as
    credit x points reads back as that credit, not 0.30000000000000004)."""
    if points <= 0:
        return 0.0
    exact = value / points
    for digits in range(1, 16):
        candidate = round(exact, digits)
        if candidate * points == value:
            return candidate
    return exact


class _ItemError(Exception):
    """This item cannot be imported (reported with its number)."""


class _Unsupported(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _not_question_text(element: Element) -> bool:
    return (
        element.tag in _NOT_TEXT
        or element.tag == "simpleChoice"
        or (_is_interaction(element) and element.tag != "choiceInteraction")
    )


def _signature(element: Element) -> tuple[Any, ...]:
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        (element.text or "").strip(),
        tuple(_signature(child) for child in element),
    )


class _ItemReader:
    """One assessment item (normalised to 2.x names) -> QuestionIn data or a reason not to."""

    def __init__(self, root: Element, version: str) -> None:
        self.root = root
        self.version = version
        self.warnings: list[str] = []
        self.shuffle: bool | None = None  # a choice interaction's shuffle attribute

    def read(self) -> dict[str, Any]:
        root = self.root
        if root.tag != "assessmentItem":
            raise _ItemError(f"The file is not an assessment item (its root is <{root.tag}>).")
        if root.get("adaptive") == "true":
            raise _Unsupported(
                "adaptive item", "Adaptive items (several attempts) are not supported."
            )
        body = root.find("itemBody")
        if body is None:
            raise _Unsupported("no interaction", "The item has no body.")
        interactions = [e for e in body.iter() if _is_interaction(e)]
        if not interactions:
            raise _Unsupported("no interaction", "The item asks nothing (no interaction).")
        kinds = sorted({e.tag for e in interactions})
        # A cloze of one text gap is one textEntryInteraction, as a short answer is: ours are
        # told apart by the gap's response identifier (GAP_n, see _gap_interaction).
        gaps_only = set(kinds) <= set(_GAP_INTERACTIONS)
        if set(kinds) & _NEW_INTERACTIONS or (
            gaps_only
            and (
                len(interactions) > 1
                or (interactions[0].get("responseIdentifier") or "").startswith("GAP_")
            )
        ):
            return self._new_type(body, interactions)
        if len(interactions) > 1:
            raise _Unsupported(
                "composite item",
                f"The item has {len(interactions)} interactions ({', '.join(kinds)}); a "
                "question here has one.",
            )
        interaction = interactions[0]
        if interaction.tag not in ("choiceInteraction", "textEntryInteraction"):
            kind = UNSUPPORTED.get(interaction.tag, interaction.tag)
            raise _Unsupported(
                kind,
                f"{interaction.tag}: {kind} questions have no question type here yet.",
            )
        if any(e.tag in _MEDIA for e in body.iter()):
            self.warnings.append("Images, media and formulas in the item are not imported.")
        self.declaration = self._declaration(interaction)
        self.processing = root.find("responseProcessing")
        self.template = self._template_name()
        self.modal = {
            m.get("identifier") or "": self._feedback_text(m)
            for m in [*root.findall("modalFeedback"), *body.iter("feedbackBlock")]
            if m.get("showHide", "show") == "show"
        }
        self.used_modal: set[str] = set()
        # The question: the body's text and the prompt, without the choices or feedback.
        text = _text(body, _not_question_text)
        if interaction.tag == "choiceInteraction":
            data = self._choice(interaction, text)
        else:
            data = self._text_entry(text)
        unused = [k for k in self.modal if k not in self.used_modal and self.modal[k]]
        if unused:
            self.warnings.append(
                f"Feedback shown on conditions this platform cannot express ({', '.join(unused)}) "
                "was added to the general feedback."
            )
            extra = [self.modal[k] for k in unused]
            data["general_feedback"] = "\n".join(filter(None, [data["general_feedback"], *extra]))
        self._check_processing(data)
        return data

    @staticmethod
    def _feedback_text(element: Element) -> str:
        body = element.find("contentBody")
        return _text(body if body is not None else element)

    def _declaration(self, interaction: Element) -> Element:
        identifier = interaction.get("responseIdentifier") or ""
        for declaration in self.root.findall("responseDeclaration"):
            if declaration.get("identifier") == identifier:
                return declaration
        raise _ItemError(f"The interaction's response {identifier!r} is not declared.")

    def _template_name(self) -> str | None:
        """The standard template's name, None for custom (or no) response processing."""
        if self.processing is None:
            return None
        uri = self.processing.get("template") or self.processing.get("templateLocation")
        if not uri:
            return None
        name = uri.rstrip("/").rsplit("/", 1)[-1].removesuffix(".xml")
        if name not in (MATCH_CORRECT, MAP_RESPONSE, MAP_RESPONSE_POINT):
            raise _Unsupported(
                "response processing", f"Unknown response processing template {uri[:200]!r}."
            )
        if name == MAP_RESPONSE_POINT:
            raise _Unsupported(
                "response processing", "map_response_point scores graphical interactions."
            )
        return name

    def _mapping(self) -> tuple[dict[str, float], list[bool], Element | None]:
        mapping = self.declaration.find("mapping")
        if self.declaration.find("areaMapping") is not None:
            raise _Unsupported("response processing", "Area mappings score graphical interactions.")
        entries: dict[str, float] = {}
        case: list[bool] = []
        if mapping is None:
            return entries, case, None
        default = _number(mapping.get("defaultValue", "0"), "The mapping's default value")
        if default:
            self.warnings.append(
                f"The mapping's default value ({_num(default)}) for unlisted answers is not kept."
            )
        for entry in mapping.findall("mapEntry"):
            key = entry.get("mapKey") or ""
            entries[key] = _number(entry.get("mappedValue"), "A mapped value")
            case.append(entry.get("caseSensitive", "true") == "true")
        return entries, case, mapping

    def _points(self, mapping: Element | None, fallback: float) -> float:
        for outcome in self.root.findall("outcomeDeclaration"):
            if outcome.get("identifier") == MAXSCORE:
                values = _values(outcome, "defaultValue")
                if values:
                    return _number(values[0], "MAXSCORE")
        if mapping is not None and mapping.get("upperBound"):
            return _number(mapping.get("upperBound"), "The mapping's upper bound")
        return fallback

    def _scored_by_mapping(self, mapping: Element | None) -> bool:
        if self.template == MAP_RESPONSE:
            if mapping is None:
                raise _ItemError("map_response, but the response declares no mapping.")
            return True
        return self.template is None and mapping is not None

    def _choice(self, interaction: Element, text: str) -> dict[str, Any]:
        # No choices: QTI wants one, but a draft of ours may have none yet (the preview warns).
        choices = [c for c in interaction if c.tag == "simpleChoice"]
        if self.declaration.get("baseType", "identifier") != "identifier":
            raise _ItemError("A choice interaction's response must have base type identifier.")
        max_choices = int(_number(interaction.get("maxChoices", "1"), "maxChoices"))
        multiple = self.declaration.get("cardinality") == "multiple" or max_choices != 1
        self.shuffle = interaction.get("shuffle") == "true"
        ids = [c.get("identifier") or "" for c in choices]
        texts = [_text(c, lambda e: e.tag in _NOT_TEXT) for c in choices]
        feedback = []
        for choice, choice_id in zip(choices, ids, strict=True):
            inline = [e for e in choice.iter() if e.tag in ("feedbackInline", "feedbackBlock")]
            if inline:
                feedback.append("\n".join(_text(e) for e in inline))
            else:
                feedback.append(self.modal.get(choice_id, ""))
            self.used_modal.add(choice_id)
        entries, _, mapping = self._mapping()
        correct = _values(self.declaration, "correctResponse")
        if self._scored_by_mapping(mapping):
            positive = [v for v in entries.values() if v > 0]
            most = sum(positive) if multiple else max(positive, default=1.0)
            points = self._points(mapping, most or 1.0)
            credits = [_fraction(entries.get(i, 0.0), points) for i in ids]
        else:
            points = self._points(None, 1.0)
            if multiple and len(correct) > 1:
                self.warnings.append(
                    "All-or-nothing scoring (match_correct) of several right choices became "
                    "partial credit: each right choice earns its share, a wrong one -1."
                )
                credits = [round(1 / len(correct), 10) if i in correct else -1.0 for i in ids]
            else:
                credits = [1.0 if i in correct else 0.0 for i in ids]
        lowered_ids = {i.lower() for i in ids}
        lowered = {t.strip().lower() for t in texts}
        if not multiple and len(choices) == 2 and {"true", "false"} in (lowered_ids, lowered):
            by_value = {}
            for choice_id, choice_text, credit, note in zip(
                ids, texts, credits, feedback, strict=True
            ):
                key = (
                    choice_id.lower()
                    if lowered_ids == {"true", "false"}
                    else choice_text.strip().lower()
                )
                by_value[key] = AlternativeSpec(key.capitalize(), credit, note)
            return question_data(
                QuestionType.TRUE_FALSE,
                text,
                alternatives=[by_value["true"], by_value["false"]],
                points=points,
                general_feedback=self._general(),
            )
        return question_data(
            QuestionType.MULTIPLE if multiple else QuestionType.SINGLE,
            text,
            alternatives=[
                AlternativeSpec(t, c, f) for t, c, f in zip(texts, credits, feedback, strict=True)
            ],
            points=points,
            general_feedback=self._general(),
        )

    def _general(self) -> str:
        self.used_modal.add(GENERAL)
        return self.modal.get(GENERAL, "")

    def _text_entry(self, text: str) -> dict[str, Any]:
        base_type = self.declaration.get("baseType", "string")
        if self.declaration.get("cardinality", "single") != "single":
            raise _Unsupported("text entry", "A text entry with several values is not supported.")
        if base_type in ("float", "integer"):
            return self._numeric(text)
        if base_type != "string":
            raise _ItemError(f"A text entry of base type {base_type!r} is not supported.")
        entries, case, mapping = self._mapping()
        correct = _values(self.declaration, "correctResponse")
        alternatives = []
        if self._scored_by_mapping(mapping):
            points = self._points(mapping, max(entries.values(), default=1.0) or 1.0)
            for number, (key, value) in enumerate(entries.items(), start=1):
                note = self.modal.get(f"ANSWER_{number}", "")
                self.used_modal.add(f"ANSWER_{number}")
                alternatives.append(AlternativeSpec(key, _fraction(value, points), note))
        else:
            points = self._points(None, 1.0)
            alternatives = [AlternativeSpec(value, 1.0) for value in correct]
            case = [True]  # match_correct compares exactly
        if case and len(set(case)) > 1:
            self.warnings.append(
                "Some accepted answers are case-sensitive and some not: all compare "
                "ignoring case here."
            )
        return question_data(
            QuestionType.SHORT_ANSWER,
            text,
            alternatives=alternatives,
            points=points,
            general_feedback=self._general(),
            case_sensitive=bool(case) and all(case),
        )

    def _numeric(self, text: str) -> dict[str, Any]:
        correct = _values(self.declaration, "correctResponse")
        entries, _, mapping = self._mapping()
        answer: float | None = None
        if correct:
            answer = _number(correct[0], "The correct response")
        elif entries:
            key = max(entries, key=lambda k: entries[k])
            answer = _number(key, "A mapped answer")
        tolerance: float | None = None
        equal = None
        if self.processing is not None and self.template is None:
            equal = next(self.processing.iter("equal"), None)
        if equal is not None:
            mode = equal.get("toleranceMode", "exact")
            bounds = [_number(t, "The tolerance") for t in (equal.get("tolerance") or "0").split()]
            if mode == "absolute":
                tolerance = max(bounds)
                if len(set(bounds)) > 1:
                    self.warnings.append(
                        "Different lower and upper tolerances: the larger is kept."
                    )
            elif mode == "relative":
                tolerance = abs(answer or 0.0) * max(bounds) / 100
                self.warnings.append(
                    f"A relative tolerance of {_num(max(bounds))} % became ± {_num(tolerance)}."
                )
        points = self._points(mapping, 1.0)
        return question_data(
            QuestionType.NUMERIC,
            text,
            points=points,
            general_feedback=self._general(),
            numeric_answer=answer,
            numeric_tolerance=tolerance,
        )

    # ----------------------------------------------------------------- the new types

    def _new_type(self, body: Element, interactions: list[Element]) -> dict[str, Any]:
        """Essay, matching, ordering or cloze (see _new_type_item for what we write); scored
        from the declared correct responses (and the gaps' mappings), the points from
        MAXSCORE."""
        if any(e.tag in _MEDIA for e in body.iter()):
            self.warnings.append("Images, media and formulas in the item are not imported.")
        general = ""
        for modal in self.root.findall("modalFeedback"):
            if modal.get("identifier") == GENERAL and modal.get("showHide", "show") == "show":
                general = self._feedback_text(modal)
        points = self._points(None, 1.0)
        interaction = interactions[0]
        if interaction.tag == "extendedTextInteraction" and len(interactions) == 1:
            limit = interaction.get("data-word-limit")
            if limit is not None and (not limit.isdigit() or int(limit) < 1):
                raise _ItemError(f"data-word-limit {limit[:20]!r} is not a whole number > 0.")
            return question_data(
                QuestionType.ESSAY,
                _text(body, _not_question_text),
                points=points,
                general_feedback=general,
                word_limit=int(limit) if limit else None,
            )
        if interaction.tag == "matchInteraction" and len(interactions) == 1:
            alternatives = self._matching(interaction)
            kind, extra = QuestionType.MATCHING, dict[str, Any]()
        elif interaction.tag == "orderInteraction" and len(interactions) == 1:
            alternatives = self._ordering(interaction)
            credit = interaction.get("data-ordering-credit", OrderingCredit.WHOLE.value)
            if credit not in set(OrderingCredit):
                raise _ItemError(f"data-ordering-credit {credit[:20]!r} is not whole or per_item.")
            kind, extra = QuestionType.ORDERING, {"ordering_credit": OrderingCredit(credit)}
        elif {e.tag for e in interactions} <= set(_GAP_INTERACTIONS):
            gaps, alternatives = self._gaps(interactions, points)
            kind, extra = QuestionType.CLOZE, {"gaps": tuple(gaps)}
            _mark_gaps(body, interactions)
        else:
            kinds = ", ".join(sorted({e.tag for e in interactions}))
            raise _Unsupported(
                "composite item", f"The item has the interactions {kinds}; a question here has one."
            )
        return question_data(
            kind,
            _text(body, _not_question_text),
            points=points,
            general_feedback=general,
            alternatives=alternatives,
            **extra,
        )

    def _correct(self, interaction: Element, choices: int) -> list[str]:
        """The declared correct response; none is fine only for a draft without choices."""
        self.declaration = self._declaration(interaction)
        correct = _values(self.declaration, "correctResponse")
        if not correct and choices:
            raise _ItemError(f"The {interaction.tag} declares no correct response.")
        return correct

    def _matching(self, interaction: Element) -> list[AlternativeSpec]:
        sets = [s for s in interaction if s.tag == "simpleMatchSet"]
        if len(sets) != 2:
            raise _ItemError("A match interaction needs two sets (items, answers).")
        items, answers = (
            {c.get("identifier") or "": _text(c) for c in s if c.tag == "simpleAssociableChoice"}
            for s in sets
        )
        pairs: dict[str, str] = {}
        for value in self._correct(interaction, len(items)):
            source, _, target = value.partition(" ")
            if source in answers and target in items:  # written the other way round
                source, target = target, source
            if source not in items or target not in answers or source in pairs:
                raise _ItemError(f"The correct pair {value[:60]!r} is not one item to one answer.")
            pairs[source] = target
        missing = [items[i] for i in items if i not in pairs]
        if missing:
            raise _ItemError(f"The item {missing[0][:40]!r} has no correct answer.")
        alternatives = [AlternativeSpec(items[i], 0.0, match=answers[pairs[i]]) for i in items]
        used = set(pairs.values())
        alternatives += [
            AlternativeSpec("", 0.0, match=text) for i, text in answers.items() if i not in used
        ]
        return alternatives

    def _ordering(self, interaction: Element) -> list[AlternativeSpec]:
        choices = {
            c.get("identifier") or "": _text(c) for c in interaction if c.tag == "simpleChoice"
        }
        order = self._correct(interaction, len(choices))
        if sorted(order) != sorted(choices):
            raise _ItemError("The correct order must name every choice once.")
        return [AlternativeSpec(choices[i], 0.0) for i in order]

    def _gaps(
        self, interactions: list[Element], points: float
    ) -> tuple[list[GapSpec], list[AlternativeSpec]]:
        """A gap per interaction: its choices or accepted answers, credit from the mapping
        (share of the points per gap), else the correct response's full credit."""
        gaps, alternatives = [], []
        share = points / len(interactions)
        for number, interaction in enumerate(interactions, start=1):
            self.declaration = self._declaration(interaction)
            correct = _values(self.declaration, "correctResponse")
            entries, case, mapping = self._mapping()
            if interaction.tag == "inlineChoiceInteraction":
                gaps.append(GapSpec(GapKind.CHOICE))
                keys = [
                    (c.get("identifier") or "", _text(c))
                    for c in interaction
                    if c.tag == "inlineChoice"
                ]
            else:
                gaps.append(GapSpec(GapKind.TEXT, case_sensitive=any(case)))
                keys = [(key, key) for key in entries] or [(key, key) for key in correct]
            for key, text in keys:
                if mapping is not None:
                    credit = _fraction(entries.get(key, 0.0), share)
                else:
                    credit = 1.0 if key in correct else 0.0
                alternatives.append(AlternativeSpec(text, credit, gap=number))
            if not keys:
                raise _ItemError(f"Gap {number} has no choices or accepted answers.")
        return gaps, alternatives

    def _check_processing(self, data: dict[str, Any]) -> None:
        """Custom response processing: fine when it is exactly what we write for this
        question, else read best effort with a warning."""
        if self.template is not None:
            return
        if self.processing is None:
            self.warnings.append(
                "The item has no response processing: scored from its correct response."
            )
            return
        spec = QuestionSpec.from_data(data)
        ours = response_processing(spec, _template(spec))
        _normalise(ours, "3.0")
        if self.version != "3.0" or _signature(ours) != _signature(self.processing):
            self.warnings.append(
                "Custom response processing is not one of the standard templates: scored from "
                "the declared correct response and mapping (as match_correct / map_response "
                "would), with the tolerance of a qti-equal for numbers."
            )


_GAP_INTERACTIONS = ("inlineChoiceInteraction", "textEntryInteraction")
_NEW_INTERACTIONS = frozenset(
    {"extendedTextInteraction", "matchInteraction", "orderInteraction", "inlineChoiceInteraction"}
)


def _mark_gaps(body: Element, interactions: list[Element]) -> None:
    """Each gap interaction replaced by its `{#n}` marker in the text around it."""
    parents = {child: parent for parent in body.iter() for child in parent}
    for number, interaction in enumerate(interactions, start=1):
        parent = parents[interaction]
        marker = f"{{#{number}}}{interaction.tail or ''}"
        index = list(parent).index(interaction)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + marker
        else:
            parent.text = (parent.text or "") + marker
        parent.remove(interaction)


def _read_item(
    package: Package, href: str, version: str, number: int, result: ParseResult
) -> bool | None:
    """Reads one item into `result`; returns its choices' shuffle setting (None: no choices)."""
    title = href
    try:
        root = parse_xml(package.files[href], href)
        _normalise(root, version)
        title = root.get("title") or root.get("identifier") or href
        reader = _ItemReader(root, version)
        data = reader.read()
    except XmlError as error:
        result.errors.append(Issue(f"Item {number}: {error.message}", question=number))
        return None
    except _ItemError as error:
        result.errors.append(Issue(f"Item {number} ({href}): {error}", question=number))
        return None
    except RecursionError:
        message = f"Item {number} ({href}): the XML is nested too deeply."
        result.errors.append(Issue(message, question=number))
        return None
    except _Unsupported as error:
        message = f"Item {number} ({href}): {error.message}"
        result.skipped.append(Skipped(error.kind, message, title=title, question=number))
        return None
    parsed = ParsedQuestion(data, index=number, title=title)
    result.questions.append(parsed)
    for warning in reader.warnings:
        result.warn(parsed, warning)
    return reader.shuffle


def _test_order(package: Package, result: ParseResult) -> tuple[list[str], dict[str, Any]]:
    """The items' files in the test's order (then any the test leaves out) and the exam
    settings the test carries (title, time limit, shuffled questions, xml:lang)."""
    settings: dict[str, Any] = {}
    manifest_order = [r.href for r in package.items]
    if not package.tests:
        return manifest_order, settings
    if len(package.tests) > 1:
        result.warnings.append(Issue("The package has several tests: the first one is read."))
    test = package.tests[0]
    try:
        root = parse_xml(package.files[test.href], test.href)
    except XmlError as error:
        raise PackageError(error.message) from error
    language = language_tag(root.get(XML_LANG) or "")  # _normalise drops namespaced names
    if language is not None:
        settings["language"] = language
    _normalise(root, test.version)
    if root.tag != "assessmentTest":
        raise PackageError(f"{test.href}: not an assessment test (its root is <{root.tag}>).")
    settings["title"] = (root.get("title") or "").strip()[:200] or DEFAULT_TITLE
    limits = root.find("timeLimits")
    if limits is not None and limits.get("maxTime"):
        try:
            seconds = float(limits.get("maxTime") or "")
            if math.isfinite(seconds) and seconds > 0:
                settings["time_limit_minutes"] = math.ceil(seconds / 60)
        except ValueError:
            result.warnings.append(Issue(f"{test.href}: the time limit is not a number."))
    settings["shuffle_questions"] = any(o.get("shuffle") == "true" for o in root.iter("ordering"))
    folder = test.href.rsplit("/", 1)[0] if "/" in test.href else ""
    known = set(manifest_order)
    order: list[str] = []
    for ref in root.iter("assessmentItemRef"):
        try:
            href = resolve(folder, ref.get("href") or "")
        except PackageError:
            href = ""
        if href in known and href not in order:
            order.append(href)
        elif href not in known:
            result.warnings.append(
                Issue(f"{test.href}: the item {ref.get('href')!r} is not in the manifest: skipped.")
            )
    order.extend(h for h in manifest_order if h not in order)
    return order, settings


def parse_package(data: bytes) -> tuple[dict[str, Any], ParseResult]:
    """(the exam settings the test carries, the items as parsed questions). Errors in one item
    are that item's (numbered by its place in the test); PackageError when the package as a
    whole cannot be read."""
    package = read_package(data)
    result = ParseResult()
    order, settings = _test_order(package, result)
    versions = {r.href: r.version for r in package.items}
    shuffled = [
        _read_item(package, href, versions[href], n, result) for n, href in enumerate(order, 1)
    ]
    settings.setdefault("title", DEFAULT_TITLE)
    # Ours shuffle per exam: on when any choice item of the package shuffles.
    settings["shuffle_alternatives"] = any(shuffled)
    return settings, result
