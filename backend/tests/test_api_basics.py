"""Cross-cutting API behaviour: the error shape, limits, headers, docs, health, SPA, config."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_migrate import upgrade

from online_exam import create_app
from online_exam.config import ConfigError, load_config

from .conftest import PASSWORD


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.json["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert error["code"] == code
    assert error["message"]
    assert isinstance(error["details"], dict)
    return error


@pytest.fixture
def make_app(tmp_path):
    """A separate app on its own SQLite file, for tests that need other settings."""

    def make(**overrides):
        config = {
            "APP_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "another-test-secret-that-is-long-enough",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.sqlite3'}",
            "RATELIMIT_ENABLED": False,
            "SPA_DIST": str(tmp_path / "no-spa"),
        }
        config.update(overrides)
        app = create_app(config)
        with app.app_context():
            upgrade()
        return app

    return make


def test_unknown_api_route_is_a_json_404(client):
    assert_error_shape(client.get("/api/no-such-thing"), 404, "not_found")
    assert_error_shape(client.get("/api"), 404, "not_found")


def test_wrong_method_is_a_json_405_with_allow(client):
    error_response = client.delete("/api/auth/login")
    assert_error_shape(error_response, 405, "method_not_allowed")
    assert "POST" in error_response.headers["Allow"]


def test_malformed_json_is_400(client):
    r = client.post("/api/auth/login", data="{not json", content_type="application/json")
    error = assert_error_shape(r, 400, "bad_request")
    assert error["details"] == {"json": ["Invalid JSON body."]}


@pytest.mark.parametrize("body", [[1, 2], "text", 42, None])
def test_json_that_is_not_an_object_is_422(client, body):
    r = client.post("/api/auth/login", json=body)
    assert_error_shape(r, 422, "validation_error")


def test_body_over_the_limit_is_413(client):
    r = client.post(
        "/api/auth/login", data=b"x" * (1024 * 1024 + 1), content_type="application/json"
    )
    assert_error_shape(r, 413, "payload_too_large")


def test_unexpected_exception_is_a_json_500_without_internals(make_app):
    app = make_app()

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals")

    r = app.test_client().get("/api/boom")
    error = assert_error_shape(r, 500, "internal_error")
    assert "secret" not in r.get_data(as_text=True)
    assert error["details"] == {}


def test_health_checks_the_database(client, on_postgres):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json == {"status": "ok", "database": "postgresql" if on_postgres else "sqlite"}


def test_health_is_503_when_the_database_is_down(tmp_path):
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite3'}",
        }
    )
    assert_error_shape(app.test_client().get("/api/health"), 503, "service_unavailable")


def test_sign_in_is_rate_limited_per_account_with_retry_after(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT_PER_ACCOUNT="3 per minute")
    client = app.test_client()
    body = {"email": "victim@example.com", "password": "wrong password"}
    statuses = [client.post("/api/auth/login", json=body).status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    r = client.post("/api/auth/login", json=body)
    error = assert_error_shape(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert error["details"]["retry_after_seconds"] == int(r.headers["Retry-After"])
    # Another account from the same address is not locked out by the victim's limit.
    other = {"email": "someone@example.com", "password": "wrong password"}
    assert client.post("/api/auth/login", json=other).status_code == 401


def test_sign_in_is_rate_limited_per_ip(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT_PER_IP="2 per minute")
    client = app.test_client()
    for n in range(2):
        body = {"email": f"user{n}@example.com", "password": PASSWORD}
        assert client.post("/api/auth/login", json=body).status_code == 401
    r = client.post("/api/auth/login", json={"email": "x@example.com", "password": PASSWORD})
    assert_error_shape(r, 429, "rate_limited")


def test_security_headers_on_every_response(client):
    for path in ("/api/health", "/api/no-such-thing", "/", "/api/docs"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in client.get("/api/health").headers
    https = client.get("/api/health", base_url="https://localhost")
    assert https.headers["Strict-Transport-Security"].startswith("max-age=")


def test_cors_allows_only_configured_origins(make_app, client):
    assert (
        "Access-Control-Allow-Origin"
        not in client.get("/api/health", headers={"Origin": "https://evil.example"}).headers
    )
    app = make_app(CORS_ORIGINS=["https://exams.school.example"])
    other = app.test_client()
    ok = other.options("/api/auth/login", headers={"Origin": "https://exams.school.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://exams.school.example"
    assert "Authorization" in ok.headers["Access-Control-Allow-Headers"]
    refused = other.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_openapi_document_is_complete(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    error_ref = "#/components/schemas/ErrorOut"
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) >= 4
    for path, method, op in operations:
        assert path.startswith("/api/"), path
        assert op.get("summary"), f"{method} {path} has no summary"
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema["$ref"] == error_ref, f"{method} {path} {status}"
    copies = [name for name in spec["components"]["schemas"] if re.fullmatch(r".+\d", name)]
    assert copies == [], "duplicate schema components would become duplicate client types"
    me = spec["paths"]["/api/auth/me"]["get"]
    assert me["security"] == [{"BearerAuth": []}]
    assert "401" in me["responses"]


def test_api_docs_work_without_internet(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
    assert external == []
    for asset in re.findall(r"""(?:src|href)=["'](/api/docs/assets/[^"']+)""", html):
        assert client.get(asset).status_code == 200, asset


def test_spa_serves_files_and_falls_back_to_index_for_client_routes(make_app, tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<html>spa</html>")
    (dist / "main.js").write_text("console.log(1)")
    client = make_app(SPA_DIST=str(dist)).test_client()
    assert client.get("/").get_data(as_text=True) == "<html>spa</html>"
    assert client.get("/exams/3/take").get_data(as_text=True) == "<html>spa</html>"
    assert client.get("/main.js").get_data(as_text=True) == "console.log(1)"
    assert_error_shape(client.get("/api/exams/3/nothing-here"), 404, "not_found")


def test_landing_page_without_a_built_spa_links_to_the_docs(client):
    page = client.get("/exams/1")
    assert page.status_code == 200
    assert "/api/docs" in page.get_data(as_text=True)


def test_production_requires_a_strong_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        load_config(tmp_path, {"APP_ENV": "production"})
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="at least 32"):
        load_config(tmp_path, {"APP_ENV": "production"})


def test_production_mail_requires_the_public_origin_of_links(tmp_path, monkeypatch):
    # Without it, a mailed reset link would be built from the request's Host header.
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("SMTP_HOST", "mail.example.edu")
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL must be set"):
        load_config(tmp_path, {"APP_ENV": "production"})
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://exams.example.edu")
    assert load_config(tmp_path, {"APP_ENV": "production"})["PUBLIC_BASE_URL"] == (
        "https://exams.example.edu"
    )


def test_development_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(tmp_path)["SECRET_KEY"]
    assert len(first) >= 32
    assert load_config(tmp_path)["SECRET_KEY"] == first
    assert (Path(tmp_path) / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_defaults_to_sqlite_and_accepts_postgres_urls(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config(tmp_path)["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/exams")
    assert load_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/exams"


@pytest.mark.parametrize("bad_id", ["0", "-1", str(2**31), str(10**30), "1.5", "abc"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/exams/{}"),
        ("get", "/api/admin/users/{}"),
        ("get", "/api/attempts/{}"),
        ("patch", "/api/questions/{}"),
        ("patch", "/api/alternatives/{}"),
    ],
)
def test_ids_no_row_can_have_are_404_not_500(client, auth, method, path, bad_id):
    # On PostgreSQL an out-of-range integer would be a database error; it never gets that far.
    r = getattr(client, method)(path.format(bad_id), json={}, headers=auth["admin"])
    assert_error_shape(r, 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/exams", {"title": "a\u0000b"}),
        ("post", "/api/auth/login", {"email": "x@example.com", "password": "\u0000" * 12}),
        ("post", "/api/exams", {"title": "ok", "\u0000": 1}),
    ],
)
def test_nul_characters_in_json_are_422_on_every_database(client, auth, method, path, body):
    r = getattr(client, method)(path, json=body, headers=auth["author"])
    error = assert_error_shape(r, 422, "validation_error")
    assert "NUL" in error["message"]


def test_nul_characters_in_the_query_are_422(client):
    assert_error_shape(client.get("/api/exams?q=a%00b"), 422, "validation_error")


def test_absurdly_nested_json_is_400_not_500(client, auth):
    body = "[" * 100_000 + "]" * 100_000
    r = client.post(
        "/api/exams", data=body, content_type="application/json", headers=auth["author"]
    )
    assert_error_shape(r, 400, "bad_request")


def test_csp_lets_the_spa_talk_to_the_oidc_issuer(app, client):
    assert "connect-src 'self';" in client.get("/api/health").headers["Content-Security-Policy"]
    saved = app.config.get("OIDC_ISSUER")
    app.config["OIDC_ISSUER"] = "https://idp.example:8443/realms/exams"
    try:
        for path in ("/api/health", "/sign-in"):
            csp = client.get(path).headers["Content-Security-Policy"]
            assert "connect-src 'self' https://idp.example:8443;" in csp
            assert "form-action 'self';" in csp  # only connect-src is widened
    finally:
        app.config["OIDC_ISSUER"] = saved
