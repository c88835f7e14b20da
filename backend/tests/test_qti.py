"""QTI 3.0 export and QTI 3.0 / 2.2 / 2.1 import: every type round-trips exactly (export ->
import -> export gives the same package), the written XML has the structure the spec requires
(the QTI XSDs are not available offline: required attributes and element order are checked
here), a QTI 2.1 package from another tool imports with its report, and the API keeps the
import rules (preview, item-numbered errors, all or nothing, partial) on both databases."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring

from online_exam.banks.qti import (
    MATCH_CORRECT,
    NS_ITEM,
    TEMPLATE_URI,
    _ItemReader,
    _normalise,
    _xml,
    parse_package,
    write_item,
)
from online_exam.banks.qti_package import parse_xml
from online_exam.exams.spec import QuestionSpec

from .test_banks_roundtrip import QUESTIONS as PORTABLE_QUESTIONS

DATA = Path(__file__).parent / "data"
Q = f"{{{NS_ITEM}}}"
ZIP = "application/zip"

# Every type, with what QTI has to carry: partial and negative credit, points that are not 1,
# feedback per choice, per accepted answer and in general, case sensitivity, tolerances
# (none, 0, some), several lines and empty lines, characters XML escapes.
QUESTIONS: list[dict[str, Any]] = [
    *PORTABLE_QUESTIONS,
    {
        "type": "single",
        "text": "A plain single choice <worth> 1 point & no feedback",
        "alternatives": [
            {"text": "right", "credit": 1.0, "feedback": ""},
            {"text": "wrong", "credit": 0.0, "feedback": ""},
        ],
    },
    {
        "type": "single",
        "text": "Partial credit on a single choice\n\nafter an empty line",
        "points": 3.0,
        "alternatives": [
            {"text": "best", "credit": 1.0, "feedback": ""},
            {"text": "almost\non two lines", "credit": 0.3, "feedback": "close\nbut no"},
            {"text": "no", "credit": 0.0, "feedback": ""},
        ],
    },
    {
        "type": "short_answer",
        "text": "Capital of France? (any case)",
        "points": 2.0,
        "alternatives": [
            {"text": "Paris", "credit": 1.0, "feedback": "Yes"},
            {"text": "Lutetia", "credit": 0.5, "feedback": "Old name"},
            {"text": "Lyon", "credit": 0.0, "feedback": "No"},
        ],
    },
    {"type": "true_false", "text": "No feedback, worth 2", "points": 2.0, "correct": True},
    {
        "type": "short_answer",
        "text": "What does this print?\n\n    for i in range(2):\n        print(i)\n",
        "general_feedback": "  indented feedback\nand more",
        "alternatives": [{"text": "0 1", "credit": 1.0, "feedback": ""}],
    },
]


# Drafts may be incomplete: they travel as they are.
DRAFTS: list[dict[str, Any]] = [
    {
        "type": "single",
        "text": "No right answer yet",
        "alternatives": [{"text": "a"}, {"text": "b"}],
    },
    {
        "type": "single",
        "text": "Two right answers",
        "alternatives": [{"text": "a", "credit": 1.0}, {"text": "b", "credit": 1.0}],
    },
    {"type": "multiple", "text": "No alternatives"},
    {"type": "true_false", "text": "Neither marked"},
    {"type": "short_answer", "text": "No accepted answer"},
    {"type": "numeric", "text": "No answer", "numeric_tolerance": 1.0},
]


def _question(start: str) -> dict[str, Any]:
    return next(q for q in QUESTIONS if q["text"].startswith(start))


def test_indented_text_is_preformatted():
    item = write_item(_spec(_question("What does this print?")), "Q1", shuffle=False)
    body = item.find("qti-item-body")
    assert body is not None
    assert [c.tag for c in body] == ["pre", "p"]  # the text, then the text entry's paragraph
    assert body[0].text == "What does this print?\n\n    for i in range(2):\n        print(i)\n"


def _spec(data: dict[str, Any]) -> QuestionSpec:
    from online_exam.exams.schemas import QuestionIn

    return QuestionSpec.from_data(QuestionIn().load(data))


def _read_back(element: Element) -> tuple[QuestionSpec, list[str]]:
    root = parse_xml(_xml(element), "item.xml")
    _normalise(root, "3.0")
    reader = _ItemReader(root, "3.0")
    return QuestionSpec.from_data(reader.read()), reader.warnings


def _files(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def zip_files(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- the mapping, item by item ---------------------------------------------------------------


@pytest.mark.parametrize("data", QUESTIONS + DRAFTS, ids=lambda d: f"{d['type']}: {d['text'][:30]}")
def test_every_type_reads_back_as_written(data):
    spec = _spec(data)
    back, warnings = _read_back(write_item(spec, "Q1", shuffle=True))
    assert back == spec
    assert warnings == []  # our own response processing is recognised as ours


def test_choice_mapping_carries_points_and_partial_credit():
    spec = _spec(QUESTIONS[1])  # multiple, points 0.1 + 0.2, credits 1/3, 2/3, 0.1, -0.25, 0
    item = write_item(spec, "Q1", shuffle=False)
    declaration = item.find("qti-response-declaration")
    assert declaration is not None
    assert declaration.get("cardinality") == "multiple"
    mapping = declaration.find("qti-mapping")
    assert mapping is not None
    assert mapping.get("upper-bound") == "0.30000000000000004"
    assert mapping.get("lower-bound") == "0"
    # One entry per credited choice (the one with no credit is left to the default, 0).
    assert [e.get("map-key") for e in mapping] == [f"CHOICE_{i}" for i in range(1, 5)]
    assert float(mapping[3].get("mapped-value") or "") == pytest.approx(-0.25 * 0.3)
    interaction = item.find("qti-item-body/qti-choice-interaction")
    assert interaction is not None
    assert interaction.get("max-choices") == "0"


def test_templates_standard_where_they_say_everything():
    plain = write_item(_spec(_question("A plain single")), "Q1", shuffle=False)
    processing = plain.find("qti-response-processing")
    assert processing is not None
    assert processing.get("template") == TEMPLATE_URI.format(MATCH_CORRECT)
    assert len(processing) == 0
    worth_two = write_item(_spec(_question("No feedback, worth 2")), "Q1", shuffle=False)
    processing = worth_two.find("qti-response-processing")
    assert processing is not None
    assert processing.get("template", "").endswith("/map_response.xml")


def test_numeric_tolerance_is_a_qti_equal():
    spec = _spec(QUESTIONS[8])  # 3.14159 +- 0.005
    item = write_item(spec, "Q1", shuffle=False)
    equal = item.find(".//qti-equal")
    assert equal is not None
    assert (equal.get("tolerance-mode"), equal.get("tolerance")) == ("absolute", "0.005")
    exact = write_item(_spec(QUESTIONS[7]), "Q1", shuffle=False).find(".//qti-equal")
    assert exact is not None
    assert exact.get("tolerance-mode") == "exact"
    assert exact.get("tolerance") is None


# --- structure the spec requires (no XSD offline) --------------------------------------------

ITEM_ORDER = [
    "qti-response-declaration",
    "qti-outcome-declaration",
    "qti-item-body",
    "qti-response-processing",
    "qti-modal-feedback",
]


def _order_ok(children: list[str], order: list[str]) -> bool:
    ranks = [order.index(name) for name in children]
    return ranks == sorted(ranks)


def test_exported_package_structure(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=QUESTIONS, time_limit_minutes=30)
    response = client.get(f"/api/exams/{exam}/export?format=qti", headers=auth["author"])
    assert response.status_code == 200
    assert response.mimetype == ZIP
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="exam-{exam}.qti.zip"'
    )
    files = _files(response.data)
    names = list(files)
    assert names[:2] == ["imsmanifest.xml", "assessment.xml"]
    assert names[2:] == [f"items/Q{n}.xml" for n in range(1, len(QUESTIONS) + 1)]

    manifest = fromstring(files["imsmanifest.xml"])
    cp = "{http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1}"
    assert manifest.tag == f"{cp}manifest"
    assert [c.tag for c in manifest] == [f"{cp}metadata", f"{cp}organizations", f"{cp}resources"]
    resources = manifest.findall(f"{cp}resources/{cp}resource")
    assert [(r.get("type"), r.get("href")) for r in resources] == [
        ("imsqti_test_xmlv3p0", "assessment.xml"),
        *[("imsqti_item_xmlv3p0", f"items/Q{n}.xml") for n in range(1, len(QUESTIONS) + 1)],
    ]
    for resource in resources:  # each resource lists its own file
        assert resource.find(f"{cp}file") is not None
        assert resource.find(f"{cp}file").get("href") == resource.get("href")  # type: ignore[union-attr]

    test = fromstring(files["assessment.xml"])
    assert test.tag == f"{Q}qti-assessment-test"
    assert (test.get("identifier"), test.get("title")) == ("exam", "An exam")
    assert [c.tag.removeprefix(Q) for c in test] == [
        "qti-outcome-declaration",
        "qti-time-limits",
        "qti-test-part",
        "qti-outcome-processing",
    ]
    assert test.find(f"{Q}qti-time-limits").get("max-time") == "1800"  # type: ignore[union-attr]
    part = test.find(f"{Q}qti-test-part")
    assert part is not None
    assert all(part.get(a) for a in ("identifier", "navigation-mode", "submission-mode"))
    refs = part.findall(f"{Q}qti-assessment-section/{Q}qti-assessment-item-ref")
    assert [r.get("href") for r in refs] == [f"items/Q{n}.xml" for n in range(1, len(refs) + 1)]

    for name in names[2:]:
        item = fromstring(files[name])
        assert item.tag == f"{Q}qti-assessment-item"
        for attribute in ("identifier", "title", "adaptive", "time-dependent"):
            assert item.get(attribute), (name, attribute)
        children = [c.tag.removeprefix(Q) for c in item]
        assert _order_ok(children, ITEM_ORDER), (name, children)
        for declaration in item.iter(f"{Q}qti-response-declaration"):
            assert all(declaration.get(a) for a in ("identifier", "cardinality", "base-type"))
        for declaration in item.iter(f"{Q}qti-outcome-declaration"):
            assert all(declaration.get(a) for a in ("identifier", "cardinality", "base-type"))
        for interaction in item.iter(f"{Q}qti-choice-interaction"):
            assert interaction.get("response-identifier") == "RESPONSE"
            assert interaction.get("max-choices") in ("0", "1")
            assert all(c.get("identifier") for c in interaction)
        for feedback in [
            *item.iter(f"{Q}qti-modal-feedback"),
            *item.iter(f"{Q}qti-feedback-inline"),
        ]:
            assert feedback.get("outcome-identifier") == "FEEDBACK"
            assert feedback.get("show-hide") == "show"
            assert feedback.get("identifier")
        for modal in item.iter(f"{Q}qti-modal-feedback"):
            assert [c.tag for c in modal] == [f"{Q}qti-content-body"]


# --- round trips through the API -------------------------------------------------------------


def _export(client: Any, exam: int, headers: dict[str, str]) -> bytes:
    response = client.get(f"/api/exams/{exam}/export?format=qti", headers=headers)
    assert response.status_code == 200, response.json
    return bytes(response.data)


def _questions(client: Any, exam: int, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get(f"/api/exams/{exam}/questions", headers=headers)
    assert response.status_code == 200
    return [_without_ids(q) for q in response.json]


def _without_ids(question: dict[str, Any]) -> dict[str, Any]:
    skip = {"id", "position", "exam_id", "created_at", "updated_at"}
    out = {k: v for k, v in question.items() if k not in skip}
    out["alternatives"] = [
        {k: v for k, v in a.items() if k not in ("id", "position", "question_id")}
        for a in question["alternatives"]
    ]
    return out


def test_round_trip_as_a_new_exam_is_identical(client, auth, build_exam, users):
    headers = auth["author"]
    source = build_exam(
        users["author"],
        status="draft",
        questions=QUESTIONS,
        title="Round trip <QTI> & more",
        time_limit_minutes=45,
        shuffle_questions=True,
        shuffle_alternatives=True,
    )
    first = _export(client, source, headers)
    created = client.post("/api/exams/import/qti", data=first, content_type=ZIP, headers=headers)
    assert created.status_code == 201, created.json
    copy = created.json
    assert copy["status"] == "draft"
    assert (copy["title"], copy["time_limit_minutes"]) == ("Round trip <QTI> & more", 45)
    assert (copy["shuffle_questions"], copy["shuffle_alternatives"]) == (True, True)
    assert copy["import_warnings"] == []
    assert _questions(client, copy["id"], headers) == _questions(client, source, headers)
    second = _export(client, copy["id"], headers)
    assert _files(second) == _files(first)
    assert second == first  # deterministic: the same bytes


def test_round_trip_into_an_existing_exam(client, auth, build_exam, users):
    headers = auth["author"]
    source = build_exam(users["author"], status="draft", questions=QUESTIONS)
    target = build_exam(users["author"], status="draft", questions=QUESTIONS[:1])
    package = _export(client, source, headers)
    url = f"/api/exams/{target}/import/qti"

    preview = client.post(f"{url}?dry_run=true", data=package, content_type=ZIP, headers=headers)
    assert preview.status_code == 200, preview.json
    report = preview.json
    assert (report["imported"], report["dry_run"], report["errors"]) == (0, True, [])
    assert [q["index"] for q in report["questions"]] == list(range(1, len(QUESTIONS) + 1))
    assert [q["id"] for q in report["questions"]] == [None] * len(QUESTIONS)
    assert len(_questions(client, target, headers)) == 1  # a preview changes nothing

    done = client.post(url, data=package, content_type=ZIP, headers=headers)
    assert done.status_code == 200, done.json
    assert done.json["imported"] == len(QUESTIONS)
    assert all(q["id"] for q in done.json["questions"])
    after = _questions(client, target, headers)
    assert after[1:] == _questions(client, source, headers)


# --- a QTI 2.1 package from another tool -----------------------------------------------------


def test_qti21_package_from_another_tool(client, auth, build_exam, users):
    headers = auth["author"]
    exam = build_exam(users["author"], status="draft", questions=[])
    package = zip_folder(DATA / "qti21")
    response = client.post(
        f"/api/exams/{exam}/import/qti", data=package, content_type=ZIP, headers=headers
    )
    assert response.status_code == 200, response.json
    report = response.json
    assert report["imported"] == 3
    assert report["errors"] == []
    # The test's order (choice, text entry, essay), not the manifest's (essay first).
    single, short, essay = report["questions"]
    assert (single["index"], single["title"], single["type"]) == (1, "Unattended Luggage", "single")
    assert single["text"] == "Look at the text in the picture.\nWhat does it say?"
    assert [(a["text"], a["credit"]) for a in single["alternatives"]] == [
        ("You must stay with your luggage at all times.", 1.0),
        ("Do not let someone else look after your luggage.", 0.0),
        ("Remember your luggage when you leave.", 0.0),
    ]
    assert single["warnings"] == ["Images, media and formulas in the item are not imported."]
    assert (short["index"], short["type"], short["case_sensitive"]) == (2, "short_answer", True)
    assert "sun of _____;\n" in short["text"]
    assert [(a["text"], a["credit"]) for a in short["alternatives"]] == [
        ("York", 1.0),
        ("york", 0.5),
    ]
    assert (essay["index"], essay["title"], essay["type"]) == (3, "Writing a Postcard", "essay")
    assert report["skipped"] == []
    assert [q["type"] for q in _questions(client, exam, headers)] == [
        "single",
        "short_answer",
        "essay",
    ]


def test_qti21_package_as_a_new_exam(client, auth):
    response = client.post(
        "/api/exams/import/qti",
        data=zip_folder(DATA / "qti21"),
        content_type=ZIP,
        headers=auth["author"],
    )
    assert response.status_code == 201, response.json
    exam = response.json
    assert exam["title"] == "Travel and Geography"
    assert exam["time_limit_minutes"] == 25  # maxTime 1500 s
    assert exam["shuffle_questions"] is True
    messages = [w["message"] for w in exam["import_warnings"]]
    assert "Images, media and formulas in the item are not imported." in messages
    assert not any(m.startswith("Not imported") for m in messages)
    assert len(_questions(client, exam["id"], auth["author"])) == 3


QTI22_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="mr" title="Primes"
    adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
    <correctResponse><value>A</value><value>B</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="0">
      <prompt>Which are <b>prime</b>?</prompt>
      <simpleChoice identifier="A">2</simpleChoice>
      <simpleChoice identifier="B">3</simpleChoice>
      <simpleChoice identifier="C">4<feedbackInline outcomeIdentifier="FEEDBACK"
          identifier="C" showHide="show">2 x 2</feedbackInline></simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct"/>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="right" showHide="show"
    >Well done</modalFeedback>
</assessmentItem>"""


