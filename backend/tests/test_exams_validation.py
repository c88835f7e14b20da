"""Bad input is refused in the one error shape (400/404/413/422), never with a 500."""

from __future__ import annotations

import pytest

AWARE = "2030-01-01T10:00:00+00:00"


def _error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["status"] == status
    assert set(error) == {"status", "code", "message", "details"}
    return error


@pytest.fixture
def draft(client, auth):
    """A draft with one single-choice and one numeric question: (exam id, question ids)."""
    headers = auth["author"]
    exam_id = client.post("/api/exams", json={"title": "Draft"}, headers=headers).json["id"]
    single = client.post(
        f"/api/exams/{exam_id}/questions",
        json={"type": "single", "text": "Q", "alternatives": [{"text": "a"}]},
        headers=headers,
    ).json
    numeric = client.post(
        f"/api/exams/{exam_id}/questions",
        json={"type": "numeric", "text": "N", "numeric_answer": 1},
        headers=headers,
    ).json
    return {
        "exam": exam_id,
        "single": single["id"],
        "numeric": numeric["id"],
        "alternative": single["alternatives"][0]["id"],
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": 5}, "title"),
        ({"title": None}, "title"),
        ({"title": "T", "description": "x" * 2001}, "description"),
        ({"title": "T", "long_description": ["x"]}, "long_description"),
        ({"title": "T", "time_limit_minutes": 0}, "time_limit_minutes"),
        ({"title": "T", "time_limit_minutes": 1441}, "time_limit_minutes"),
        ({"title": "T", "time_limit_minutes": "10"}, "time_limit_minutes"),
        ({"title": "T", "time_limit_minutes": 1.5}, "time_limit_minutes"),
        ({"title": "T", "time_limit_minutes": 10**30}, "time_limit_minutes"),
        ({"title": "T", "grace_period_seconds": -1}, "grace_period_seconds"),
        ({"title": "T", "grace_period_seconds": 601}, "grace_period_seconds"),
        ({"title": "T", "grace_period_seconds": None}, "grace_period_seconds"),
        ({"title": "T", "max_attempts": 0}, "max_attempts"),
        ({"title": "T", "max_attempts": 101}, "max_attempts"),
        ({"title": "T", "pass_mark_percent": -0.1}, "pass_mark_percent"),
        ({"title": "T", "pass_mark_percent": 100.1}, "pass_mark_percent"),
        ({"title": "T", "pass_mark_percent": "fifty"}, "pass_mark_percent"),
        ({"title": "T", "review_policy": "sometimes"}, "review_policy"),
        ({"title": "T", "shuffle_questions": "maybe"}, "shuffle_questions"),
        ({"title": "T", "practice_mode": None}, "practice_mode"),
        ({"title": "T", "opens_at": "2030-01-01T10:00:00"}, "opens_at"),  # naive
        ({"title": "T", "closes_at": "2030-01-01"}, "closes_at"),
        ({"title": "T", "opens_at": "tomorrow"}, "opens_at"),
        ({"title": "T", "opens_at": AWARE, "closes_at": AWARE}, "closes_at"),
        ({"title": "T", "status": "published"}, "status"),  # not settable: unknown field
        ({"title": "T", "created_by_id": 1}, "created_by_id"),
        ({"title": "T", "published_at": AWARE}, "published_at"),
    ],
)
def test_exam_input_is_validated(client, auth, body, field):
    error = _error(client.post("/api/exams", json=body, headers=auth["author"]), 422)
    assert error["code"] == "validation_error"
    assert field in error["details"]["json"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"max_attempts": -5}, "max_attempts"),
        ({"opens_at": "2030-01-01T10:00:00"}, "opens_at"),
        ({"status": "archived"}, "status"),
        ({"id": 99}, "id"),
    ],
)
def test_exam_patch_is_validated(client, auth, draft, body, field):
    r = client.patch(f"/api/exams/{draft['exam']}", json=body, headers=auth["author"])
    assert field in _error(r, 422)["details"]["json"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "Q"}, "type"),
        ({"type": "calculated", "text": "Q"}, "type"),
        ({"type": "single"}, "text"),
        ({"type": "single", "text": ""}, "text"),
        ({"type": "single", "text": "x" * 10001}, "text"),
        ({"type": "single", "text": "Q", "points": 0}, "points"),
        ({"type": "single", "text": "Q", "points": -1}, "points"),
        ({"type": "single", "text": "Q", "points": 1000.5}, "points"),
        ({"type": "single", "text": "Q", "points": "one"}, "points"),
        ({"type": "single", "text": "Q", "general_feedback": "x" * 5001}, "general_feedback"),
        ({"type": "numeric", "text": "Q", "numeric_tolerance": -0.1}, "numeric_tolerance"),
        ({"type": "numeric", "text": "Q", "numeric_answer": "pi"}, "numeric_answer"),
        ({"type": "single", "text": "Q", "alternatives": "a, b"}, "alternatives"),
        ({"type": "single", "text": "Q", "alternatives": [{"credit": 1}]}, "alternatives"),
        ({"type": "single", "text": "Q", "alternatives": [{"text": ""}]}, "alternatives"),
        (
            {"type": "single", "text": "Q", "alternatives": [{"text": "a", "credit": 1.5}]},
            "alternatives",
        ),
        (
            {"type": "single", "text": "Q", "alternatives": [{"text": "a", "credit": -2}]},
            "alternatives",
        ),
        ({"type": "single", "text": "Q", "alternatives": [{"text": "a", "id": 3}]}, "alternatives"),
        (
            {
                "type": "single",
                "text": "Q",
                "alternatives": [{"text": "a", "feedback": "x" * 5001}],
            },
            "alternatives",
        ),
        (
            {"type": "single", "text": "Q", "alternatives": [{"text": str(i)} for i in range(51)]},
            "alternatives",
        ),
        ({"type": "numeric", "text": "Q", "alternatives": [{"text": "1"}]}, "alternatives"),
        ({"type": "single", "text": "Q", "correct": True}, "correct"),
        ({"type": "true_false", "text": "Q", "correct": True, "alternatives": []}, "correct"),
        ({"type": "true_false", "text": "Q", "correct": "yes please"}, "correct"),
        ({"type": "single", "text": "Q", "position": 3}, "position"),
        ({"type": "single", "text": "Q", "exam_id": 3}, "exam_id"),
    ],
)
def test_question_input_is_validated(client, auth, draft, body, field):
    r = client.post(f"/api/exams/{draft['exam']}/questions", json=body, headers=auth["author"])
    assert field in _error(r, 422)["details"]["json"]


