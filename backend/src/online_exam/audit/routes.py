"""The audit trail, for admins."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from ..auth.security import ADMINS, auth
from . import service
from .schemas import AuditPageOut, AuditQuery

bp = APIBlueprint("audit", __name__, url_prefix="/api/admin/audit", tag="Admin")


@bp.get("")
@bp.auth_required(auth, roles=ADMINS)
@bp.input(AuditQuery, location="query", arg_name="query")
@bp.output(AuditPageOut)
@bp.doc(summary="The audit trail, newest first", responses=[401, 403, 422])
def list_events(query: dict[str, Any]) -> Any:
    return service.list_events(**query)
