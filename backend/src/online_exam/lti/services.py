"""Calls to a platform's LTI Advantage services: an OAuth 2 access token (client credentials
with a JWT signed by our key), then AGS line items and scores, NRPS memberships."""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from . import claims, http, keys
from .models import LtiPlatform


def access_token(platform: LtiPlatform, scopes: list[str]) -> str:
    now = int(time.time())
    assertion = keys.sign(
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.token_url,
            "iat": now,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
        }
    )
    answer, _ = http.request_json(
        "POST",
        platform.token_url,
        form={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
            "scope": " ".join(scopes),
        },
    )
    if not isinstance(answer, dict) or not answer.get("access_token"):
        raise http.PlatformError("the token endpoint returned no access_token")
    return str(answer["access_token"])


def _bearer(token: str, content_type: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    return headers


def create_line_item(
    platform: LtiPlatform, lineitems_url: str, label: str, maximum: float, resource_link_id: str
) -> str:
    token = access_token(platform, [claims.SCOPE_LINEITEM])
    answer, _ = http.request_json(
        "POST",
        lineitems_url,
        body={
            "scoreMaximum": maximum,
            "label": label,
            "resourceLinkId": resource_link_id,
        },
        headers=_bearer(token, "application/vnd.ims.lis.v2.lineitem+json"),
    )
    if not isinstance(answer, dict) or not answer.get("id"):
        raise http.PlatformError("the platform created no line item")
    return str(answer["id"])


def scores_url(lineitem_url: str) -> str:
    """`{lineitem}/scores`, keeping any query string where it belongs."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def post_score(platform: LtiPlatform, lineitem_url: str, score: dict[str, Any]) -> None:
    token = access_token(platform, [claims.SCOPE_SCORE])
    http.request_json(
        "POST",
        scores_url(lineitem_url),
        body=score,
        headers=_bearer(token, "application/vnd.ims.lis.v1.score+json"),
    )


def members(platform: LtiPlatform, memberships_url: str) -> list[dict[str, Any]]:
    """Every member of the context, following `Link: rel="next"` pages."""
    token = access_token(platform, [claims.SCOPE_MEMBERSHIPS])
    found: list[dict[str, Any]] = []
    url: str | None = memberships_url
    pages = 0
    while url and pages < 100:
        answer, headers = http.request_json(
            "GET",
            url,
            headers={
                **_bearer(token),
                "Accept": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
            },
        )
        if isinstance(answer, dict) and isinstance(answer.get("members"), list):
            found.extend(m for m in answer["members"] if isinstance(m, dict))
        url = _next_link(headers.get("Link") or headers.get("link") or "")
        pages += 1
    return found


def _next_link(header: str) -> str | None:
    for part in header.split(","):
        if 'rel="next"' in part and "<" in part and ">" in part:
            return part[part.index("<") + 1 : part.index(">")]
    return None