@pytest.mark.parametrize(
    ("target", "body", "field"),
    [
        ("single", {"correct": True}, "correct"),  # only for true_false
        ("numeric", {"alternatives": [{"text": "1"}]}, "alternatives"),
        ("single", {"type": None}, "type"),
        ("single", {"points": 0}, "points"),
        ("single", {"alternatives": [{"text": "a", "bogus": 1}]}, "alternatives"),
    ],
)
def test_question_patch_is_validated(client, auth, draft, target, body, field):
    r = client.patch(f"/api/questions/{draft[target]}", json=body, headers=auth["author"])
    assert field in _error(r, 422)["details"]["json"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"credit": 2}, "credit"), ({"text": ""}, "text"), ({"question_id": 1}, "question_id")],
)
def test_alternative_input_is_validated(client, auth, draft, body, field):
    headers = auth["author"]
    r = client.patch(f"/api/alternatives/{draft['alternative']}", json=body, headers=headers)
    assert field in _error(r, 422)["details"]["json"]
    if "text" not in body:
        body = {"text": "b", **body}
    r = client.post(f"/api/questions/{draft['single']}/alternatives", json=body, headers=headers)
    assert field in _error(r, 422)["details"]["json"]


@pytest.mark.parametrize(
    "raw",
    [
        '{"type": "numeric", "text": "Q", "numeric_answer": NaN}',
        '{"type": "numeric", "text": "Q", "numeric_answer": Infinity}',
        '{"type": "numeric", "text": "Q", "numeric_answer": 1, "numeric_tolerance": Infinity}',
        '{"type": "single", "text": "Q", "points": NaN}',
        '{"type": "single", "text": "Q", "alternatives": [{"text": "a", "credit": NaN}]}',
    ],
)
def test_non_finite_numbers_are_refused(client, auth, draft, raw):
    r = client.post(
        f"/api/exams/{draft['exam']}/questions",
        data=raw,
        content_type="application/json",
        headers=auth["author"],
    )
    _error(r, 422)


