"""Essay, matching, ordering and cloze questions through the API: stored, exported in every
format that holds them and imported into an empty exam, they come back the same (on SQLite
and PostgreSQL: the gaps and pairs are JSON and text columns)."""

from __future__ import annotations

from typing import Any

import pytest

from .test_banks_roundtrip import _export
from .test_qti_new_types import QUESTIONS

ZIP = "application/zip"


def _questions(client: Any, exam: int, headers: dict[str, str]) -> list[dict[str, Any]]:
    return _export(client, exam, headers).json["questions"]


@pytest.fixture
def source(build_exam, users) -> int:
    return int(build_exam(users["author"], status="draft", questions=QUESTIONS))


@pytest.mark.parametrize("format_", ["json", "moodle_xml", "qti", "gift"])
def test_new_types_round_trip_through_every_format(
    client, auth, source, build_exam, users, format_
):
    headers = auth["author"]
    exported = _export(client, source, headers, format_)
    target = build_exam(users["author"], status="draft", questions=[])
    if format_ == "qti":
        response = client.post(
            f"/api/exams/{target}/import/qti",
            data=exported.get_data(),
            content_type=ZIP,
            headers=headers,
        )
    else:
        text = exported.get_data(as_text=True)
        response = client.post(
            f"/api/exams/{target}/import", json={"format": format_, "text": text}, headers=headers
        )
    assert response.status_code == 200, response.json
    assert response.json["errors"] == []
    original = _questions(client, source, headers)
    if format_ == "gift":  # GIFT has essay and matching only; ordering and cloze are left out
        original = [q for q in original if q["type"] in ("essay", "matching")]
    assert _questions(client, target, headers) == original