def _manifest(*resources: tuple[str, str, str]) -> str:
    entries = "".join(
        f'<resource identifier="{i}" type="{t}" href="{h}"><file href="{h}"/></resource>'
        for i, t, h in resources
    )
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">'
        f"<organizations/><resources>{entries}</resources></manifest>"
    )


def test_qti22_match_correct_multiple_best_effort():
    package = zip_files(
        {
            "imsmanifest.xml": _manifest(("mr", "imsqti_item_xmlv2p2", "mr.xml")),
            "mr.xml": QTI22_ITEM,
        }
    )
    settings, result = parse_package(package)
    assert settings["title"] == "Imported QTI package"
    assert settings["shuffle_alternatives"] is True
    (parsed,) = result.questions
    data = parsed.data
    assert (data["type"], data["text"]) == ("multiple", "Which are prime?")
    # All or nothing is not ours: each right choice earns its share, a wrong one -1.
    assert [(a["text"], a["credit"], a["feedback"]) for a in data["alternatives"]] == [
        ("2", 0.5, ""),
        ("3", 0.5, ""),
        ("4", -1.0, "2 x 2"),
    ]
    assert data["general_feedback"] == "Well done"
    assert any("All-or-nothing" in w for w in parsed.warnings)
    assert any("cannot express (right)" in w for w in parsed.warnings)


