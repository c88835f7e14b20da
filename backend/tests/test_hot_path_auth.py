"""The exam-day hot paths (start, autosave, submit) check the account in their own statement
and verify a token once per worker (auth/security.py, auth/tokens.py): a deactivated student
is still refused by the very next request, a token is still verified in full the first time,
an altered or expired one is refused. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import time

from sqlalchemy import select

from online_exam.attempts.models import Attempt, Response
from online_exam.auth import tokens
from online_exam.extensions import db


def _set_active(client, auth, user, active):
    r = client.patch(
        f"/api/admin/users/{user.id}", json={"is_active": active}, headers=auth["admin"]
    )
    assert r.status_code == 200, r.json


def _refused(r):
    assert r.status_code == 401, (r.status_code, r.json)
    assert r.json["error"]["code"] == "unauthorized"
    assert "deactivated" in r.json["error"]["message"]


def test_deactivation_stops_every_hot_path_at_once(app, client, auth, users, build_exam):
    exam = build_exam(users["author"], time_limit_minutes=10)
    second = build_exam(users["author"], time_limit_minutes=10)
    student = auth["student"]
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=student)
    assert started.status_code == 201
    attempt_id = started.json["id"]
    single = exam.q["single"]
    save = f"/api/attempts/{attempt_id}/responses/{single}"
    first = {"selected_ids": [exam.alternatives[single][0]], "seq": 1}
    assert client.put(save, json=first, headers=student).status_code == 200  # token cached

    _set_active(client, auth, users["student"], False)
    # The very next request of each kind, with the same (still unexpired, cached) token.
    _refused(client.put(save, json={"selected_ids": [], "seq": 2}, headers=student))
    _refused(client.post(f"/api/exams/{second.id}/attempts", headers=student))
    _refused(client.post(f"/api/exams/{exam.id}/attempts", headers=student))  # resume too
    _refused(client.post("/api/exams/999999/attempts", headers=student))  # 401 before 404
    _refused(
        client.post(f"/api/attempts/{attempt_id}/submit", json={"responses": []}, headers=student)
    )
    _refused(client.get(f"/api/attempts/{attempt_id}", headers=student))
    with app.app_context():
        attempts = db.session.scalars(select(Attempt)).all()
        assert [(a.id, a.state) for a in attempts] == [(attempt_id, "in_progress")]
        saved = db.session.scalars(select(Response)).all()
        assert [(r.client_seq, r.selected_ids) for r in saved] == [(1, first["selected_ids"])]

    _set_active(client, auth, users["student"], True)  # and back: the same token works again
    r = client.put(save, json={"selected_ids": [], "seq": 2}, headers=student)
    assert r.status_code == 200
    assert r.json["seq"] == 2
    r = client.post(f"/api/attempts/{attempt_id}/submit", json={"responses": []}, headers=student)
    assert r.status_code == 200
    assert r.json["state"] == "submitted"


def test_a_poll_with_the_current_tag_checks_access_and_the_account(
    client, auth, users, build_exam, make_user, token_for
):
    exam = build_exam(users["author"], time_limit_minutes=10)
    path = f"/api/exams/{exam.id}/live"
    etag = client.get(path, headers=auth["author"]).headers["ETag"]
    polled = client.get(path, headers={**auth["author"], "If-None-Match": etag})
    assert polled.status_code == 304
    assert polled.headers["ETag"] == etag
    assert client.get(path, headers={**auth["admin"], "If-None-Match": etag}).status_code == 304
    # The tag is no key: whoever may not see the results gets 404, as without it.
    for who in ("student", "other_author"):
        r = client.get(path, headers={**auth[who], "If-None-Match": etag})
        assert r.status_code == 404, who
    missing = client.get(
        "/api/exams/987654/live", headers={**auth["author"], "If-None-Match": etag}
    )
    assert missing.status_code == 404
    _set_active(client, auth, users["author"], False)
    _refused(client.get(path, headers={**auth["author"], "If-None-Match": etag}))
    _refused(client.get(path, headers=auth["author"]))


def test_a_cached_token_altered_or_expired_is_refused(
    app, client, auth, users, build_exam, monkeypatch
):
    exam = build_exam(users["author"], time_limit_minutes=10)
    student = auth["student"]
    assert client.post(f"/api/exams/{exam.id}/attempts", headers=student).status_code == 201
    token = student["Authorization"].removeprefix("Bearer ")
    head, payload, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    for altered in (f"{head}.{payload}.{flipped}", f"{head}.{payload}x.{signature}"):
        r = client.post(
            f"/api/exams/{exam.id}/attempts", headers={"Authorization": f"Bearer {altered}"}
        )
        assert r.status_code == 401, altered
        assert r.json["error"]["message"] == "The access token is invalid."
    # The valid token was verified once and kept until its exp; past it, the entry is gone
    # (the next request verifies in full, and PyJWT refuses an expired token).
    cache = app.extensions["verified_tokens"]
    assert cache.get(token) == users["student"].id
    later = time.time() + 24 * 3600
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    assert cache.get(token) is None


def test_the_cache_is_bounded_and_keeps_only_unexpired_tokens():
    cache = tokens.VerifiedTokens(2)
    now = time.time()
    cache.put("a", now + 60, 1)
    cache.put("b", now + 60, 2)
    cache.put("c", now + 60, 3)
    assert cache.get("a") is None  # the least recently used went
    assert (cache.get("b"), cache.get("c")) == (2, 3)
    cache.put("d", now - 1, 4)
    assert cache.get("d") is None


def test_our_tokens_skip_the_header_peek_and_a_bad_one_is_still_refused(
    app, client, auth, users, build_exam, monkeypatch
):
    """security.OWN_HEADER is the header tokens.py issues: such a token goes straight to the
    full verification (one decode, not two); one altered behind that header is still 401."""
    import jwt

    from online_exam.auth import security

    token = auth["student"]["Authorization"].removeprefix("Bearer ")
    assert token.startswith(security.OWN_HEADER)
    peeked = []
    real = jwt.get_unverified_header
    monkeypatch.setattr(jwt, "get_unverified_header", lambda t: peeked.append(t) or real(t))
    exam = build_exam(users["author"], time_limit_minutes=10)
    assert client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).status_code == 201
    assert peeked == []
    head, payload, signature = token.split(".")
    for altered in (f"{head}.{payload}.x{signature}", f"{head}.!.{signature}", f"{head}."):
        r = client.get("/api/auth/me", headers={"Authorization": f"Bearer {altered}"})
        assert r.status_code == 401, altered
        assert r.json["error"]["message"] == "The access token is invalid."
    assert peeked == []
