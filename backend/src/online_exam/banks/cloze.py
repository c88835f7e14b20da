"""Moodle's embedded-answers (cloze, qtype_multianswer) syntax: reader and writer.

A gap is written in the text as `{weight:TYPE:answers}`, as Moodle's
question/type/multianswer/questiontype.php reads it (its ANSWER_REGEX): answers separated by
`~`, `=` (100 %) or `%n%` before an answer, `#feedback` after it, `\\}` `\\#` `\\~` `\\/` `\\\\`
escapes. Held here: MULTICHOICE (MC) and its layouts _V _H _S _VS _HS -> a choice gap;
SHORTANSWER (SA, MW) -> a text gap, SHORTANSWER_C (SAC, MWC) -> a case-sensitive text gap.
NUMERICAL and MULTIRESPONSE gaps are refused (no gap kind holds them). The gap's weight
(Moodle's points per gap) is not held: a question here has one number of points, and a
weight other than 1 is reported. Our text marks gap n as `{#n}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..domain import GapKind
from ..exams.spec import AlternativeSpec, GapSpec, QuestionSpec
from .parsed import percent

_CHOICE: tuple[str, ...] = ("MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH")
_CHOICE += ("MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS")
_TEXT = ("SHORTANSWER", "SA", "MW")
_TEXT_CASE = ("SHORTANSWER_C", "SAC", "MWC")
_REFUSED: tuple[str, ...] = ("NUMERICAL", "NM", "MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH")
_REFUSED += ("MULTIRESPONSE_S", "MRS", "MULTIRESPONSE_HS", "MRHS")
_TYPES = "|".join(sorted((*_CHOICE, *_TEXT, *_TEXT_CASE, *_REFUSED), key=len, reverse=True))
GAP_RE = re.compile(rf"\{{([0-9]*):({_TYPES}):((?:[^}}\\]|\\.)*)\}}")
_MARKER_RE = re.compile(r"\{#([0-9]+)\}")
_WEIGHT_RE = re.compile(r"%(-?[0-9]+(?:[.,][0-9]*)?)%")
_ESCAPED = '\\}#~/"'


class ClozeError(ValueError):
    """An embedded answer this platform cannot hold, or one that is malformed."""


@dataclass
class Cloze:
    text: str  # with `{#n}` markers
    gaps: list[GapSpec] = field(default_factory=list)
    alternatives: list[AlternativeSpec] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _split_unescaped(text: str, separator: str) -> list[str]:
    """Split at every `separator` not escaped by a backslash (escapes kept)."""
    parts, current, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in _ESCAPED else m.group(0), text)


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for char in "}#~":
        out = out.replace(char, "\\" + char)
    return out


def _alternatives(content: str, gap: int) -> list[AlternativeSpec]:
    alternatives = []
    for piece in _split_unescaped(content, "~"):
        credit = 0.0
        if piece.startswith("="):
            credit, piece = 1.0, piece[1:]
        elif match := _WEIGHT_RE.match(piece):
            value = Decimal(match.group(1).replace(",", "."))
            if not -100 <= value <= 100:
                raise ClozeError(f"Weight %{match.group(1)}% is not between -100 and 100.")
            credit, piece = float(value / 100), piece[match.end() :]
        text, *feedback = _split_unescaped(piece, "#")
        answer = _unescape(text).strip()
        if not answer:
            raise ClozeError(f"Gap {gap} has an answer without text.")
        alternatives.append(
            AlternativeSpec(answer, credit, _unescape("#".join(feedback)).strip(), gap=gap)
        )
    return alternatives


def parse_cloze(text: str) -> Cloze:
    """The text with each embedded answer replaced by `{#n}`, its gaps and alternatives."""
    cloze = Cloze("")
    out, end = [], 0
    for number, match in enumerate(GAP_RE.finditer(text), start=1):
        weight, kind, content = match.groups()
        if kind in _REFUSED:
            raise ClozeError(
                f"Gap {number} is {kind}: only MULTICHOICE and SHORTANSWER gaps can be held "
                "(a gap here is a list to pick from or a typed answer)."
            )
        if weight not in ("", "1"):
            cloze.notes.append(
                f"Gap {number}'s weight {weight} is not kept: the question's points are shared "
                "by its gaps."
            )
        if kind in _CHOICE:
            if kind not in ("MULTICHOICE", "MC"):
                note = "The layout of choice gaps (_V, _H, _S) is not kept: they are drop-downs."
                if note not in cloze.notes:
                    cloze.notes.append(note)
            gap = GapSpec(GapKind.CHOICE)
        else:
            gap = GapSpec(GapKind.TEXT, case_sensitive=kind in _TEXT_CASE)
        cloze.gaps.append(gap)
        cloze.alternatives += _alternatives(content, number)
        out.append(text[end : match.start()] + f"{{#{number}}}")
        end = match.end()
    if not cloze.gaps:
        raise ClozeError("The text has no embedded answers ({1:SHORTANSWER:=…}).")
    out.append(text[end:])
    cloze.text = "".join(out)
    return cloze


def _answer(alternative: AlternativeSpec) -> str:
    text = _escape(alternative.text)
    starts_like_marker = alternative.text.startswith(("=", "%"))
    if alternative.credit == 1.0 and not starts_like_marker:
        marker = "="
    elif alternative.credit == 0.0 and not starts_like_marker:
        marker = ""
    else:
        marker = f"%{percent(alternative.credit)}%"
    feedback = f"#{_escape(alternative.feedback)}" if alternative.feedback else ""
    return f"{marker}{text}{feedback}"


def cloze_text(question: QuestionSpec) -> str | None:
    """The question's text with each `{#n}` written as Moodle's embedded answer; None when a
    marker names no gap or a gap has no alternatives (an incomplete draft)."""
    out: list[str] = []
    end = 0
    for match in _MARKER_RE.finditer(question.text):
        number = int(match.group(1))
        if number != len(out) + 1:  # read back numbered in order of appearance
            return None
        alternatives = question.gap_alternatives(number)
        if not 1 <= number <= len(question.gaps) or not alternatives:
            return None
        gap = question.gaps[number - 1]
        if gap.kind == GapKind.CHOICE:
            kind = "MULTICHOICE"
        else:
            kind = "SHORTANSWER_C" if gap.case_sensitive else "SHORTANSWER"
        answers = "~".join(_answer(a) for a in alternatives)
        out.append(question.text[end : match.start()] + f"{{1:{kind}:{answers}}}")
        end = match.end()
    if not out or len(out) != len(question.gaps):
        return None
    out.append(question.text[end:])
    return "".join(out)