QTI3_FOREIGN = f"""<qti-assessment-item xmlns="{NS_ITEM}" identifier="n" title="Speed"
    adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="R" cardinality="single" base-type="float">
    <qti-correct-response><qti-value>100</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
  <qti-item-body><p>How fast? <qti-text-entry-interaction response-identifier="R"/> km/h</p>
  </qti-item-body>
  <qti-response-processing>
    <qti-response-condition><qti-response-if>
      <qti-equal tolerance-mode="relative" tolerance="5">
        <qti-variable identifier="R"/><qti-correct identifier="R"/></qti-equal>
      <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">2</qti-base-value>
      </qti-set-outcome-value></qti-response-if></qti-response-condition>
  </qti-response-processing>
</qti-assessment-item>"""


def test_qti3_custom_processing_read_best_effort():
    package = zip_files(
        {
            "imsmanifest.xml": _manifest(("n", "imsqti_item_xmlv3p0", "n.xml")),
            "n.xml": QTI3_FOREIGN,
        }
    )
    _, result = parse_package(package)
    (parsed,) = result.questions
    assert parsed.data["type"] == "numeric"
    assert parsed.data["text"] == "How fast? _____ km/h"
    assert (parsed.data["numeric_answer"], parsed.data["numeric_tolerance"]) == (100.0, 5.0)
    assert any("relative tolerance of 5 %" in w for w in parsed.warnings)
    assert any("Custom response processing" in w for w in parsed.warnings)


