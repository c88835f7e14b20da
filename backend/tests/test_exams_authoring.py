"""Authoring: exams, questions and alternatives — create, read, update, delete, reorder."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from online_exam.audit.models import AuditEvent
from online_exam.exams.models import Alternative, Exam, Question
from online_exam.extensions import db


def _new_exam(client, headers, **fields):
    r = client.post("/api/exams", json={"title": "Algebra", **fields}, headers=headers)
    assert r.status_code == 201, r.json
    return r.json


def _add(client, headers, exam_id, **fields):
    body = {"type": "single", "text": "Q?", **fields}
    r = client.post(f"/api/exams/{exam_id}/questions", json=body, headers=headers)
    assert r.status_code == 201, r.json
    return r.json


def _positions(items):
    return [item["position"] for item in items]


def test_create_exam_with_defaults(client, auth, users):
    exam = _new_exam(client, auth["author"])
    assert exam["status"] == "draft"
    assert exam["created_by_id"] == exam["updated_by_id"] == users["author"].id
    assert exam["author_name"] == users["author"].display_name
    assert exam["published_at"] is None
    assert (exam["grace_period_seconds"], exam["max_attempts"]) == (30, 1)
    assert (exam["time_limit_minutes"], exam["pass_mark_percent"]) == (None, None)
    assert (exam["review_policy"], exam["one_question_per_page"]) == ("immediately", True)
    assert (exam["question_count"], exam["total_points"], exam["questions"]) == (0, 0, [])
    assert exam["attempt_count"] == 0


def test_create_exam_with_every_setting(client, auth):
    settings = {
        "title": "Finals",
        "description": "End of term",
        "long_description": "# Rules\n\nNo books.",
        "time_limit_minutes": 90,
        "grace_period_seconds": 0,
        "max_attempts": None,
        "opens_at": "2030-06-01T09:00:00+02:00",
        "closes_at": "2030-06-01T12:00:00Z",
        "shuffle_questions": True,
        "shuffle_alternatives": True,
        "one_question_per_page": False,
        "pass_mark_percent": 62.5,
        "review_policy": "after_close",
        "practice_mode": True,
    }
    exam = _new_exam(client, auth["admin"], **settings)
    expected = {**settings, "opens_at": "2030-06-01T07:00:00+00:00"}  # stored and shown in UTC
    expected["closes_at"] = "2030-06-01T12:00:00+00:00"
    assert {key: exam[key] for key in settings} == expected
    again = client.get(f"/api/author/exams/{exam['id']}", headers=auth["admin"]).json
    assert {key: again[key] for key in settings} == expected


def test_patch_changes_only_what_is_given_and_records_who(client, auth, users):
    exam = _new_exam(client, auth["author"], description="Old")
    r = client.patch(
        f"/api/exams/{exam['id']}",
        json={"title": "Algebra II", "max_attempts": None},
        headers=auth["admin"],
    )
    assert r.status_code == 200, r.json
    assert (r.json["title"], r.json["max_attempts"], r.json["description"]) == (
        "Algebra II",
        None,
        "Old",
    )
    assert r.json["updated_by_id"] == users["admin"].id
    assert r.json["created_by_id"] == users["author"].id
    assert r.json["updated_at"] > exam["updated_at"]
    # An empty patch changes nothing.
    same = client.patch(f"/api/exams/{exam['id']}", json={}, headers=auth["author"])
    assert same.status_code == 200
    assert same.json["updated_at"] == r.json["updated_at"]


def test_a_patch_keeps_every_field_it_does_not_name(client, auth):
    # The Patch schemas are derived from the In schemas: their load defaults must not apply.
    settings = {
        "description": "d",
        "long_description": "l",
        "time_limit_minutes": 20,
        "grace_period_seconds": 5,
        "max_attempts": 3,
        "opens_at": "2030-06-01T07:00:00+00:00",
        "closes_at": "2030-06-01T12:00:00+00:00",
        "shuffle_questions": True,
        "shuffle_alternatives": True,
        "one_question_per_page": False,
        "pass_mark_percent": 50.0,
        "review_policy": "never",
        "practice_mode": True,
    }
    exam = _new_exam(client, auth["author"], **settings)
    r = client.patch(f"/api/exams/{exam['id']}", json={"title": "T"}, headers=auth["author"])
    assert r.status_code == 200, r.json
    assert {key: r.json[key] for key in settings} == settings
    question = _add(
        client,
        auth["author"],
        exam["id"],
        type="short_answer",
        points=3,
        general_feedback="g",
        case_sensitive=True,
        alternatives=[{"text": "a", "credit": 1, "feedback": "f"}],
    )
    r = client.patch(
        f"/api/questions/{question['id']}", json={"text": "T?"}, headers=auth["author"]
    )
    assert r.status_code == 200, r.json
    kept = ("type", "points", "general_feedback", "case_sensitive", "alternatives")
    assert {key: r.json[key] for key in kept} == {key: question[key] for key in kept}
    alternative_id = question["alternatives"][0]["id"]
    r = client.patch(
        f"/api/alternatives/{alternative_id}", json={"text": "b"}, headers=auth["author"]
    )
    assert (r.status_code, r.json["credit"], r.json["feedback"]) == (200, 1.0, "f")


def test_delete_exam_removes_questions_and_alternatives(client, auth, app, build_exam, users):
    exam_id = build_exam(users["author"], status="draft")
    r = client.delete(f"/api/exams/{exam_id}", headers=auth["author"])
    assert (r.status_code, r.data) == (204, b"")
    assert client.get(f"/api/author/exams/{exam_id}", headers=auth["author"]).status_code == 404
    assert client.delete(f"/api/exams/{exam_id}", headers=auth["author"]).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == 0
        assert db.session.scalar(select(func.count()).select_from(Alternative)) == 0


def test_questions_with_inline_alternatives(client, auth):
    headers = auth["author"]
    exam = _new_exam(client, headers)
    question = _add(
        client,
        headers,
        exam["id"],
        text="Pick the even number",
        points=2.5,
        general_feedback="Even numbers divide by 2.",
        alternatives=[
            {"text": "3", "feedback": "Odd."},
            {"text": "4", "credit": 1},
        ],
    )
    assert question["position"] == 0
    assert question["points"] == 2.5
    assert [(a["text"], a["credit"], a["feedback"]) for a in question["alternatives"]] == [
        ("3", 0.0, "Odd."),
        ("4", 1.0, ""),
    ]
    assert _positions(question["alternatives"]) == [0, 1]
    listed = client.get(f"/api/exams/{exam['id']}/questions", headers=headers).json
    assert listed == [question]
    view = client.get(f"/api/author/exams/{exam['id']}", headers=headers).json
    assert (view["question_count"], view["total_points"]) == (1, 2.5)


@pytest.mark.parametrize(
    ("correct", "credits"), [(True, [1.0, 0.0]), (False, [0.0, 1.0]), (None, [0.0, 0.0])]
)
def test_true_false_gets_its_two_alternatives(client, auth, correct, credits):
    exam = _new_exam(client, auth["author"])
    body = {"type": "true_false", "text": "Water is wet."}
    if correct is not None:
        body["correct"] = correct
    question = _add(client, auth["author"], exam["id"], **body)
    assert [(a["text"], a["credit"]) for a in question["alternatives"]] == list(
        zip(["True", "False"], credits, strict=True)
    )
    # `correct` on PATCH flips the key (recreating the pair).
    r = client.patch(
        f"/api/questions/{question['id']}", json={"correct": False}, headers=auth["author"]
    )
    assert [(a["text"], a["credit"]) for a in r.json["alternatives"]] == [
        ("True", 0.0),
        ("False", 1.0),
    ]


def test_short_answer_and_numeric_questions(client, auth):
    headers = auth["author"]
    exam = _new_exam(client, headers)
    short = _add(
        client,
        headers,
        exam["id"],
        type="short_answer",
        text="Capital of France?",
        case_sensitive=True,
        alternatives=[{"text": "Paris", "credit": 1}, {"text": "Pari*", "credit": 0.5}],
    )
    assert short["case_sensitive"] is True
    assert [a["text"] for a in short["alternatives"]] == ["Paris", "Pari*"]
    numeric = _add(
        client,
        headers,
        exam["id"],
        type="numeric",
        text="Pi?",
        numeric_answer=3.14159,
        numeric_tolerance=0.01,
    )
    assert (numeric["numeric_answer"], numeric["numeric_tolerance"]) == (3.14159, 0.01)
    assert numeric["alternatives"] == []
    assert numeric["position"] == 1
    r = client.post(
        f"/api/questions/{numeric['id']}/alternatives", json={"text": "3"}, headers=headers
    )
    assert r.status_code == 422
    assert client.post(f"/api/exams/{exam['id']}/publish", headers=headers).status_code == 200


def test_patch_question_replaces_alternatives_and_touches_the_exam(client, auth, users):
    exam = _new_exam(client, auth["author"])
    question = _add(client, auth["author"], exam["id"], alternatives=[{"text": "a"}, {"text": "b"}])
    r = client.patch(
        f"/api/questions/{question['id']}",
        json={
            "type": "multiple",
            "text": "Pick two",
            "alternatives": [
                {"text": "x", "credit": 0.5},
                {"text": "y", "credit": 0.5},
                {"text": "z", "credit": -1, "feedback": "No."},
            ],
        },
        headers=auth["admin"],
    )
    assert r.status_code == 200, r.json
    assert (r.json["type"], r.json["text"]) == ("multiple", "Pick two")
    assert [a["text"] for a in r.json["alternatives"]] == ["x", "y", "z"]
    assert _positions(r.json["alternatives"]) == [0, 1, 2]
    old_ids = {a["id"] for a in question["alternatives"]}
    assert old_ids.isdisjoint(a["id"] for a in r.json["alternatives"])
    view = client.get(f"/api/author/exams/{exam['id']}", headers=auth["author"]).json
    assert view["updated_by_id"] == users["admin"].id
    assert view["updated_at"] > exam["updated_at"]
    # Without `alternatives`, the existing ones stay as they are.
    r = client.patch(f"/api/questions/{question['id']}", json={"points": 4}, headers=auth["author"])
    assert (r.json["points"], len(r.json["alternatives"])) == (4.0, 3)


def test_alternatives_add_edit_delete_keep_positions_dense(client, auth):
    headers = auth["author"]
    exam = _new_exam(client, headers)
    question = _add(client, headers, exam["id"])
    ids = []
    for text in ("a", "b", "c", "d"):
        r = client.post(
            f"/api/questions/{question['id']}/alternatives", json={"text": text}, headers=headers
        )
        assert r.status_code == 201, r.json
        assert r.json["position"] == len(ids)
        ids.append(r.json["id"])
    r = client.patch(
        f"/api/alternatives/{ids[2]}", json={"credit": 1, "feedback": "Yes!"}, headers=headers
    )
    assert (r.status_code, r.json["credit"], r.json["feedback"], r.json["text"]) == (
        200,
        1.0,
        "Yes!",
        "c",
    )
    assert client.delete(f"/api/alternatives/{ids[1]}", headers=headers).status_code == 204
    assert client.delete(f"/api/alternatives/{ids[1]}", headers=headers).status_code == 404
    alternatives = client.get(f"/api/exams/{exam['id']}/questions", headers=headers).json[0][
        "alternatives"
    ]
    assert [(a["id"], a["position"]) for a in alternatives] == [
        (ids[0], 0),
        (ids[2], 1),
        (ids[3], 2),
    ]

    r = client.put(
        f"/api/questions/{question['id']}/alternatives/order",
        json={"alternative_ids": [ids[3], ids[0], ids[2]]},
        headers=headers,
    )
    assert r.status_code == 200, r.json
    assert [(a["id"], a["position"]) for a in r.json["alternatives"]] == [
        (ids[3], 0),
        (ids[0], 1),
        (ids[2], 2),
    ]


def test_questions_delete_and_reorder_keep_positions_dense(client, auth):
    headers = auth["author"]
    exam = _new_exam(client, headers)
    ids = [_add(client, headers, exam["id"], text=f"Q{i}")["id"] for i in range(5)]
    assert client.delete(f"/api/questions/{ids[0]}", headers=headers).status_code == 204
    assert client.delete(f"/api/questions/{ids[3]}", headers=headers).status_code == 204
    listed = client.get(f"/api/exams/{exam['id']}/questions", headers=headers).json
    assert [(q["id"], q["position"]) for q in listed] == [(ids[1], 0), (ids[2], 1), (ids[4], 2)]

    new_order = [ids[4], ids[1], ids[2]]
    r = client.put(
        f"/api/exams/{exam['id']}/questions/order",
        json={"question_ids": new_order},
        headers=headers,
    )
    assert r.status_code == 200, r.json
    assert [(q["id"], q["position"]) for q in r.json] == [(i, p) for p, i in enumerate(new_order)]
    listed = client.get(f"/api/exams/{exam['id']}/questions", headers=headers).json
    assert [q["id"] for q in listed] == new_order
    # A new question goes at the end.
    assert _add(client, headers, exam["id"])["position"] == 3


@pytest.mark.parametrize(
    "order",
    [
        lambda ids: ids[:-1],  # one missing
        lambda ids: [*ids, ids[0]],  # a duplicate (and one too many)
        lambda ids: [ids[0], ids[0], ids[2]],  # a duplicate replacing one
        lambda ids: [*ids[:-1], 999999],  # a foreign id
        lambda ids: [],
    ],
    ids=["missing", "extra duplicate", "duplicate", "unknown", "empty"],
)
def test_reorder_must_be_an_exact_permutation(client, auth, order):
    headers = auth["author"]
    exam = _new_exam(client, headers)
    ids = [_add(client, headers, exam["id"], text=f"Q{i}")["id"] for i in range(3)]
    r = client.put(
        f"/api/exams/{exam['id']}/questions/order",
        json={"question_ids": order(ids)},
        headers=headers,
    )
    assert r.status_code == 422
    assert "question_ids" in r.json["error"]["details"]["json"]
    question_id = ids[0]
    alternative_ids = [
        client.post(
            f"/api/questions/{question_id}/alternatives", json={"text": t}, headers=headers
        ).json["id"]
        for t in "abc"
    ]
    r = client.put(
        f"/api/questions/{question_id}/alternatives/order",
        json={"alternative_ids": order(alternative_ids)},
        headers=headers,
    )
    assert r.status_code == 422
    assert "alternative_ids" in r.json["error"]["details"]["json"]


def test_an_alternative_of_another_question_cannot_be_reordered_in(client, auth):
    headers = auth["author"]
    exam = _new_exam(client, headers)
    first = _add(client, headers, exam["id"], alternatives=[{"text": "a"}, {"text": "b"}])
    second = _add(client, headers, exam["id"], alternatives=[{"text": "c"}])
    mixed = [first["alternatives"][0]["id"], second["alternatives"][0]["id"]]
    r = client.put(
        f"/api/questions/{first['id']}/alternatives/order",
        json={"alternative_ids": mixed},
        headers=headers,
    )
    assert r.status_code == 422


def test_my_exams_lists_every_status_and_filters(client, auth, build_exam, users):
    mine = {
        status: build_exam(users["author"], status=status, title=f"Mine {status}")
        for status in ("draft", "published", "archived")
    }
    theirs = build_exam(users["other_author"], status="draft", title="Theirs")
    r = client.get("/api/author/exams", headers=auth["author"])
    assert r.status_code == 200
    assert r.json["total"] == 3
    assert {item["id"] for item in r.json["items"]} == set(mine.values())
    item = r.json["items"][0]
    assert item["attempt_count"] == 0
    assert item["question_count"] == 5
    assert "questions" not in item
    r = client.get("/api/author/exams?status=archived", headers=auth["author"])
    assert [item["id"] for item in r.json["items"]] == [mine["archived"]]
    r = client.get("/api/author/exams?q=PUBLISHED", headers=auth["author"])
    assert [item["id"] for item in r.json["items"]] == [mine["published"]]
    # An admin sees everyone's exams.
    r = client.get("/api/author/exams?per_page=100", headers=auth["admin"])
    assert r.json["total"] == 4
    assert theirs in {item["id"] for item in r.json["items"]}
    # Last changed first.
    client.patch(f"/api/exams/{mine['draft']}", json={"title": "Touched"}, headers=auth["author"])
    r = client.get("/api/author/exams", headers=auth["author"])
    assert r.json["items"][0]["id"] == mine["draft"]


def test_copy_makes_a_complete_draft_owned_by_the_copier(client, auth, build_exam, users):
    source_id = build_exam(users["author"], title="Original", pass_mark_percent=50)
    r = client.post(f"/api/exams/{source_id}/copy", headers=auth["admin"])
    assert r.status_code == 201, r.json
    copy = r.json
    source = client.get(f"/api/author/exams/{source_id}", headers=auth["author"]).json
    assert copy["id"] != source_id
    assert (copy["title"], copy["status"], copy["published_at"]) == (
        "Copy of Original",
        "draft",
        None,
    )
    assert copy["created_by_id"] == users["admin"].id
    assert copy["pass_mark_percent"] == 50
    assert copy["publish_problems"] == {}

    def key(exam):
        return [
            (
                q["type"],
                q["text"],
                q["points"],
                q["numeric_answer"],
                [(a["text"], a["credit"], a["feedback"]) for a in q["alternatives"]],
            )
            for q in exam["questions"]
        ]

    assert key(copy) == key(source)


def test_changes_are_recorded_in_the_audit_trail(client, auth, app):
    exam = _new_exam(client, auth["author"])
    client.patch(f"/api/exams/{exam['id']}", json={"title": "New"}, headers=auth["author"])
    _add(client, auth["author"], exam["id"], type="numeric", numeric_answer=1)
    client.post(f"/api/exams/{exam['id']}/publish", headers=auth["author"])
    client.post(f"/api/exams/{exam['id']}/archive", headers=auth["author"])
    client.delete(f"/api/exams/{exam['id']}", headers=auth["admin"])
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "exam").order_by(AuditEvent.id)
        ).all()
        assert [e.action for e in events] == [
            "exam.created",
            "exam.updated",
            "exam.published",
            "exam.archived",
            "exam.deleted",
        ]
        assert events[1].details == {"fields": ["title"]}
        assert {e.entity_id for e in events} == {exam["id"]}
        assert db.session.get(Exam, exam["id"]) is None
