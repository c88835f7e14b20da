"""Admin user management: list/search, change role, deactivate, last-admin protection."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("actor", "status"), [("anonymous", 401), ("student", 403), ("author", 403), ("admin", 200)]
)
def test_only_admins_manage_users(client, auth, users, actor, status):
    assert client.get("/api/admin/users", headers=auth[actor]).status_code == status
    r = client.patch(
        f"/api/admin/users/{users['student'].id}", json={"role": "author"}, headers=auth[actor]
    )
    assert r.status_code == status


def test_list_is_paginated_and_searchable(client, auth, users, make_user):
    make_user("student", email="grace.hopper@navy.example", name="Grace Hopper")
    r = client.get("/api/admin/users?per_page=2&page=1", headers=auth["admin"])
    assert r.status_code == 200
    assert r.json["total"] == 5
    assert [u["id"] for u in r.json["items"]] == [users["admin"].id, users["author"].id]
    assert r.json["page"] == 1
    assert r.json["per_page"] == 2
    found = client.get("/api/admin/users?q=HOPPER", headers=auth["admin"]).json
    assert [u["email"] for u in found["items"]] == ["grace.hopper@navy.example"]
    authors = client.get("/api/admin/users?role=author", headers=auth["admin"]).json
    assert {u["id"] for u in authors["items"]} == {users["author"].id, users["other_author"].id}
    assert "password_hash" not in r.get_data(as_text=True)


@pytest.mark.parametrize(
    "query", ["page=0", "per_page=1000", "role=superuser", "page=abc", "q=" + "x" * 201]
)
def test_bad_list_queries_are_422(client, auth, query):
    r = client.get(f"/api/admin/users?{query}", headers=auth["admin"])
    assert r.status_code == 422
    assert r.json["error"]["code"] == "validation_error"


def test_role_change_takes_effect_on_the_next_request(client, auth, users):
    student = users["student"]
    r = client.patch(
        f"/api/admin/users/{student.id}", json={"role": "author"}, headers=auth["admin"]
    )
    assert r.status_code == 200
    assert r.json["role"] == "author"
    assert client.get("/api/auth/me", headers=auth["student"]).json["role"] == "author"


def test_deactivated_users_tokens_stop_working(client, auth, users):
    r = client.patch(
        f"/api/admin/users/{users['student'].id}", json={"is_active": False}, headers=auth["admin"]
    )
    assert r.status_code == 200
    assert r.json["is_active"] is False
    assert client.get("/api/auth/me", headers=auth["student"]).status_code == 401


@pytest.mark.parametrize("change", [{"role": "student"}, {"is_active": False}])
def test_the_last_admin_cannot_be_removed(client, auth, users, change):
    r = client.patch(f"/api/admin/users/{users['admin'].id}", json=change, headers=auth["admin"])
    assert r.status_code == 409
    assert "last active admin" in r.json["error"]["message"]
    assert client.get("/api/auth/me", headers=auth["admin"]).json["role"] == "admin"


def test_an_admin_can_step_down_when_another_admin_exists(client, auth, users, make_user):
    make_user("admin")
    r = client.patch(
        f"/api/admin/users/{users['admin'].id}", json={"role": "author"}, headers=auth["admin"]
    )
    assert r.status_code == 200


@pytest.mark.parametrize(
    "body", [{"role": "root"}, {"is_active": "maybe"}, {"display_name": ""}, {"email": "x@y.z"}]
)
def test_bad_patches_are_422(client, auth, users, body):
    r = client.patch(f"/api/admin/users/{users['student'].id}", json=body, headers=auth["admin"])
    assert r.status_code == 422


@pytest.mark.parametrize("user_id", ["999999", "0", "-1", "abc"])
def test_unknown_users_are_404(client, auth, user_id):
    assert client.get(f"/api/admin/users/{user_id}", headers=auth["admin"]).status_code == 404
