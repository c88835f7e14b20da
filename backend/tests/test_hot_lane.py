"""The hot lane (hot_lane.py): the common start, autosave and submit answered below Flask with
the same status, bytes and headers as Flask gives; everything else handed to Flask, which
answers exactly as before."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jwt
import pytest
from sqlalchemy import text

from online_exam import create_app
from online_exam.extensions import db
from online_exam.hot_lane import MAX_BODY, HotLane
from tests.test_fast_start import seeded  # noqa: F401 - a fixture
from tests.test_fast_submit import _reopen


def _lane(app: Any) -> HotLane:
    lane = app.wsgi_app
    while not isinstance(lane, HotLane):  # under ProxyFix when proxies are trusted
        lane = lane.app
    return lane


@contextmanager
def flask_answers(app: Any) -> Iterator[list[str]]:
    """The paths of the requests the lane handed to Flask meanwhile."""
    lane = _lane(app)
    inner, seen = lane.inner, []

    def counted(environ: dict[str, Any], start_response: Any) -> Any:
        seen.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    lane.inner = counted
    try:
        yield seen
    finally:
        lane.inner = inner


def _same(flask: Any, lane: Any) -> None:
    assert lane.status_code == flask.status_code
    assert lane.data == flask.data  # byte for byte (the clock is frozen)
    assert sorted(lane.headers.items()) == sorted(flask.headers.items())


def _single(view: dict[str, Any]) -> tuple[int, int]:
    """(id, a wrong alternative's id) of the attempt's single-choice question."""
    question = next(q for q in view["questions"] if q["type"] == "single")
    return question["id"], question["alternatives"][-1]["id"]


def _started(client: Any, exam_id: int, headers: dict[str, str]) -> dict[str, Any]:
    r = client.post(f"/api/exams/{exam_id}/attempts", headers=headers)
    assert r.status_code == 201, r.json
    return dict(r.json)


def _save_one(client: Any, view: dict[str, Any], headers: dict[str, str]) -> Any:
    """Autosave a wrong choice to the attempt's single-choice question (seq 1)."""
    question_id, alternative_id = _single(view)
    return client.put(
        f"/api/attempts/{view['id']}/responses/{question_id}",
        json={"selected_ids": [alternative_id], "seq": 1},
        headers=headers,
    )


def _execute(app: Any, statement: str, **params: Any) -> None:
    with app.app_context():
        db.session.execute(text(statement), params)
        db.session.commit()


@pytest.fixture
def exam(users, build_exam):
    return build_exam(users["author"], time_limit_minutes=30, review_policy="immediately")


def _compare(app: Any, monkeypatch: Any, send: Any, undo: Any) -> None:
    """send() by Flask, undo what it wrote, send() again by the lane: the same answer."""
    monkeypatch.setitem(app.config, "HOT_LANE", False)
    with flask_answers(app) as handed:
        by_flask = send()
    assert len(handed) == 1
    undo(by_flask)
    monkeypatch.setitem(app.config, "HOT_LANE", True)
    with flask_answers(app) as handed:
        by_lane = send()
    assert handed == []  # the lane answered
    _same(by_flask, by_lane)


pg = pytest.mark.postgres


@pg
def test_a_start_answers_as_flask(app, client, auth, exam, attempt_clock, seeded, monkeypatch):  # noqa: F811
    def send() -> Any:
        return client.post(f"/api/exams/{exam.id}/attempts", json={}, headers=auth["student"])

    def undo(response: Any) -> None:  # the same id again for the next start
        _execute(app, "DELETE FROM attempts WHERE id = :id", id=response.json["id"])
        _execute(
            app,
            "SELECT setval(pg_get_serial_sequence('attempts', 'id'), :id, false)",
            id=response.json["id"],
        )

    _compare(app, monkeypatch, send, undo)


@pg
def test_an_autosave_answers_as_flask(app, client, auth, exam, attempt_clock, monkeypatch):
    view = _started(client, exam.id, auth["student"])
    question_id, alternative_id = _single(view)
    path = f"/api/attempts/{view['id']}/responses/{question_id}"

    def send() -> Any:
        body = {"selected_ids": [alternative_id], "seq": 3}
        return client.put(path, json=body, headers=auth["student"])

    def undo(_: Any) -> None:
        _execute(app, "DELETE FROM responses WHERE attempt_id = :a", a=view["id"])

    _compare(app, monkeypatch, send, undo)


@pg
def test_a_submit_answers_as_flask(app, client, auth, exam, attempt_clock, monkeypatch):
    view = _started(client, exam.id, auth["student"])
    assert _save_one(client, view, auth["student"]).status_code == 200

    def send() -> Any:
        path = f"/api/attempts/{view['id']}/submit"
        return client.post(path, json={"responses": []}, headers=auth["student"])

    _compare(app, monkeypatch, send, lambda _: _reopen(app, view["id"]))
    result = client.get(f"/api/attempts/{view['id']}", headers=auth["student"]).json["result"]
    assert result["review"][0]["answer"] is not None or result["review"][1]["answer"] is not None


@pg
def test_cors_and_https_headers_as_flask(app, client, auth, exam, attempt_clock, monkeypatch):
    """Behind a trusted proxy (the scheme from X-Forwarded-Proto) and from an allowed origin:
    HSTS and the CORS headers, as Flask sets them."""
    proxied = create_app(
        {
            **{k: app.config[k] for k in ("APP_ENV", "TESTING", "SECRET_KEY", "SPA_DIST")},
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": False,
            "CORS_ORIGINS": ["https://exams.school.example"],
            "TRUSTED_PROXY_HOPS": 1,
        }
    )
    other = proxied.test_client()
    view = _started(client, exam.id, auth["student"])
    question_id, alternative_id = _single(view)
    headers = {
        **auth["student"],
        "Origin": "https://exams.school.example",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "203.0.113.9",
    }

    def send() -> Any:
        path = f"/api/attempts/{view['id']}/responses/{question_id}"
        return other.put(path, json={"selected_ids": [alternative_id], "seq": 2}, headers=headers)

    def undo(_: Any) -> None:
        _execute(app, "DELETE FROM responses WHERE attempt_id = :a", a=view["id"])

    try:
        _compare(proxied, monkeypatch, send, undo)
        answer = send()
        assert answer.headers["Access-Control-Allow-Origin"] == "https://exams.school.example"
        assert "Strict-Transport-Security" in answer.headers
    finally:
        with proxied.app_context():
            db.engine.dispose()


def _token_not_ours(headers: dict[str, str]) -> dict[str, str]:
    token = jwt.encode({"sub": "1"}, "another-secret-" + "x" * 64, algorithm="HS512")
    return {"Authorization": f"Bearer {token}"}


def _tampered(headers: dict[str, str]) -> dict[str, str]:
    value = headers["Authorization"]
    return {"Authorization": value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB")}


# (case, how the autosave is sent: (path suffix, body or raw text, content type, headers), status)
SAVE_CASES = {
    "a query string": ("?x=1", None, None, None, 200),
    "no token": ("", None, None, lambda h: {}, 401),
    "a tampered token": ("", None, None, _tampered, 401),
    "a token not ours": ("", None, None, _token_not_ours, 401),
    "an unknown field": ("", {"seq": 5, "colour": "red"}, None, None, 422),
    "a lone surrogate": ("", '{"text": "\\ud800", "seq": 5}', None, None, 422),
    "a NUL": ("", '{"text": "a\\u0000b", "seq": 5}', None, None, 422),
    "nested too deep": ("", '{"seq": 5, "x": ' + "[" * 80 + "]" * 80 + "}", None, None, 400),
    "not JSON": ("", "seq=5", "application/x-www-form-urlencoded", None, 422),
    "a body over the lane's size": ("", {"text": "é" * MAX_BODY, "seq": 5}, None, None, 422),
    "a seq as text": ("", {"selected_ids": [], "seq": "5"}, None, None, 422),
}


@pg
@pytest.mark.parametrize("case", SAVE_CASES)
def test_every_other_autosave_is_answered_by_flask(app, client, auth, exam, case):
    view = _started(client, exam.id, auth["student"])
    question_id, alternative_id = _single(view)
    suffix, body, content_type, headers_of, status = SAVE_CASES[case]
    headers = auth["student"] if headers_of is None else headers_of(auth["student"])
    path = f"/api/attempts/{view['id']}/responses/{question_id}{suffix}"
    if body is None:
        body = {"selected_ids": [alternative_id], "seq": 5}
    raw = body if isinstance(body, str) else None
    with flask_answers(app) as handed:
        if raw is None:
            r = client.put(path, json=body, headers=headers)
        else:
            ctype = content_type or "application/json"
            r = client.put(path, data=raw, content_type=ctype, headers=headers)
    assert handed == [f"/api/attempts/{view['id']}/responses/{question_id}"]
    assert r.status_code == status, r.json
    if status >= 400:
        assert set(r.json["error"]) == {"status", "code", "message", "details"}


@pg
def test_refusals_are_flasks(app, client, auth, users, exam, make_user, token_for):
    view = _started(client, exam.id, auth["student"])
    question_id, alternative_id = _single(view)
    path = f"/api/attempts/{view['id']}/responses/{question_id}"
    body = {"selected_ids": [alternative_id], "seq": 1}
    stranger = token_for(make_user("student"))
    with flask_answers(app) as handed:
        assert client.put(path, json=body, headers=stranger).status_code == 404
        assert client.put(path, json=body, headers=auth["author"]).status_code == 403
    assert len(handed) == 2
    submit = f"/api/attempts/{view['id']}/submit"
    assert client.post(submit, json={}, headers=auth["student"]).status_code == 200
    with flask_answers(app) as handed:
        assert client.put(path, json=body, headers=auth["student"]).status_code == 409
        again = client.post(submit, json={}, headers=auth["student"])  # a repeat: Flask's
    assert (again.status_code, len(handed)) == (200, 2)
    _execute(app, "UPDATE users SET is_active = false WHERE id = :u", u=users["student"].id)
    with flask_answers(app) as handed:
        gone = client.post(f"/api/exams/{exam.id}/attempts", json={}, headers=auth["student"])
    assert (gone.status_code, gone.json["error"]["code"], len(handed)) == (401, "unauthorized", 1)


@pg
def test_a_chunked_body_is_flasks(client, auth, exam, app, make_user, token_for):
    _started(client, exam.id, token_for(make_user("student")))  # the exam's questions cached
    with flask_answers(app) as handed:
        chunked = client.post(  # no length: sent chunked (the server ends the stream)
            f"/api/exams/{exam.id}/attempts",
            input_stream=io.BytesIO(b'{"note": "\\ud800"}'),
            content_type="application/json",
            headers={**auth["student"], "Transfer-Encoding": "chunked"},
            environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
        )
    assert len(handed) == 1
    assert chunked.status_code == 422  # input_guard read the body the lane could not measure


@pg
def test_a_start_with_a_body_and_a_resume_are_flasks(client, auth, exam, app):
    with flask_answers(app) as handed:
        first = client.post(
            f"/api/exams/{exam.id}/attempts", json={"note": "x"}, headers=auth["student"]
        )
        resumed = client.post(f"/api/exams/{exam.id}/attempts", json={}, headers=auth["student"])
    assert (first.status_code, resumed.status_code, len(handed)) == (201, 200, 2)
    assert resumed.json["id"] == first.json["id"]


@pg
def test_final_answers_in_a_submit_are_flasks(client, auth, exam, app):
    view = _started(client, exam.id, auth["student"])
    question_id, alternative_id = _single(view)
    final = [{"question_id": question_id, "selected_ids": [alternative_id], "seq": 1}]
    with flask_answers(app) as handed:
        r = client.post(
            f"/api/attempts/{view['id']}/submit",
            json={"responses": final},
            headers=auth["student"],
        )
    assert (r.status_code, r.json["state"], len(handed)) == (200, "submitted", 1)
    review = {item["id"]: item for item in r.json["result"]["review"]}
    assert review[question_id]["answer"]["selected_ids"] == [alternative_id]


@pg
def test_an_error_after_the_write_is_answered_by_flask(
    app, client, auth, users, exam, caplog, make_user, token_for
):
    _started(client, exam.id, token_for(make_user("student")))  # the exam's questions cached

    def broken(name: str) -> Any:
        raise RuntimeError("a bug in the lane")

    lane = _lane(app)
    with pytest.MonkeyPatch.context() as patch, caplog.at_level(logging.ERROR):
        patch.setattr(lane, "_schema", broken)
        with flask_answers(app) as handed:
            r = client.post(f"/api/exams/{exam.id}/attempts", json={}, headers=auth["student"])
    # The lane wrote the attempt, then failed: Flask resumes it (nothing lost, nothing twice).
    assert (r.status_code, len(handed)) == (200, 1)
    assert "a bug in the lane" in caplog.text
    with app.app_context():
        count = db.session.scalar(
            text("SELECT count(*) FROM attempts WHERE exam_id = :e AND user_id = :u"),
            {"e": exam.id, "u": users["student"].id},
        )
    assert count == 1


def test_on_sqlite_flask_answers_everything(
    app, client, auth, exam, on_postgres, make_user, token_for
):
    _started(client, exam.id, token_for(make_user("student")))  # the exam's questions cached
    with flask_answers(app) as handed:
        view = _started(client, exam.id, auth["student"])
        r = _save_one(client, view, auth["student"])
    assert r.status_code == 200
    # The fast paths need PostgreSQL: there the lane answers both; elsewhere Flask does.
    assert len(handed) == (0 if on_postgres else 2)
