"""The question bank (categories, versions, tags, search, move/copy, delete) and exams built
from it: fixed copies, random slots frozen at publish, and the per-attempt draw."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from itertools import combinations

import pytest

from online_exam.attempts import snapshot
from online_exam.bank.draw import PoolTooSmall, SlotPool, draw


def single(text, points=1.0):
    return {
        "type": "single",
        "text": text,
        "points": points,
        "alternatives": [{"text": "right", "credit": 1}, {"text": "wrong", "credit": 0}],
    }


def category(client, headers, name="Algebra", **extra):
    r = client.post("/api/bank/categories", json={"name": name, **extra}, headers=headers)
    assert r.status_code == 201, r.json
    return r.json["id"]


def bank_question(client, headers, category_id, text, tags=()):
    body = {"category_id": category_id, "question": single(text), "tags": list(tags)}
    r = client.post("/api/bank/questions", json=body, headers=headers)
    assert r.status_code == 201, r.json
    return r.json["id"]


def exam_with_slot(client, headers, category_id, count=2, points=3.0, tag=None, fixed=None):
    exam = client.post("/api/exams", json={"title": "Bank exam"}, headers=headers).json["id"]
    if fixed is not None:
        r = client.post(
            f"/api/exams/{exam}/questions/from-bank",
            json={"bank_question_id": fixed},
            headers=headers,
        )
        assert r.status_code == 201, r.json
    slot = {"category_id": category_id, "count": count, "points": points, "tag": tag}
    r = client.post(f"/api/exams/{exam}/slots", json=slot, headers=headers)
    assert r.status_code == 201, r.json
    return exam


# --- categories and access -----------------------------------------------------------------


def test_categories_are_their_owners_and_404_to_others(client, auth):
    root = category(client, auth["author"])
    child = category(client, auth["author"], "Linear", parent_id=root)
    listed = client.get("/api/bank/categories", headers=auth["author"]).json
    assert {(c["id"], c["parent_id"]) for c in listed} == {(root, None), (child, root)}
    assert client.get("/api/bank/categories", headers=auth["other_author"]).json == []
    r = client.patch(
        f"/api/bank/categories/{root}", json={"name": "x"}, headers=auth["other_author"]
    )
    assert r.status_code == 404
    assert r.json["error"]["code"] == "not_found"
    assert client.get("/api/bank/categories", headers=auth["student"]).status_code == 403
    assert client.get("/api/bank/categories").status_code == 401
    # no cycles; only empty categories go
    r = client.patch(
        f"/api/bank/categories/{root}", json={"parent_id": child}, headers=auth["author"]
    )
    assert r.status_code == 422
    assert client.delete(f"/api/bank/categories/{root}", headers=auth["author"]).status_code == 409
    assert client.delete(f"/api/bank/categories/{child}", headers=auth["author"]).status_code == 204


def test_course_category_is_shared_by_the_course_teachers(client, users, auth, make_course):
    course = make_course(users["author"], teachers=(users["other_author"],))
    shared = category(client, auth["author"], "Shared", course_id=course)
    qid = bank_question(client, auth["other_author"], shared, "Co-teacher's question")
    r = client.get(f"/api/bank/questions/{qid}", headers=auth["author"])
    assert r.status_code == 200
    assert r.json["text"] == "Co-teacher's question"
    outsider = category(client, auth["other_author"], "Mine")
    r = client.post(
        "/api/bank/categories",
        json={"name": "x", "course_id": course + 999},
        headers=auth["author"],
    )
    assert r.status_code == 404
    assert (
        client.get(
            f"/api/bank/questions?category_id={outsider}", headers=auth["author"]
        ).status_code
        == 404
    )


# --- questions: versions, tags, search, move, copy, delete ---------------------------------


def test_every_edit_is_a_version_and_restore_adds_one(client, auth):
    cat = category(client, auth["author"])
    qid = bank_question(client, auth["author"], cat, "v1 text", tags=["Easy", "easy "])
    r = client.patch(
        f"/api/bank/questions/{qid}", json={"question": single("v2 text")}, headers=auth["author"]
    )
    assert (r.json["version"], r.json["text"], r.json["tags"]) == (2, "v2 text", ["easy"])
    same = client.patch(
        f"/api/bank/questions/{qid}", json={"question": single("v2 text")}, headers=auth["author"]
    )
    assert same.json["version"] == 2  # nothing changed: no new version
    history = client.get(f"/api/bank/questions/{qid}/versions", headers=auth["author"]).json
    assert [v["number"] for v in history] == [2, 1]
    assert history[1]["document"]["text"] == "v1 text"
    r = client.post(f"/api/bank/questions/{qid}/versions/1/restore", headers=auth["author"])
    assert (r.json["version"], r.json["text"]) == (3, "v1 text")
    assert len(client.get(f"/api/bank/questions/{qid}/versions", headers=auth["author"]).json) == 3
    assert (
        client.post(
            f"/api/bank/questions/{qid}/versions/9/restore", headers=auth["author"]
        ).status_code
        == 404
    )
    r = client.patch(
        f"/api/bank/questions/{qid}", json={"question": {"type": "bogus"}}, headers=auth["author"]
    )
    assert r.status_code == 422


def test_search_by_text_type_tag_category_paginated(client, auth):
    root = category(client, auth["author"])
    sub = category(client, auth["author"], "Sub", parent_id=root)
    other = category(client, auth["author"], "Other")
    bank_question(client, auth["author"], root, "Solve for x", tags=["linear"])
    bank_question(client, auth["author"], sub, "Factor x^2 (100%)", tags=["quadratic"])
    bank_question(client, auth["author"], other, "Unrelated")
    bank_question(client, auth["other_author"], category(client, auth["other_author"]), "Solve it")

    def texts(query):
        r = client.get(f"/api/bank/questions?{query}", headers=auth["author"])
        assert r.status_code == 200, r.json
        return sorted(i["text"] for i in r.json["items"]), r.json["total"]

    assert texts("q=solve") == (["Solve for x"], 1)
    assert texts("q=100%25") == (["Factor x^2 (100%)"], 1)
    assert texts(f"category_id={root}")[1] == 2
    assert texts(f"category_id={root}&subcategories=false") == (["Solve for x"], 1)
    assert texts("tag=QUADRATIC") == (["Factor x^2 (100%)"], 1)
    assert texts("type=numeric") == ([], 0)
    page = client.get("/api/bank/questions?per_page=2&page=2", headers=auth["author"]).json
    assert (page["total"], len(page["items"])) == (3, 1)
    assert page["items"][0]["question"]["alternatives"][0]["text"] == "right"
    assert client.get("/api/bank/questions?type=nope", headers=auth["author"]).status_code == 422


def test_move_copy_and_delete(client, auth):
    a = category(client, auth["author"], "A")
    b = category(client, auth["author"], "B")
    qid = bank_question(client, auth["author"], a, "Movable", tags=["t"])
    moved = client.post(
        f"/api/bank/questions/{qid}/move", json={"category_id": b}, headers=auth["author"]
    )
    assert moved.json["category_id"] == b
    copied = client.post(
        f"/api/bank/questions/{qid}/copy", json={"category_id": a}, headers=auth["author"]
    )
    assert copied.status_code == 201
    assert (copied.json["category_id"], copied.json["version"], copied.json["tags"]) == (
        a,
        1,
        ["t"],
    )
    foreign = category(client, auth["other_author"], "Theirs")
    r = client.post(
        f"/api/bank/questions/{qid}/move", json={"category_id": foreign}, headers=auth["author"]
    )
    assert r.status_code == 404
    # used by an exam: soft delete (the exam keeps its copy); unused: gone
    exam = client.post("/api/exams", json={"title": "E"}, headers=auth["author"]).json["id"]
    r = client.post(
        f"/api/exams/{exam}/questions/from-bank",
        json={"bank_question_id": qid, "points": 2},
        headers=auth["author"],
    )
    assert r.status_code == 201
    assert r.json["points"] == 2
    assert r.json["bank_version_id"]
    assert client.delete(f"/api/bank/questions/{qid}", headers=auth["author"]).status_code == 204
    assert client.get(f"/api/bank/questions/{qid}", headers=auth["author"]).status_code == 404
    assert (
        client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json[0]["text"]
        == "Movable"
    )
    assert (
        client.delete(
            f"/api/bank/questions/{copied.json['id']}", headers=auth["author"]
        ).status_code
        == 204
    )
    assert client.delete(f"/api/bank/categories/{b}", headers=auth["author"]).status_code == 409


# --- exams from the bank ------------------------------------------------------------------


def test_publish_refuses_a_slot_too_small_naming_it(client, auth):
    cat = category(client, auth["author"])
    bank_question(client, auth["author"], cat, "Only one", tags=["x"])
    bank_question(client, auth["author"], cat, "Other", tags=["y"])
    exam = exam_with_slot(client, auth["author"], cat, count=2, tag="x")
    r = client.post(f"/api/exams/{exam}/publish", headers=auth["author"])
    assert r.status_code == 422
    slot_id = client.get(f"/api/exams/{exam}/slots", headers=auth["author"]).json[0]["id"]
    assert str(slot_id) in r.json["error"]["details"]["slots"]
    assert "offers 1" in r.json["error"]["details"]["slots"][str(slot_id)]["problems"][0]
    assert r.json["error"]["details"]["exam"][0].startswith("Random slot 1 draws 2")


def test_random_exam_end_to_end(client, users, auth, make_user, token_for):
    cat = category(client, auth["author"])
    sub = category(client, auth["author"], "Sub", parent_id=cat)
    ids = [bank_question(client, auth["author"], cat if n < 3 else sub, f"Q{n}") for n in range(5)]
    exam = exam_with_slot(client, auth["author"], cat, count=2, points=3.0, fixed=ids[0])
    detail = client.get(f"/api/author/exams/{exam}", headers=auth["author"]).json
    assert (detail["question_count"], detail["total_points"]) == (3, 7.0)
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    assert client.get(f"/api/exams/{exam}/slots", headers=auth["author"]).json[0]["pool_size"] == 4
    # the bank changes later: the published exam does not
    client.patch(
        f"/api/bank/questions/{ids[1]}",
        json={"question": single("Q1 edited")},
        headers=auth["author"],
    )
    bank_question(client, auth["author"], cat, "Q new")
    assert [
        q["text"] for q in client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json
    ] == ["Q0"]
    listed = client.get("/api/author/exams", headers=auth["author"]).json["items"][0]
    assert (listed["question_count"], listed["total_points"]) == (3, 7.0)

    seen = []
    for _n in range(6):
        student = make_user("student")
        headers = token_for(student)
        r = client.post(f"/api/exams/{exam}/attempts", headers=headers)
        assert r.status_code == 201, r.json
        texts = [q["text"] for q in r.json["questions"]]
        assert texts[0] == "Q0"
        assert len(texts) == 3
        assert len(set(texts)) == 3
        assert set(texts[1:]) <= {"Q1", "Q2", "Q3", "Q4"}  # never the edit, the new one or Q0
        again = client.post(f"/api/exams/{exam}/attempts", headers=headers)
        assert again.status_code == 200
        assert again.json["id"] == r.json["id"]
        assert [q["text"] for q in again.json["questions"]] == texts  # stable on resume
        snapshot.clear()  # as after a server restart: nothing cached in the process
        reload = client.get(f"/api/attempts/{r.json['id']}", headers=headers).json
        assert [q["text"] for q in reload["questions"]] == texts
        drawn = r.json["questions"][1]
        right = next(a for a in drawn["alternatives"] if a["text"] == "right")
        client.put(
            f"/api/attempts/{r.json['id']}/responses/{drawn['id']}",
            json={"selected_ids": [right["id"]], "seq": 1},
            headers=headers,
        )
        other = r.json["questions"][2]["id"]
        saved = client.put(
            f"/api/attempts/{r.json['id']}/responses/{other}",
            json={"selected_ids": [], "seq": 1},
            headers=headers,
        )
        assert saved.status_code == 200
        result = client.post(f"/api/attempts/{r.json['id']}/submit", headers=headers).json["result"]
        assert (result["score"], result["max_score"]) == (3.0, 7.0)
        seen.append(tuple(texts[1:]))
    assert len({frozenset(s) for s in seen}) > 1  # not the same draw for everyone (p ~ 1e-4)
    # results, statistics and exports per drawn question
    stats = client.get(f"/api/exams/{exam}/statistics", headers=auth["author"])
    assert stats.status_code == 200, stats.json
    items = stats.json["questions"]
    assert len(items) == 5
    assert items[0]["n"] == 6  # the fixed question: every attempt
    assert sum(i["n"] for i in items[1:]) == 12  # each pool question: the attempts that drew it
    assert stats.json["max_score"] == 7.0
    assert stats.json["alpha"] is None  # not every item in every attempt
    export = client.get(f"/api/exams/{exam}/results/export", headers=auth["author"])
    assert export.status_code == 200
    for text in {t for drawn in seen for t in drawn}:
        assert text in export.get_data(as_text=True)  # a column per drawn question
    # frozen once attempted
    r = client.post(
        f"/api/exams/{exam}/slots",
        json={"category_id": cat, "count": 1, "points": 1},
        headers=auth["author"],
    )
    assert r.status_code == 409


def test_slots_need_a_usable_category_and_valid_numbers(client, auth):
    mine = category(client, auth["author"])
    theirs = category(client, auth["other_author"])
    exam = client.post("/api/exams", json={"title": "E"}, headers=auth["author"]).json["id"]
    r = client.post(
        f"/api/exams/{exam}/slots",
        json={"category_id": theirs, "count": 1, "points": 1},
        headers=auth["author"],
    )
    assert r.status_code == 404
    r = client.post(
        f"/api/exams/{exam}/slots",
        json={"category_id": mine, "count": 0, "points": 1},
        headers=auth["author"],
    )
    assert r.status_code == 422
    r = client.post(
        f"/api/exams/{exam}/slots",
        json={"category_id": mine, "count": 1, "points": 2},
        headers=auth["other_author"],
    )
    assert r.status_code == 404
    slot = client.post(
        f"/api/exams/{exam}/slots",
        json={"category_id": mine, "count": 1, "points": 2},
        headers=auth["author"],
    ).json
    r = client.patch(
        f"/api/exams/{exam}/slots/{slot['id']}", json={"count": 3}, headers=auth["author"]
    )
    assert r.json["count"] == 3
    assert (
        client.delete(f"/api/exams/{exam}/slots/{slot['id']}", headers=auth["author"]).status_code
        == 204
    )
    assert client.get(f"/api/exams/{exam}/slots", headers=auth["author"]).json == []


def test_unpublish_and_republish_takes_the_pool_again(client, auth):
    cat = category(client, auth["author"])
    for n in range(2):
        bank_question(client, auth["author"], cat, f"Q{n}")
    exam = exam_with_slot(client, auth["author"], cat, count=2)
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    assert client.post(f"/api/exams/{exam}/unpublish", headers=auth["author"]).status_code == 200
    assert (
        client.get(f"/api/exams/{exam}/slots", headers=auth["author"]).json[0]["pool_size"] is None
    )
    bank_question(client, auth["author"], cat, "Q2")
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    assert client.get(f"/api/exams/{exam}/slots", headers=auth["author"]).json[0]["pool_size"] == 3
    copy = client.post(f"/api/exams/{exam}/copy", headers=auth["author"]).json
    assert (copy["question_count"], copy["total_points"]) == (2, 6.0)


# --- the draw (pure) ----------------------------------------------------------------------


def test_draw_is_uniform_over_every_subset_exact_enumeration_by_chi_square():
    pool = SlotPool(2, (10, 11, 12, 13, 14), (1, 2, 3, 4, 5))
    rng = random.Random(1234)
    trials = 20_000
    counts = Counter(frozenset(draw([pool], set(), rng)[0]) for _ in range(trials))
    subsets = [frozenset(c) for c in combinations(pool.question_ids, 2)]
    assert set(counts) == set(subsets)  # every pair possible, nothing else
    expected = trials / len(subsets)
    chi2 = sum((counts[s] - expected) ** 2 / expected for s in subsets)
    assert chi2 < 27.88  # 9 degrees of freedom, p = 0.001


def test_draw_never_repeats_and_skips_held_questions():
    first = SlotPool(2, (10, 11, 12), (1, 2, 3))
    overlapping = SlotPool(2, (20, 21, 22, 23), (2, 3, 4, 5))  # same bank questions 2 and 3
    for seed in range(300):
        drawn = draw([first, overlapping], {1}, random.Random(seed))
        assert sorted(drawn[0]) == [11, 12]  # 1 is held as a fixed question
        assert sorted(drawn[1]) == [22, 23]  # 2 and 3 were drawn already
    with pytest.raises(PoolTooSmall):
        draw([SlotPool(3, (1, 2), (1, 2))], set(), random.Random(0))


def test_draw_is_reproducible_per_seed():
    pool = SlotPool(3, tuple(range(10)), tuple(range(10)))
    assert draw([pool], set(), random.Random("s:1:2:1")) == draw(
        [pool], set(), random.Random("s:1:2:1")
    )
    assert math.comb(10, 3) == 120


def test_a_random_exam_starts_with_the_statements_of_any_exam(
    app, client, auth, make_user, token_for
):
    """The draw adds no statement to the start path: it is recorded in question_order, the
    row the start inserts anyway. The first start loads the pools (2 more, cached after)."""
    from tests.test_query_counts import BOUNDS, counting

    cat = category(client, auth["author"])
    ids = [bank_question(client, auth["author"], cat, f"Q{n}") for n in range(6)]
    exam = exam_with_slot(client, auth["author"], cat, count=3, fixed=ids[0])
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    counts = []
    for _ in range(2):
        headers = token_for(make_user("student"))
        with counting(app) as statements:
            r = client.post(f"/api/exams/{exam}/attempts", headers=headers)
        assert r.status_code == 201
        counts.append(len(statements))
    assert counts[0] <= BOUNDS["start"] + 2
    assert counts[1] <= BOUNDS["start_warm"]


def test_course_and_live_views_count_what_each_student_gets(client, users, auth, make_course):
    course = make_course(users["author"])
    cat = category(client, auth["author"])
    for n in range(4):
        bank_question(client, auth["author"], cat, f"Q{n}")
    exam = exam_with_slot(client, auth["author"], cat, count=2)
    client.patch(f"/api/exams/{exam}", json={"course_id": course}, headers=auth["author"])
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    detail = client.get(f"/api/courses/{course}", headers=auth["author"]).json
    assert [e["question_count"] for e in detail["exams"]] == [2]
    live = client.get(f"/api/exams/{exam}/live", headers=auth["author"])
    assert live.status_code == 200, live.json
    assert live.json["question_count"] == 2


def test_a_published_random_exam_without_attempts_can_be_deleted(client, auth):
    cat = category(client, auth["author"])
    for n in range(2):
        bank_question(client, auth["author"], cat, f"Q{n}")
    exam = exam_with_slot(client, auth["author"], cat, count=1)
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    assert client.delete(f"/api/exams/{exam}", headers=auth["author"]).status_code == 204
    assert client.get(f"/api/author/exams/{exam}", headers=auth["author"]).status_code == 404
    # no slot holds the category any more; its questions still do
    assert client.delete(f"/api/bank/categories/{cat}", headers=auth["author"]).status_code == 409


def test_a_fixed_question_added_after_publishing_leaves_the_pool(client, auth):
    cat = category(client, auth["author"])
    ids = [bank_question(client, auth["author"], cat, f"Q{n}") for n in range(3)]
    exam = exam_with_slot(client, auth["author"], cat, count=2)
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    add = {"bank_question_id": ids[0]}
    r = client.post(f"/api/exams/{exam}/questions/from-bank", json=add, headers=auth["author"])
    assert r.status_code == 201
    assert client.get(f"/api/exams/{exam}/slots", headers=auth["author"]).json[0]["pool_size"] == 2
    r = client.post(
        f"/api/exams/{exam}/questions/from-bank",
        json={"bank_question_id": ids[1]},
        headers=auth["author"],
    )
    assert r.status_code == 422  # the pool would be too small: nothing changes
    assert "Random slot 1" in r.json["error"]["details"]["exam"][0]


# --- portable JSON export -> import with random slots (bank/portable_slots.py) ------------
def export(client, headers, exam):
    r = client.get(f"/api/exams/{exam}/export?format=json", headers=headers)
    assert r.status_code == 200, r.data
    return json.loads(r.data)


def comparable(document):
    """The document without what differs by design: the time and the pool's source path."""
    slots = [{k: v for k, v in s.items() if k != "category"} for s in document.get("slots", [])]
    return {**{k: v for k, v in document.items() if k != "exported_at"}, "slots": slots}


