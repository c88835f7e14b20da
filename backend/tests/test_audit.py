"""The audit trail records who changed what, and only admins read it."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD


@pytest.mark.parametrize(
    ("actor", "status"), [("anonymous", 401), ("student", 403), ("author", 403), ("admin", 200)]
)
def test_only_admins_read_the_audit_trail(client, auth, actor, status):
    assert client.get("/api/admin/audit", headers=auth[actor]).status_code == status


def test_registration_and_role_changes_are_recorded(client, auth, users):
    client.post(
        "/api/auth/register",
        json={"email": "new@example.com", "password": PASSWORD, "display_name": "New"},
    )
    client.patch(
        f"/api/admin/users/{users['student'].id}",
        json={"role": "author", "display_name": users["student"].display_name},
        headers=auth["admin"],
    )
    events = client.get("/api/admin/audit", headers=auth["admin"]).json["items"]
    latest = events[0]
    assert latest["action"] == "user.updated"
    assert latest["entity_type"] == "user"
    assert latest["entity_id"] == users["student"].id
    assert latest["actor"]["id"] == users["admin"].id
    # Only what really changed is recorded.
    assert latest["details"] == {"changes": {"role": ["student", "author"]}}
    # One event per registration, by the person who registered.
    registered = events[1]
    assert (registered["action"], registered["entity_type"]) == ("user.registered", "user")
    assert registered["actor"]["id"] == registered["entity_id"]
    assert len(events) == 2


def test_audit_trail_filters(client, auth, users):
    client.patch(
        f"/api/admin/users/{users['student'].id}", json={"role": "author"}, headers=auth["admin"]
    )
    client.patch(
        f"/api/admin/users/{users['author'].id}", json={"is_active": False}, headers=auth["admin"]
    )
    url = f"/api/admin/audit?entity_type=user&entity_id={users['author'].id}"
    items = client.get(url, headers=auth["admin"]).json["items"]
    assert [e["details"]["changes"] for e in items] == [{"is_active": [True, False]}]
    by_actor = client.get(
        f"/api/admin/audit?actor_id={users['admin'].id}", headers=auth["admin"]
    ).json
    assert by_actor["total"] == 2


def test_a_refused_change_leaves_no_audit_event(client, auth, users):
    r = client.patch(
        f"/api/admin/users/{users['admin'].id}", json={"role": "student"}, headers=auth["admin"]
    )
    assert r.status_code == 409
    assert client.get("/api/admin/audit", headers=auth["admin"]).json["total"] == 0