def test_nan_pass_mark_is_refused(client, auth, draft):
    r = client.patch(
        f"/api/exams/{draft['exam']}",
        data='{"pass_mark_percent": NaN}',
        content_type="application/json",
        headers=auth["author"],
    )
    assert "pass_mark_percent" in _error(r, 422)["details"]["json"]


@pytest.mark.parametrize("raw", ['{"title": ', "not json", '{"title": "x"}}'])
def test_malformed_json_is_400(client, auth, raw):
    r = client.post("/api/exams", data=raw, content_type="application/json", headers=auth["author"])
    assert _error(r, 400)["code"] == "bad_request"


@pytest.mark.parametrize("raw", ["[]", '"title"', "5", "null"])
def test_a_body_that_is_not_an_object_is_refused(client, auth, raw):
    r = client.post("/api/exams", data=raw, content_type="application/json", headers=auth["author"])
    assert r.status_code in (400, 422)
    _error(r, r.status_code)


def test_an_oversized_body_is_413(client, auth):
    body = {"title": "T", "long_description": "x" * (2 * 1024 * 1024)}
    _error(client.post("/api/exams", json=body, headers=auth["author"]), 413)


def test_reorder_payloads_are_validated(client, auth, draft):
    headers = auth["author"]
    for body in (
        {},
        {"question_ids": "1,2"},
        {"question_ids": [1.5]},
        {"question_ids": ["a"]},
        {"question_ids": [draft["single"], draft["numeric"]], "extra": 1},
    ):
        r = client.put(f"/api/exams/{draft['exam']}/questions/order", json=body, headers=headers)
        _error(r, 422)


BIG = [2**31, 2**63, 10**30]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/exams/{id}"),
        ("get", "/api/exams/{id}/browse"),
        ("get", "/api/author/exams/{id}"),
        ("patch", "/api/exams/{id}"),
        ("delete", "/api/exams/{id}"),
        ("post", "/api/exams/{id}/publish"),
        ("post", "/api/exams/{id}/unpublish"),
        ("post", "/api/exams/{id}/archive"),
        ("post", "/api/exams/{id}/copy"),
        ("get", "/api/exams/{id}/questions"),
        ("post", "/api/exams/{id}/questions"),
        ("put", "/api/exams/{id}/questions/order"),
        ("patch", "/api/questions/{id}"),
        ("delete", "/api/questions/{id}"),
        ("post", "/api/questions/{id}/alternatives"),
        ("put", "/api/questions/{id}/alternatives/order"),
        ("patch", "/api/alternatives/{id}"),
        ("delete", "/api/alternatives/{id}"),
    ],
)
@pytest.mark.parametrize("bad_id", [0, -1, 999999, *BIG])
def test_unknown_negative_and_huge_ids_are_404(client, auth, method, path, bad_id):
    body = None
    if method in ("post", "patch", "put"):
        body = {
            "/api/exams/{id}": {"title": "x"},
            "/api/exams/{id}/questions": {"type": "single", "text": "Q"},
            "/api/exams/{id}/questions/order": {"question_ids": []},
            "/api/questions/{id}": {"text": "Q"},
            "/api/questions/{id}/alternatives": {"text": "a"},
            "/api/questions/{id}/alternatives/order": {"alternative_ids": []},
            "/api/alternatives/{id}": {"text": "a"},
        }.get(path)
    r = getattr(client, method)(path.format(id=bad_id), json=body, headers=auth["admin"])
    _error(r, 404)