def test_slots_and_pools_round_trip(client, auth):
    h = auth["author"]
    cat = category(client, h, "Geometry")
    for n in range(4):
        bank_question(client, h, cat, f"Angle {n}", tags=["easy"] if n % 2 else ())
    exam = exam_with_slot(client, h, cat, count=1, points=2.0, tag="easy")
    client.post(f"/api/exams/{exam}/questions", json=single("Fixed one"), headers=h)
    slot = {"category_id": cat, "count": 2, "points": 1.5}
    assert client.post(f"/api/exams/{exam}/slots", json=slot, headers=h).status_code == 201
    assert client.post(f"/api/exams/{exam}/publish", headers=h).status_code == 200

    first = export(client, h, exam)
    slots = first["slots"]
    assert [(s["count"], s["points"], s["tag"], s["category"]) for s in slots] == [
        (1, 2.0, "easy", "Geometry"),
        (2, 1.5, None, "Geometry"),
    ]
    assert sorted(q["text"] for q in slots[0]["pool"]) == ["Angle 1", "Angle 3"]
    assert len(slots[1]["pool"]) == 4
    assert {q["points"] for q in slots[1]["pool"]} == {1.5}

    r = client.post("/api/exams/import", json=first, headers=h)
    assert r.status_code == 201, r.json
    copy = r.json["id"]
    assert (r.json["question_count"], r.json["total_points"]) == (4, 6.0)
    second = export(client, h, copy)
    assert comparable(second) == comparable(first)
    assert [s["category"] for s in second["slots"]] == [
        "Imported / Bank exam / Slot 1",
        "Imported / Bank exam / Slot 2",
    ]
    # The copy publishes: its pools are in the importer's bank.
    assert client.post(f"/api/exams/{copy}/publish", headers=h).status_code == 200
    assert comparable(export(client, h, copy)) == comparable(first)


def test_bad_slots_are_refused_with_every_problem_and_nothing_created(client, auth):
    h = auth["author"]
    before = client.get("/api/exams", headers=h).json
    document = {
        "format": "online-exam",
        "version": 1,
        "exam": {"title": "Broken"},
        "questions": [],
        "slots": [
            {"count": 0, "points": 1, "pool": []},
            {"count": 2, "points": -1, "pool": [single("only one")]},
            {"count": 1, "points": 1, "pool": [{"type": "single"}]},
            "nope",
        ],
    }
    r = client.post("/api/exams/import", json=document, headers=h)
    assert r.status_code == 422, r.json
    text = str(r.json["error"])
    for expected in (
        "slots[1].count",
        "slots[2].points",
        "fewer questions",
        "slots[3].pool[1]",
        "slots[4] must be an object",
    ):
        assert expected in text, (expected, text)
    assert client.get("/api/exams", headers=h).json == before
    assert client.get("/api/bank/categories", headers=h).json == []
