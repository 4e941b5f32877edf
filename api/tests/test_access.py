"""Every API endpoint, requested by every kind of member, with every kind of token.

The roles of the pages' access test (tests/test_access_control.py): anonymous (no token), alice
(the seeker who owns the request), charlie (another member), bob (the referrer it is addressed
to), dana (another referrer at the same company) and staff (a moderator, who gets nothing more
through the API than through the pages). With a write token each gets what ``API_MATRIX`` says;
with a read token, the same on a read, and 403 where a write would have been allowed (another
member's object is still a 404: it is looked up before the scope is checked); with a revoked
token, 401. A new endpoint without an expectation makes ``test_every_operation_is_in_the_matrix``
fail.
"""

import pytest

from api.main import api
from api.models import Scope
from api.services import access_token_create, access_token_revoke
from api.tests.access import API_MATRIX, Multipart, add_contact
from api.tests.conftest import token_for
from conftest import make_request
from notifications.models import Notification
from tests.access_roles import ROLES


def _world(alice, bob, charlie, dana, staff, channel):
    referral = make_request(alice, channel)
    world = {
        "referral": referral,
        "channel": channel,
        "company": channel.company,
        "bob_notification": Notification.objects.get(recipient=bob),
        "people": {"alice": alice, "bob": bob, "charlie": charlie, "dana": dana, "staff": staff},
    }
    add_contact(world)
    return world


def _operations():
    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: method
        for path in schema["paths"].values()
        for method, operation in path.items()
    }


def _documented_media_types(name: str, status: int) -> set[str]:
    """What the schema says operation ``name`` answers with ``status``: JSON, or a file's type."""
    schema = api.get_openapi_schema()
    for path in schema["paths"].values():
        for operation in path.values():
            if operation["operationId"] == name:
                return set(operation["responses"][status].get("content", {}))
    raise KeyError(name)


def test_every_operation_is_in_the_matrix():
    operations = _operations()
    assert sorted(operations) == sorted(API_MATRIX)
    assert {name: API_MATRIX[name][0] for name in operations} == operations


@pytest.mark.parametrize("name", sorted(API_MATRIX))
def test_api_access(name, api_client, alice, bob, charlie, dana, staff, channel, dana_channel):
    world = _world(alice, bob, charlie, dana, staff, channel)
    method, build, body, expected, prepare = API_MATRIX[name]
    if prepare is not None:
        prepare(world)
    url = build(world)
    multipart = isinstance(body, Multipart)
    if multipart:
        method = "post_form"
    call = getattr(api_client, method)
    members = [role for role in ROLES if role != "anonymous"]
    tokens = {role: token_for(world["people"][role], Scope.WRITE) for role in members}
    read_tokens = {role: token_for(world["people"][role], Scope.READ) for role in members}
    old, revoked = access_token_create(member=alice, name="Old", scope=Scope.WRITE)
    access_token_revoke(token=old)

    def request(token):
        data = body.for_world(world) if multipart else body
        args = {"token": token} if data is None else {"data": data, "token": token}
        return call(url, **args)

    # Nothing is changed by these: no token, a revoked one, read tokens.
    assert request(None).status_code == 401
    assert request(revoked).status_code == 401
    read_seen = {role: request(read_tokens[role]).status_code for role in members}
    read_expected = {
        role: 403 if method != "get" and expected[role] != 404 else expected[role]
        for role in members
    }
    assert read_seen == read_expected, name

    # The owner goes last: an action (withdraw, decline) changes what the others would see.
    order = [r for r in members if expected[r] == 404] + [r for r in members if expected[r] != 404]
    seen = {"anonymous": request(None).status_code}
    for role in order:
        response = request(tokens[role])
        seen[role] = response.status_code
        if response.status_code != 204:
            media_type = response["Content-Type"].split(";")[0]
            assert media_type in _documented_media_types(name, response.status_code), (name, role)
    assert seen == expected, name
    assert 403 not in seen.values()
