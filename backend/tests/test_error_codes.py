"""Every error `code` the API can answer is in the documented list (online_exam.error_codes,
rendered to docs/error-codes.md), so the web app can translate each one."""

from __future__ import annotations

import re
from pathlib import Path

from online_exam import errors
from online_exam.error_codes import ERROR_CODES, render

SOURCE = Path(errors.__file__).parent
DOCUMENT = SOURCE.parents[2] / "docs" / "error-codes.md"
LISTED = {entry.code: entry.statuses for entry in ERROR_CODES}


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _codes_in_source() -> dict[str, set[int]]:
    """Codes the source names: `status, code = 409, "x"` in an error class, `code="x"` at a
    call. (The app fixture has imported every module, so the classes are all loaded too.)"""
    pattern = re.compile(r"status, code = (\d+), \"([a-z_]+)\"|\bcode=\"([a-z_]+)\"")
    found: dict[str, set[int]] = {}
    for path in SOURCE.rglob("*.py"):
        for status, code, call_code in pattern.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code or call_code, set()).update({int(status)} if status else set())
    return found


def test_every_code_the_backend_can_answer_is_listed_with_its_status(app):
    used: dict[str, set[int]] = {}
    for status, code in errors.CODES.items():
        used.setdefault(code, set()).add(status)
    for cls in [errors.DomainError, *_subclasses(errors.DomainError)]:
        used.setdefault(cls.code, set()).add(cls.status)
    for code, statuses in _codes_in_source().items():
        used.setdefault(code, set()).update(statuses)
    used.setdefault("error", set())  # error_body's fallback for any other status
    assert len(used) >= 13  # the scan found the codes
    missing = sorted(set(used) - set(LISTED))
    assert not missing, f"add these to online_exam/error_codes.py: {missing}"
    for code, statuses in used.items():
        assert statuses <= set(LISTED[code]), (code, statuses, LISTED[code])
    stale = sorted(set(LISTED) - set(used))
    assert not stale, f"listed but never answered: {stale}"


def test_the_document_is_generated_from_the_list():
    assert DOCUMENT.read_text(encoding="utf-8") == render(), (
        "run: python -m online_exam.error_codes > docs/error-codes.md"
    )


def test_answers_carry_listed_codes(client, auth):
    for response in (
        client.get("/api/exams/999999"),
        client.get("/api/auth/me"),
        client.delete("/api/auth/me", headers=auth["student"]),
        client.post("/api/exams", json={}, headers=auth["author"]),
        client.post("/api/exams", json={"title": "x"}, headers=auth["student"]),
    ):
        assert response.json["error"]["code"] in LISTED, response.json
