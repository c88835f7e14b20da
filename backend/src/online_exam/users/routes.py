"""Admin endpoints for accounts."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from ..auth.security import ADMINS, auth, current_user
from . import service
from .schemas import UserAdminOut, UserPageOut, UserPatchIn, UserQuery

bp = APIBlueprint("users", __name__, url_prefix="/api/admin/users", tag="Admin")


@bp.get("")
@bp.auth_required(auth, roles=ADMINS)
@bp.input(UserQuery, location="query", arg_name="query")
@bp.output(UserPageOut)
@bp.doc(summary="List and search accounts", responses=[401, 403, 422])
def list_users(query: dict[str, Any]) -> Any:
    return service.list_users(**query)


@bp.get("/<int:user_id>")
@bp.auth_required(auth, roles=ADMINS)
@bp.output(UserAdminOut)
@bp.doc(summary="One account", responses=[401, 403, 404])
def get_user(user_id: int) -> Any:
    return service.get_user(user_id)


@bp.patch("/<int:user_id>")
@bp.auth_required(auth, roles=ADMINS)
@bp.input(UserPatchIn, arg_name="changes")
@bp.output(UserAdminOut)
@bp.doc(
    summary="Change an account's role, name or active flag", responses=[401, 403, 404, 409, 422]
)
def update_user(user_id: int, changes: dict[str, Any]) -> Any:
    return service.update_user(current_user(), user_id, changes)
