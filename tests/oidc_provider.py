"""A small OpenID Connect provider for tests, standing in for LinkedIn: no network.

It runs an ``http.server`` in a thread on a free 127.0.0.1 port and serves what allauth's
OpenID Connect provider asks of LinkedIn, at LinkedIn's paths under an issuer that, like
LinkedIn's (https://www.linkedin.com/oauth), has a path:

- ``/oauth/.well-known/openid-configuration``: the discovery document;
- ``/oauth/v2/authorization``: checks the client and the request and sends the browser back to
  ``redirect_uri`` with a one-time ``code`` and the ``state`` it was given (or ``error`` when the
  person "cancels");
- ``/oauth/v2/accessToken``: a POST with the client's secret and the code, answered with an
  access token and an ``id_token`` signed RS256 with a key made at start;
- ``/v2/userinfo``: the person's claims, for that access token;
- ``/oauth/openid/jwks``: the public key.

Each test sets who signs in (``provider.person(sub=..., email=..., email_verified=..., name=...)``)
and may spoil what comes back (``id_token_claims``, ``sign_with_other_key``, ``down``,
``cancel``). What
the relying party sent is kept in ``provider.seen`` (path → list of parameters).
"""

import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "guanxi-test-client"
CLIENT_SECRET = "guanxi-test-secret"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class OIDCProvider:
    def __init__(self):
        self.key = _new_key()
        self.other_key = _new_key()  # signs a tampered id_token
        self.kid = "test-key-1"
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.issuer = f"{self.base}/oauth"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.reset()

    # --- what a test sets --------------------------------------------------------------------

    def reset(self):
        self.claims = {}
        self.id_token_claims = {}  # replace or add claims in the id_token only
        self.sign_with_other_key = False
        self.down = False  # every endpoint answers 503
        self.cancel = False  # the person says no: back with error=access_denied
        self.codes = {}  # code -> (claims, redirect_uri)
        self.tokens = {}  # access token -> claims
        self.seen = {}
        self.person()

    def person(
        self,
        *,
        sub="linkedin-sub-1",
        email="mei@example.com",
        email_verified=True,
        name="Mei Lin",
        given_name="Mei",
        family_name="Lin",
    ):
        """Who is signed in at the provider; ``None`` leaves a claim out."""
        claims = {
            "sub": sub,
            "email": email,
            "email_verified": email_verified,
            "name": name,
            "given_name": given_name,
            "family_name": family_name,
            "locale": {"country": "TW", "language": "zh"},
            "picture": f"{self.base}/picture/{sub}.jpg",
        }
        self.claims = {k: v for k, v in claims.items() if v is not None}

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # --- the browser's part ------------------------------------------------------------------

    def authorize(self, url: str) -> str:
        """Open the authorization URL as the browser would, and return where the provider
        sends the browser back (the relying party's callback, with code and state)."""

        class _Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(_Stay)
        try:
            opener.open(url, timeout=5)
        except urllib.error.HTTPError as answer:
            if answer.code == 302:
                return answer.headers["Location"]
            raise
        raise AssertionError("the provider did not redirect")

    # --- the provider --------------------------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/v2/authorization",
            "token_endpoint": f"{self.issuer}/v2/accessToken",
            "userinfo_endpoint": f"{self.base}/v2/userinfo",
            "jwks_uri": f"{self.issuer}/openid/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "claims_supported": list(self.claims),
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, claims: dict) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 3600,
            **claims,
            **self.id_token_claims,
        }
        key = self.other_key if self.sign_with_other_key else self.key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})

    def _authorization(self, params: dict):
        """(status, headers, body) for the authorization endpoint."""
        redirect_uri = params.get("redirect_uri", "")
        if (
            params.get("client_id") != CLIENT_ID
            or params.get("response_type") != "code"
            or "openid" not in params.get("scope", "").split()
            or not redirect_uri
        ):
            return 400, {}, {"error": "invalid_request"}
        back = {"state": params["state"]} if "state" in params else {}
        if self.cancel:
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = (dict(self.claims), redirect_uri)
            back["code"] = code
        return 302, {"Location": f"{redirect_uri}?{urlencode(back)}"}, None

    def _token(self, form: dict):
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {}, {"error": "invalid_client"}
        code = form.get("code", "")
        claims, redirect_uri = self.codes.pop(code, (None, None))  # a code works once
        if (
            claims is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != redirect_uri
        ):
            return 400, {}, {"error": "invalid_grant"}
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = claims
        id_claims = {k: v for k, v in claims.items() if k not in {"locale", "picture"}}
        body = {
            "access_token": access_token,
            "expires_in": 5183999,
            "scope": "email,openid,profile",
            "token_type": "Bearer",
            "id_token": self.id_token(id_claims),
        }
        return 200, {}, body

    def _userinfo(self, authorization: str):
        claims = self.tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {}, {"error": "invalid_token"}
        return 200, {}, claims

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                data = b"" if body is None else json.dumps(body).encode()
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _record(self, path, params):
                provider.seen.setdefault(path, []).append(params)

            def do_GET(self):
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                self._record(parts.path, params)
                if provider.down:
                    return self._answer(503, {}, {"error": "temporarily_unavailable"})
                if parts.path == "/oauth/.well-known/openid-configuration":
                    return self._answer(200, {}, provider.discovery())
                if parts.path == "/oauth/openid/jwks":
                    return self._answer(200, {}, provider.jwks())
                if parts.path == "/oauth/v2/authorization":
                    return self._answer(*provider._authorization(params))
                if parts.path == "/v2/userinfo":
                    return self._answer(*provider._userinfo(self.headers.get("Authorization", "")))
                return self._answer(404, {}, {"error": "not_found"})

            def do_POST(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                self._record(parts.path, form)
                if provider.down:
                    return self._answer(503, {}, {"error": "temporarily_unavailable"})
                if parts.path == "/oauth/v2/accessToken":
                    return self._answer(*provider._token(form))
                return self._answer(404, {}, {"error": "not_found"})

        return Handler


def linkedin_settings(server_url: str) -> dict:
    """``SOCIALACCOUNT_PROVIDERS`` as guanxi/settings.py makes it with LinkedIn on, pointed at
    ``server_url`` (a test provider's issuer)."""
    from django.conf import settings

    providers = json.loads(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))
    providers["openid_connect"]["APPS"] = [
        {
            "provider_id": "linkedin",
            "name": "LinkedIn",
            "client_id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "settings": {"server_url": server_url, "token_auth_method": "client_secret_post"},
        }
    ]
    return providers
