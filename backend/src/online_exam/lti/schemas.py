"""LTI payloads: platform registrations (admin), the tool's own URLs, tickets, deep linking."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import URL, DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import Length

from ..auth.schemas import TokenOut


def _url() -> URL:
    return URL(
        required=True, schemes={"http", "https"}, require_tld=False, validate=Length(max=500)
    )


class PlatformIn(Schema):
    name = String(required=True, validate=Length(1, 120))
    issuer = String(required=True, validate=Length(1, 255))
    client_id = String(required=True, validate=Length(1, 255))
    deployment_ids = List(String(validate=Length(1, 255)), required=True, validate=Length(1, 50))
    auth_login_url = _url()
    token_url = _url()
    jwks_url = _url()


class PlatformOut(Schema):
    id = Integer(required=True)
    name = String(required=True)
    issuer = String(required=True)
    client_id = String(required=True)
    deployment_ids = List(String(), required=True)
    auth_login_url = String(required=True)
    token_url = String(required=True)
    jwks_url = String(required=True)
    created_at = DateTime(required=True)


class PlatformListOut(Schema):
    items = List(Nested(PlatformOut), required=True)


class ToolOut(Schema):
    """What an admin enters on the platform's side."""

    login_url = String(required=True)
    launch_url = String(required=True)
    jwks_url = String(required=True)
    deep_linking_url = String(required=True)


class TicketIn(Schema):
    ticket = String(required=True, validate=Length(1, 200))


class LaunchTargetOut(Schema):
    kind = String(required=True, metadata={"description": "exam | deep_link"})
    course_id = Integer(required=True)
    exam_id = Integer(required=True, allow_none=True)
    deep_link = String(
        required=True,
        allow_none=True,
        metadata={"description": "Token for POST /api/lti/deep-link (kind deep_link)"},
    )


class TicketOut(TokenOut):
    target = Nested(LaunchTargetOut, required=True)


class DeepLinkIn(Schema):
    deep_link = String(required=True, validate=Length(1, 4000))
    exam_id = Integer(required=True)


class DeepLinkOut(Schema):
    return_url = String(required=True)
    jwt = String(required=True)


class RosterSyncOut(Schema):
    members = Integer(required=True)
    enrolled = Integer(required=True)
    teachers = Integer(required=True)
    removed = Integer(required=True)


class JwksOut(Schema):
    keys = List(Dict(), required=True)
