"""A real, local LTI 1.3 platform for the tests: its own RSA key, a JWKS endpoint, signed
id_tokens, an OAuth 2 token endpoint that checks the tool's signed client assertion, AGS line
items and scores, and an NRPS roster. It can be stopped and started again on the same port
(a platform outage)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
CLIENT_ID = "online-exam-tool"
DEPLOYMENT_ID = "deployment-1"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


class Platform:
    def __init__(self, tool_jwks: Callable[[], dict[str, Any]] | None = None) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "platform-key-1"
        self.tool_jwks = tool_jwks  # how the platform reads the tool's published keys
        self.scores: list[dict[str, Any]] = []
        self.line_items: dict[str, dict[str, Any]] = {}
        self.members: list[dict[str, Any]] = []
        self.tokens: set[str] = set()
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.start()

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                platform._handle(self, "GET")

            def do_POST(self) -> None:
                platform._handle(self, "POST")

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return self.url

    def registration(self) -> dict[str, Any]:
        return {
            "name": "Test platform",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "deployment_ids": [DEPLOYMENT_ID],
            "auth_login_url": self.url + "/auth",
            "token_url": self.url + "/token",
            "jwks_url": self.url + "/jwks",
        }

    # ------------------------------------------------------------------ messages
    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(
        self,
        nonce: str,
        sub: str = "student-1",
        roles: list[str] | None = None,
        message_type: str = "LtiResourceLinkRequest",
        context_id: str = "course-1",
        resource_link_id: str = "link-1",
        custom: dict[str, str] | None = None,
        key: Any = None,
        expires_in: int = 300,
        **extra: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": sub,
            "iat": now,
            "exp": now + expires_in,
            "nonce": nonce,
            "name": f"Person {sub}",
            "email": f"{sub}@platform.example",
            LTI + "message_type": message_type,
            LTI + "version": "1.3.0",
            LTI + "deployment_id": DEPLOYMENT_ID,
            LTI + "roles": roles if roles is not None else [LEARNER],
            LTI + "context": {"id": context_id, "title": "Physics 101", "label": "PHY101"},
            LTI + "resource_link": {"id": resource_link_id},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                ],
                "lineitems": self.url + f"/contexts/{context_id}/lineitems",
            },
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.url + f"/contexts/{context_id}/memberships",
                "service_versions": ["2.0"],
            },
        }
        if custom:
            claims[LTI + "custom"] = custom
        if message_type == "LtiDeepLinkingRequest":
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": self.url + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "data": "opaque-platform-data",
            }
        claims.update(extra)
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def verify_tool_message(self, token: str, audience: str) -> dict[str, Any]:
        """Check a JWT the tool signed (client assertion, deep-linking response)."""
        assert self.tool_jwks is not None
        kid = jwt.get_unverified_header(token)["kid"]
        jwk = next(k for k in self.tool_jwks()["keys"] if k["kid"] == kid)
        return jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"], audience=audience)

    # ------------------------------------------------------------------ HTTP
    def _reply(self, handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _authorized(self, handler: BaseHTTPRequestHandler) -> bool:
        header = handler.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.tokens

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        path = parts.path
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        self.requests.append(f"{method} {path}")
        if method == "GET" and path == "/jwks":
            return self._reply(handler, 200, self.jwks())
        if method == "POST" and path == "/token":
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            try:
                claims = self.verify_tool_message(form["client_assertion"], self.url + "/token")
                assert claims["iss"] == CLIENT_ID
                assert claims["sub"] == CLIENT_ID
                assert form["grant_type"] == "client_credentials"
            except Exception as error:
                return self._reply(handler, 401, {"error": "invalid_client", "detail": str(error)})
            token = uuid.uuid4().hex
            self.tokens.add(token)
            return self._reply(
                handler,
                200,
                {
                    "access_token": token,
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "scope": form.get("scope", ""),
                },
            )
        if not self._authorized(handler):
            return self._reply(handler, 401, {"error": "unauthorized"})
        if method == "POST" and path.endswith("/lineitems"):
            body = json.loads(raw)
            item_id = f"{self.url}{path}/{len(self.line_items) + 1}"
            self.line_items[item_id] = {**body, "id": item_id}
            return self._reply(handler, 201, self.line_items[item_id])
        if method == "POST" and path.endswith("/scores"):
            assert handler.headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"
            lineitem = self.url + path[: -len("/scores")]
            self.scores.append({**json.loads(raw), "lineitem": lineitem})
            return self._reply(handler, 200, {})
        if method == "GET" and path.endswith("/memberships"):
            return self._reply(handler, 200, {"id": handler.path, "members": self.members})
        return self._reply(handler, 404, {"error": "not found"})
