"""Tokens for the people of the root conftest (alice, bob, charlie, dana, staff)."""

import pytest

from api.models import Scope
from api.services import access_token_create


def token_for(member, scope: str = Scope.WRITE) -> str:
    """A new token of ``member``'s: the token itself (what a client sends)."""
    return access_token_create(member=member, name=f"{scope} token", scope=scope)[1]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def api_client(client):
    """The test client, with ``get``/``post`` that send a token (``token=``) and JSON bodies."""

    class ApiClient:
        def get(self, url, token=None, **extra):
            return client.get(url, **(bearer(token) if token else {}), **extra)

        def post(self, url, data=None, token=None, **extra):
            return self._send(client.post, url, data, token, extra)

        def post_form(self, url, data=None, token=None, **extra):
            """A multipart/form-data POST (files as uploaded files)."""
            return client.post(url, data=data or {}, **(bearer(token) if token else {}), **extra)

        def put(self, url, data=None, token=None, **extra):
            return self._send(client.put, url, data, token, extra)

        def delete(self, url, data=None, token=None, **extra):
            return self._send(client.delete, url, data, token, extra)

        @staticmethod
        def _send(method, url, data, token, extra):
            return method(
                url,
                data=data if data is not None else {},
                content_type="application/json",
                **(bearer(token) if token else {}),
                **extra,
            )

    return ApiClient()
