"""Who may do what: every authoring endpoint by every actor, on a draft and a published exam.

anonymous -> 401, student -> 403, another author -> 404 for a draft (its existence is not
revealed) and 403 for a published exam, the owner and admins -> success.
"""

from __future__ import annotations

import pytest

ACTORS = ("anonymous", "student", "other_author", "author", "admin")

# (method, path template, JSON body, success status)
ENDPOINTS = [
    ("get", "/api/author/exams/{exam}", None, 200),
    ("patch", "/api/exams/{exam}", {"title": "Renamed"}, 200),
    ("delete", "/api/exams/{exam}", None, 204),
    ("post", "/api/exams/{exam}/publish", None, 200),
    ("post", "/api/exams/{exam}/unpublish", None, 200),
    ("post", "/api/exams/{exam}/archive", None, 200),
    ("post", "/api/exams/{exam}/copy", None, 201),
    ("get", "/api/exams/{exam}/questions", None, 200),
    (
        "post",
        "/api/exams/{exam}/questions",
        {"type": "numeric", "text": "1 + 1?", "numeric_answer": 2},
        201,
    ),
    ("put", "/api/exams/{exam}/questions/order", {"question_ids": "{question_ids}"}, 200),
    ("patch", "/api/questions/{question}", {"text": "Changed?"}, 200),
    ("delete", "/api/questions/{question}", None, 204),
    ("post", "/api/questions/{question}/alternatives", {"text": "6"}, 201),
    (
        "put",
        "/api/questions/{question}/alternatives/order",
        {"alternative_ids": "{alternative_ids}"},
        200,
    ),
    ("patch", "/api/alternatives/{alternative}", {"feedback": "Not quite."}, 200),
    ("delete", "/api/alternatives/{alternative}", None, 204),
]


def _expected(actor: str, status: str, success: int) -> int:
    if actor == "anonymous":
        return 401
    if actor == "student":
        return 403
    if actor == "other_author":
        return 404 if status == "draft" else 403
    return success


@pytest.fixture
def exam_ids(build_exam, users):
    """build(status) -> the ids the endpoint paths need, of a fresh exam owned by 'author'."""

    def build(status: str) -> dict:
        # The first question is single choice: 3 alternatives, the first one wrong.
        return build_exam(users["author"], status=status).path_ids()

    return build


@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "body", "success"),
    ENDPOINTS,
    ids=[f"{m.upper()} {p}" for m, p, _, _ in ENDPOINTS],
)
def test_authoring_role_matrix(client, auth, exam_ids, actor, status, method, path, body, success):
    ids = exam_ids(status)
    if isinstance(body, dict):
        body = {
            k: ids[v[1:-1]] if v in ("{question_ids}", "{alternative_ids}") else v
            for k, v in body.items()
        }
    r = getattr(client, method)(path.format(**ids), json=body, headers=auth[actor])
    expected = _expected(actor, status, success)
    assert r.status_code == expected, r.get_json()
    if expected >= 400:
        assert r.json["error"]["status"] == expected
        # Nothing leaks in an error: no answer key, no exam data.
        assert "credit" not in r.get_data(as_text=True)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 401), ("student", 403), ("other_author", 201), ("author", 201), ("admin", 201)],
)
def test_who_may_create_an_exam(client, auth, actor, expected):
    r = client.post("/api/exams", json={"title": "Mine"}, headers=auth[actor])
    assert r.status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 401), ("student", 403), ("other_author", 200), ("author", 200), ("admin", 200)],
)
def test_who_may_list_authored_exams(client, auth, actor, expected):
    assert client.get("/api/author/exams", headers=auth[actor]).status_code == expected


@pytest.mark.parametrize("status", ["draft", "published", "archived"])
@pytest.mark.parametrize("actor", ACTORS)
def test_public_detail_visibility(client, auth, build_exam, users, actor, status):
    exam_id = build_exam(users["author"], status=status, practice_mode=True)
    r = client.get(f"/api/exams/{exam_id}", headers=auth[actor])
    visible = status == "published" or actor in ("author", "admin")
    assert r.status_code == (200 if visible else 404)
    # Browsing is for published practice exams only — the same for everyone, owner included.
    r = client.get(f"/api/exams/{exam_id}/browse", headers=auth[actor])
    assert r.status_code == (200 if status == "published" else 404)


def test_an_invalid_token_is_401_even_where_sign_in_is_optional(client, build_exam, users):
    exam_id = build_exam(users["author"])
    r = client.get(f"/api/exams/{exam_id}", headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"


def test_the_student_gets_403_before_the_body_is_looked_at(client, auth, build_exam, users):
    exam_id = build_exam(users["author"], status="draft")
    r = client.patch(f"/api/exams/{exam_id}", json={"nonsense": True}, headers=auth["student"])
    assert r.status_code == 403
    r = client.patch(f"/api/exams/{exam_id}", json={"nonsense": True}, headers=auth["anonymous"])
    assert r.status_code == 401