UNSUPPORTED_ITEMS = {
    "gap": "<gapMatchInteraction responseIdentifier='R'/>",
    "hotspot": "<hotspotInteraction responseIdentifier='R' maxChoices='1'/>",
    "two": "<p><choiceInteraction responseIdentifier='R'/> and "
    "<textEntryInteraction responseIdentifier='S'/></p>",
    "none": "<p>Just reading</p>",
    "madeup": "<madeUpInteraction responseIdentifier='R'/>",
}


def test_unsupported_interactions_are_skipped_per_item_never_dropped():
    files: dict[str, str | bytes] = {}
    resources = []
    for name, body in UNSUPPORTED_ITEMS.items():
        files[f"{name}.xml"] = (
            f'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="{name}" '
            f'title="{name}" adaptive="false" timeDependent="false"><itemBody>{body}</itemBody>'
            "</assessmentItem>"
        )
        resources.append((name, "imsqti_item_xmlv2p1", f"{name}.xml"))
    files["imsmanifest.xml"] = _manifest(*resources)
    _, result = parse_package(zip_files(files))
    assert (result.questions, result.errors) == ([], [])
    assert [(s.question, s.title, s.kind) for s in result.skipped] == [
        (1, "gap", "gap match (cloze)"),
        (2, "hotspot", "hotspot"),
        (3, "two", "composite item"),
        (4, "none", "no interaction"),
        (5, "madeup", "madeUpInteraction"),
    ]


