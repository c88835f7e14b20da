"""The public side: catalogue, exam detail, practice browse — and the answer key never leaking."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, update

from online_exam.exams.models import Exam
from online_exam.extensions import db

ONE_QUESTION = [{"type": "numeric", "text": "1 + 1?", "numeric_answer": 2}]

# Everything of the answer key EXAM_QUESTIONS holds, as it would appear in JSON.
KEY_FIELDS = ("credit", "feedback", "numeric_answer", "numeric_tolerance", "case_sensitive")
KEY_VALUES = ("KEY-PARIS", "FB-", "GF-", "3.14159", "0.005")


def _assert_no_key(response):
    body = response.get_data(as_text=True)
    for word in (*KEY_FIELDS, *KEY_VALUES):
        assert word not in body, f"{word!r} leaked: {body[:500]}"


def _titles(response):
    return [item["title"] for item in response.json["items"]]


def test_catalogue_lists_published_exams_only_newest_first(client, build_exam, users):
    build_exam(users["author"], status="draft", title="Draft", questions=ONE_QUESTION)
    build_exam(users["author"], status="archived", title="Archived", questions=ONE_QUESTION)
    build_exam(users["author"], title="Older")
    build_exam(users["other_author"], title="Newer", description="Second")
    r = client.get("/api/exams")
    assert r.status_code == 200
    assert r.json["total"] == 2
    assert (r.json["page"], r.json["per_page"]) == (1, 20)
    assert _titles(r) == ["Newer", "Older"]
    item = r.json["items"][0]
    assert item["author_name"] == users["other_author"].display_name
    assert (item["question_count"], item["total_points"]) == (5, 10.0)
    assert (item["status"], item["description"]) == ("published", "Second")
    assert item["published_at"] is not None
    assert "questions" not in item
    _assert_no_key(r)


def test_catalogue_ties_on_publication_time_go_by_id(client, app, build_exam, users):
    ids = [build_exam(users["author"], title=f"E{i}", questions=ONE_QUESTION) for i in range(3)]
    with app.app_context():
        moment = datetime(2030, 1, 1, tzinfo=UTC)
        db.session.execute(update(Exam).values(published_at=moment))
        db.session.commit()
    assert [item["id"] for item in client.get("/api/exams").json["items"]] == ids[::-1]


def test_catalogue_pages(client, build_exam, users):
    for i in range(23):
        build_exam(users["author"], title=f"Exam {i:02}", questions=ONE_QUESTION)
    first = client.get("/api/exams")
    assert (len(first.json["items"]), first.json["total"]) == (20, 23)
    second = client.get("/api/exams?page=2")
    assert (len(second.json["items"]), second.json["page"]) == (3, 2)
    assert set(_titles(first)).isdisjoint(_titles(second))
    assert client.get("/api/exams?page=3").json == {
        "items": [],
        "page": 3,
        "per_page": 20,
        "total": 23,
    }
    small = client.get("/api/exams?per_page=5&page=2")
    assert _titles(small) == [f"Exam {i:02}" for i in range(17, 12, -1)]


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "per_page=0",
        "per_page=101",
        "page=1.5",
        "page=10000000",
        f"q={'x' * 201}",
    ],
)
def test_catalogue_refuses_bad_paging(client, query):
    r = client.get(f"/api/exams?{query}")
    assert r.status_code == 422
    assert r.json["error"]["code"] == "validation_error"
    assert "query" in r.json["error"]["details"]


def test_catalogue_search(client, build_exam, users):
    build_exam(users["author"], title="Linear ALGEBRA", questions=ONE_QUESTION)
    build_exam(
        users["author"], title="Geometry", description="angles and algebra", questions=ONE_QUESTION
    )
    build_exam(users["author"], title="100% sure", questions=ONE_QUESTION)
    build_exam(users["author"], title="1000 sure", questions=ONE_QUESTION)
    build_exam(users["author"], title="a_b", questions=ONE_QUESTION)
    build_exam(users["author"], title="axb", questions=ONE_QUESTION)
    build_exam(users["author"], status="draft", title="Algebra draft", questions=ONE_QUESTION)

    def search(q):
        return sorted(_titles(client.get("/api/exams", query_string={"q": q})))

    assert search("algebra") == ["Geometry", "Linear ALGEBRA"]
    assert search("  Algebra ") == ["Geometry", "Linear ALGEBRA"]
    assert search("0%") == ["100% sure"]  # LIKE wildcards are literal
    assert search("a_b") == ["a_b"]
    assert search("nothing like it") == []
    assert client.get("/api/exams?q=algebra").json["total"] == 2


def test_catalogue_query_count_does_not_grow_with_the_page(client, app, build_exam, users):
    @contextmanager
    def counting():
        statements = []

        def count(*_args):
            statements.append(1)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", count)

    build_exam(users["author"])
    with counting() as one:
        assert len(client.get("/api/exams").json["items"]) == 1
    for _ in range(6):
        build_exam(users["other_author"])
    with counting() as seven:
        assert len(client.get("/api/exams").json["items"]) == 7
    assert len(one) == len(seven) <= 3


def test_detail_of_a_published_exam(client, auth, build_exam, users):
    exam_id = build_exam(
        users["author"],
        title="Physics",
        long_description="**Bring** a calculator.",
        time_limit_minutes=45,
        pass_mark_percent=60,
        opens_at=datetime(2030, 1, 1, 8, tzinfo=UTC),
    )
    for actor in ("anonymous", "student", "other_author", "author", "admin"):
        r = client.get(f"/api/exams/{exam_id}", headers=auth[actor])
        assert r.status_code == 200
        assert r.json["title"] == "Physics"
        assert r.json["long_description"] == "**Bring** a calculator."
        assert (r.json["time_limit_minutes"], r.json["pass_mark_percent"]) == (45, 60)
        assert r.json["opens_at"] == "2030-01-01T08:00:00+00:00"
        assert (r.json["question_count"], r.json["total_points"]) == (5, 10.0)
        _assert_no_key(r)  # the public detail is key-free even for the owner


def test_drafts_show_their_status_to_the_owner(client, auth, build_exam, users):
    exam_id = build_exam(users["author"], status="draft")
    assert client.get(f"/api/exams/{exam_id}", headers=auth["author"]).json["status"] == "draft"


def test_browse_a_practice_exam(client, auth, build_exam, users):
    exam_id = build_exam(users["author"], practice_mode=True, shuffle_alternatives=True)
    r = client.get(f"/api/exams/{exam_id}/browse")
    assert r.status_code == 200
    _assert_no_key(r)
    questions = r.json["questions"]
    assert [q["type"] for q in questions] == [
        "single",
        "multiple",
        "true_false",
        "short_answer",
        "numeric",
    ]
    assert [a["text"] for a in questions[0]["alternatives"]] == ["3", "4", "5"]  # authored order
    assert [a["text"] for a in questions[2]["alternatives"]] == ["True", "False"]
    assert questions[3]["alternatives"] == []  # accepted answers are the key
    assert set(questions[0]) == {"id", "type", "text", "points", "word_limit", "alternatives"}
    assert set(questions[0]["alternatives"][0]) == {"id", "text"}
    assert r.json["title"] == "An exam"


def test_browse_needs_practice_mode(client, auth, build_exam, users):
    exam_id = build_exam(users["author"], practice_mode=False)
    for actor in ("anonymous", "author", "admin"):
        r = client.get(f"/api/exams/{exam_id}/browse", headers=auth[actor])
        assert r.status_code == 404
        assert r.json["error"]["code"] == "not_found"


def test_no_public_response_carries_the_key(client, auth, build_exam, users):
    exam_id = build_exam(users["author"], practice_mode=True)
    paths = [
        "/api/exams",
        "/api/exams?q=exam",
        f"/api/exams/{exam_id}",
        f"/api/exams/{exam_id}/browse",
    ]
    for actor in ("anonymous", "student", "other_author", "author", "admin"):
        for path in paths:
            r = client.get(path, headers=auth[actor])
            assert r.status_code == 200, (actor, path)
            _assert_no_key(r)
    # Every authoring read is refused to non-owners, so the key stays with its author.
    for actor in ("anonymous", "student", "other_author"):
        for path in (f"/api/author/exams/{exam_id}", f"/api/exams/{exam_id}/questions"):
            r = client.get(path, headers=auth[actor])
            assert r.status_code in (401, 403), (actor, path)
            _assert_no_key(r)
    # …who does see it.
    full = client.get(f"/api/author/exams/{exam_id}", headers=auth["author"])
    text = json.dumps(full.json)
    assert all(word in text for word in ("KEY-PARIS", "FB-RIGHT-4", "3.14159"))
