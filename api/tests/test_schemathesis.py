"""Schemathesis (from PyPI) against our own OpenAPI schema, in-process through the WSGI app.

For every operation it generates requests from the schema (valid and invalid), sends them with
a write token of a member who has something everywhere — requests of their own, requests in
their inbox, notifications — and checks that none is a server error and that every answer
matches the schema it documents. Path ids are often swapped for the member's real objects, so
the actions reach the services, not only the 404s. Few examples per operation, derandomized:
the same cases on every run, in well under a minute.
"""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.endpoints import requests as api_requests
from api.models import Scope
from api.tests.conftest import token_for
from conftest import make_channel, make_member, make_request
from contacts.services import contact_create, follow_up_create
from guanxi.ratelimit import Limit
from notifications.services import notify_member
from referrals.services import referral_ask_for_info, referral_refer

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

# The ids of the member's objects, for the hook below: set by the fixture of each test.
KNOWN: dict[str, list[int]] = {}


@schema.hook
def map_path_parameters(context, path_parameters):
    """Send most requests to an object of the member's, by the generated id's remainder."""
    if not path_parameters:
        return path_parameters
    path = context.operation.path if context.operation else ""
    for name, value in path_parameters.items():
        kind = f"{name}:{path.split('/')[2]}" if name == "request_id" else name
        known = KNOWN.get(kind, [])
        if isinstance(value, int) and known and value % 4 != 0:
            path_parameters[name] = known[value % len(known)]
        if name == "slug" and isinstance(value, str) and len(value) % 3 != 0:
            path_parameters[name] = "acme-semiconductor"
    return path_parameters


@schema.hook
def map_body(context, body):
    """Ask, most of the time, a referrer the member may ask."""
    known = KNOWN.get("channel_id", [])
    if isinstance(body, dict) and isinstance(body.get("channel_id"), int) and known:
        if body["channel_id"] % 4 != 0:
            body["channel_id"] = known[body["channel_id"] % len(known)]
    return body


@pytest.fixture
def _connection_kept():
    """The WSGI app closes "old" database connections around each request; inside a test's
    transaction that would close the test's own (on PostgreSQL), so keep it, as Django's test
    client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(_connection_kept, alice, bob, charlie, acme, settings, monkeypatch):
    """Mei: a seeker (requests to bob, some answered), a referrer (requests from alice and
    charlie), with notifications and contacts with follow-ups; her write token."""
    from companies.services import company_create

    settings.API_REQUESTS_PER_MINUTE = 100_000
    monkeypatch.setattr(api_requests, "ASK_ATTEMPTS_PER_HOUR", Limit("ask", 100_000, 3600))
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 100
    settings.REFERRAL_MAX_PER_DAY = 100
    mei = make_member("mei@example.com", "Mei Lin", language="zh-hant")
    mei_channel = make_channel(mei, acme, capacity=50)
    inbox = [make_request(alice, mei_channel).pk, make_request(charlie, mei_channel).pk]
    mine = []
    for i in range(3):
        company = company_create(name_en=f"Firm {i}", name_zh=f"公司{i}")
        channel = make_channel(
            bob if i == 0 else make_member(f"r{i}@example.com", f"R {i}"), company
        )
        referral = make_request(mei, channel, position_title=f"Role {i}")
        if i == 1:
            referral_ask_for_info(request=referral, referrer=channel.referrer, question="ID?")
        if i == 2:
            referral_refer(request=referral, referrer=channel.referrer)
        mine.append(referral.pk)
    for i in range(3):
        notify_member(recipient=mei, kind="event_rsvp", subject=f"Meetup {i}", url="/events/")
    contacts = [
        contact_create(owner=mei, name=name, company="Acme", cadence_days=30)
        for name in ["Grace Hsu", "許家豪", "Ada Chen"]
    ]
    follow_ups = [
        follow_up_create(owner=mei, contact=c, topic="The interview", due_on=date(2030, 1, 1))
        for c in contacts
    ]
    KNOWN.clear()
    KNOWN["request_id:requests"] = mine
    KNOWN["request_id:inbox"] = inbox
    KNOWN["notification_id"] = list(mei.notifications.values_list("pk", flat=True))
    KNOWN["contact_id"] = [c.pk for c in contacts]
    KNOWN["follow_up_id"] = [f.pk for f in follow_ups]
    KNOWN["channel_id"] = [
        make_channel(
            make_member(f"open{i}@example.com", f"Open {i}"), company_create(name_en=f"Open {i}")
        ).pk
        for i in range(3)
    ]
    return token_for(mei, Scope.WRITE)


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_to_its_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[
            not_a_server_error,
            response_schema_conformance,
            status_code_conformance,
            content_type_conformance,
        ],
    )