# --- the API's rules ---------------------------------------------------------------------------

ACTORS = ("anonymous", "student", "other_author", "author", "admin")


@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("what", ["export", "import", "preview"])
def test_role_matrix(client, auth, build_exam, users, actor, status, what):
    exam = build_exam(users["author"], status=status)
    package = _export(client, exam, auth["author"])
    if what == "export":
        response = client.get(f"/api/exams/{exam}/export?format=qti", headers=auth[actor])
    else:
        query = "?dry_run=true" if what == "preview" else ""
        response = client.post(
            f"/api/exams/{exam}/import/qti{query}",
            data=package,
            content_type=ZIP,
            headers=auth[actor],
        )
    expected = {"anonymous": 401, "student": 403}.get(actor)
    if actor == "other_author":
        expected = 404 if status == "draft" else 403
    assert response.status_code == (expected or 200), response.json
    assert "error" in response.json if expected else True


@pytest.mark.parametrize(
    ("actor", "status"), [("anonymous", 401), ("student", 403), ("author", 201)]
)
def test_new_exam_from_package_roles(client, auth, build_exam, users, actor, status):
    package = _export(client, build_exam(users["author"]), auth["author"])
    response = client.post(
        "/api/exams/import/qti", data=package, content_type=ZIP, headers=auth[actor]
    )
    assert response.status_code == status, response.json


def _broken_item_package(client: Any, exam: int, headers: dict[str, str]) -> bytes:
    """Our export with item 2 made unreadable and item 3 invalid (a choice without base type
    identifier)."""
    files = _files(_export(client, exam, headers))
    files["items/Q2.xml"] = b"<qti-assessment-item><unclosed></qti-assessment-item>"
    files["items/Q3.xml"] = files["items/Q3.xml"].replace(
        b'base-type="identifier"', b'base-type="string"', 1
    )
    return zip_files(dict(files))


def test_item_errors_all_or_nothing_then_partial(client, auth, build_exam, users):
    headers = auth["author"]
    source = build_exam(users["author"], status="draft")  # 5 questions, 3rd a true/false
    target = build_exam(users["author"], status="draft", questions=[])
    package = _broken_item_package(client, source, headers)
    url = f"/api/exams/{target}/import/qti"

    refused = client.post(url, data=package, content_type=ZIP, headers=headers)
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["code"] == "validation_error"
    problems = error["details"]["errors"]
    assert [p["question"] for p in problems] == [2, 3]
    assert "items/Q2.xml: not well-formed XML (line 1)" in problems[0]["message"]
    assert "base type identifier" in problems[1]["message"]
    assert error["details"]["valid_questions"] == 3
    assert _questions(client, target, headers) == []  # nothing imported

    partial = client.post(f"{url}?partial=true", data=package, content_type=ZIP, headers=headers)
    assert partial.status_code == 200, partial.json
    assert partial.json["imported"] == 3
    assert [q["index"] for q in partial.json["questions"]] == [1, 4, 5]
    assert len(_questions(client, target, headers)) == 3

    new_exam = client.post("/api/exams/import/qti", data=package, content_type=ZIP, headers=headers)
    assert new_exam.status_code == 422
    partial_new = client.post(
        "/api/exams/import/qti?partial=true", data=package, content_type=ZIP, headers=headers
    )
    assert partial_new.status_code == 201
    warnings = [
        w for w in partial_new.json["import_warnings"] if w["message"].startswith("Not imported")
    ]
    assert [w["question"] for w in warnings] == [2, 3]


def test_incomplete_item_refused_by_a_published_exam(client, auth, build_exam, users):
    headers = auth["author"]
    draft = build_exam(
        users["author"],
        status="draft",
        questions=[
            {
                "type": "single",
                "text": "No right answer yet",
                "alternatives": [{"text": "a", "credit": 0.0}, {"text": "b", "credit": 0.0}],
            }
        ],
    )
    published = build_exam(users["author"], status="published")
    package = _export(client, draft, headers)
    response = client.post(
        f"/api/exams/{published}/import/qti", data=package, content_type=ZIP, headers=headers
    )
    assert response.status_code == 422
    (problem,) = response.json["error"]["details"]["errors"]
    assert problem["question"] == 1
    assert "exactly one alternative with full credit" in problem["message"]
    preview = client.post(
        f"/api/exams/{draft}/import/qti?dry_run=true",
        data=package,
        content_type=ZIP,
        headers=headers,
    )
    assert preview.json["questions"][0]["warnings"][0].startswith("Not ready to publish")
