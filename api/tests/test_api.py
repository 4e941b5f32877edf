"""What the API's endpoints answer: the pages' rules through the same services, errors as JSON in
the token owner's language, pages by cursor at a fixed number of queries, a rate limit per
token, no caching."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import Scope
from api.pagination import cursor_encode
from api.tests.conftest import token_for
from companies.services import company_create
from conftest import make_channel, make_member, make_request, pdf_upload
from contacts.services import contact_create, interaction_log
from guanxi.ratelimit import hit
from notifications.services import notify_member
from referrals.models import ReferralRequest
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_thank,
    referral_withdraw,
)
from referrals.views.seeker import ASK_ATTEMPTS_PER_HOUR
from resumes.models import Resume


@pytest.fixture(autouse=True)
def _room(settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 100
    settings.REFERRAL_MAX_PER_DAY = 100
    settings.API_REQUESTS_PER_MINUTE = 1000


def _seeker_requests(seeker, start: int, count: int):
    """``count`` requests by ``seeker`` at as many companies, in several states."""
    for i in range(start, start + count):
        company = company_create(name_en=f"Firm {i}", name_zh=f"公司{i}")
        referrer = make_member(f"referrer{i}@example.com", f"Referrer {i}")
        channel = make_channel(referrer, company)
        referral = make_request(seeker, channel, position_title=f"Role {i}")
        step = i % 4
        if step == 1:
            referral_refer(request=referral, referrer=referrer)
            referral_thank(request=referral, seeker=seeker, message="Thanks!")
        elif step == 2:
            referral_decline(request=referral, referrer=referrer, reason="no_opening")
        elif step == 3:
            referral_ask_for_info(request=referral, referrer=referrer, question="ID?")


def _inbox_requests(channel, start: int, count: int, *, closed: bool = False):
    """``count`` requests to ``channel``: open (some viewed, some waiting for the seeker), or
    decided (referred or declined)."""
    referrer = channel.referrer
    for i in range(start, start + count):
        seeker = make_member(f"seeker{i}@example.com", f"Seeker {i}")
        referral = make_request(seeker, channel, position_title=f"Role {i}")
        step = i % 3
        if closed and step == 2:
            referral_decline(request=referral, referrer=referrer, reason="level_mismatch")
        elif closed:
            referral_refer(request=referral, referrer=referrer)
        elif step == 1:
            referral_ask_for_info(request=referral, referrer=referrer, question="ID?")


def _notifications(member, start: int, count: int):
    for i in range(start, start + count):
        notify_member(recipient=member, kind="event_rsvp", subject=f"Meetup {i}", url="/events/")


def _companies(start: int, count: int):
    for i in range(start, start + count):
        company = company_create(name_en=f"Acme Branch {i}", name_zh=f"愛客美分公司{i}")
        referrer = make_member(f"branch{i}@example.com", f"Branch referrer {i}")
        make_channel(referrer, company)


def _contacts(member, start: int, count: int):
    for i in range(start, start + count):
        contact = contact_create(owner=member, name=f"Contact {i:02d}", company="Acme")
        if i % 2:
            interaction_log(
                owner=member,
                contact=contact,
                kind="coffee",
                occurred_at=timezone.now() - timedelta(days=i),
                topics="Visas",
            )


def _channels(member, start: int, count: int):
    for i in range(start, start + count):
        make_channel(member, company_create(name_en=f"Channel Firm {i}"))


def _walk(api_client, url, token, limit=2) -> list:
    """Every item of a list, page by page, following ``next``."""
    items, pages = [], 0
    url = f"{url}{'&' if '?' in url else '?'}limit={limit}"
    while url:
        response = api_client.get(url, token=token)
        assert response.status_code == 200, response.content
        data = response.json()
        assert len(data["items"]) <= limit
        items += data["items"]
        url, pages = data["next"], pages + 1
        assert pages < 50
    return items


# --- Pages by cursor -------------------------------------------------------------------------

LISTS = {
    # name: (who asks, url, make `count` rows from `start`, how to name an item)
    "requests": ("alice", "/api/requests", lambda w, s, n: _seeker_requests(w["alice"], s, n)),
    "inbox open": ("bob", "/api/inbox", lambda w, s, n: _inbox_requests(w["channel"], s, n)),
    "inbox closed": (
        "bob",
        "/api/inbox?state=closed",
        lambda w, s, n: _inbox_requests(w["channel"], s, n, closed=True),
    ),
    "notifications": ("bob", "/api/notifications", lambda w, s, n: _notifications(w["bob"], s, n)),
    "companies": ("alice", "/api/companies", lambda w, s, n: _companies(s, n)),
    "company search": ("alice", "/api/companies?q=acme", lambda w, s, n: _companies(s, n)),
    "contacts": ("alice", "/api/contacts", lambda w, s, n: _contacts(w["alice"], s, n)),
    "channels": ("alice", "/api/channels", lambda w, s, n: _channels(w["alice"], s, n)),
    "referrer cards": (
        "alice",
        "/api/companies/acme-semiconductor",
        lambda w, s, n: [
            make_channel(make_member(f"card{i}@example.com", f"Card {i}"), w["acme"])
            for i in range(s, s + n)
        ],
    ),
}


def _items(data):
    return data["referrers"]["items"] if "referrers" in data else data["items"]


def _key(item):
    return item.get("id") or item.get("slug") or item.get("channel_id")


@pytest.fixture
def lists_world(alice, bob, acme):
    return {
        "alice": alice,
        "bob": bob,
        "acme": acme,
        "channel": make_channel(bob, acme, capacity=50),
    }


@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_page_by_cursor_in_a_fixed_number_of_queries(name, api_client, lists_world):
    who, url, make = LISTS[name]
    token = token_for(lists_world[who], Scope.READ)
    make(lists_world, 0, 2)
    api_client.get(url, token=token)  # the token's first use writes its last use: not measured

    def measured() -> tuple[int, list]:
        # The clock stands still: a rate-limit window that opens between the two measures costs
        # its first request a query or two more (guanxi.ratelimit), whatever the list's size.
        with time_machine.travel(timezone.now(), tick=False):
            api_client.get(url, token=token)  # this window's first hit: not measured
            with CaptureQueriesContext(connection) as ctx:
                response = api_client.get(url, token=token)
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries), _items(response.json())

    small, few = measured()
    make(lists_world, 2, 7)
    large, many = measured()
    assert len(many) > len(few)
    assert large == small, name

    if name == "referrer cards":
        return
    # Walking the pages two by two gives each row once, in the order of one big page.
    everything = _items(
        api_client.get(f"{url}{'&' if '?' in url else '?'}limit=100", token=token).json()
    )
    walked = _walk(api_client, url, token)
    assert [_key(i) for i in walked] == [_key(i) for i in everything]
    assert len({_key(i) for i in walked}) == len(walked) >= 9


def test_referrer_cards_page_by_cursor(api_client, alice, acme):
    for i in range(5):
        make_channel(make_member(f"card{i}@example.com", f"Card {i}"), acme)
    token = token_for(alice, Scope.READ)
    first = api_client.get(f"/api/companies/{acme.slug}?limit=2&sort=recent", token=token).json()
    seen = [c["channel_id"] for c in first["referrers"]["items"]]
    url = first["referrers"]["next"]
    while url:
        data = api_client.get(url, token=token).json()
        seen += [c["channel_id"] for c in data["referrers"]["items"]]
        url = data["referrers"]["next"]
    assert len(seen) == len(set(seen)) == 5


def test_a_row_added_meanwhile_neither_repeats_nor_skips_one(api_client, bob):
    _notifications(bob, 0, 5)
    token = token_for(bob, Scope.READ)
    first = api_client.get("/api/notifications?limit=2", token=token).json()
    _notifications(bob, 5, 1)  # newest: before the first page, so not in the rest
    rest = _walk(api_client, first["next"], token)
    texts = [n["text"] for n in first["items"] + rest]
    assert len(texts) == len(set(texts)) == 5


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "", "e30", cursor_encode("requests", ["x", "y", 1])],
    # A signed cursor holds the time it was made: named, so that every process running the
    # tests collects the same test.
    ids=["nonsense", "empty", "empty-json", "another-lists-cursor"],
)
def test_a_bad_cursor_is_a_400(api_client, bob, cursor):
    _notifications(bob, 0, 3)
    response = api_client.get(f"/api/notifications?cursor={cursor}", token=token_for(bob))
    if cursor == "":
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_limits_are_checked(api_client, alice):
    token = token_for(alice)
    assert api_client.get("/api/requests?limit=0", token=token).status_code == 422
    assert api_client.get("/api/requests?limit=101", token=token).status_code == 422
    assert api_client.get("/api/requests?limit=100", token=token).status_code == 200


# --- The same rules as the pages -------------------------------------------------------------


def test_company_search_is_the_sites_search(api_client, alice, db):
    company_create(name_en="TSMC", name_zh="台積電", aliases=["Taiwan Semiconductor"])
    company_create(name_en="Google", name_zh="谷歌")
    token = token_for(alice, Scope.READ)
    for query in ["台积电", "ＴＳＭＣ", "tsmc", "taiwan semi"]:
        data = api_client.get(f"/api/companies?q={query}", token=token).json()
        assert [c["slug"] for c in data["items"]] == ["tsmc"], query
    data = api_client.get("/api/companies?q=gogle", token=token).json()  # a typo
    assert [c["slug"] for c in data["items"]] == ["google"]


def test_the_referrer_decides_through_the_services(api_client, alice, bob, channel):
    referral = make_request(alice, channel)
    bob_token, alice_token = token_for(bob), token_for(alice)
    inbox = f"/api/inbox/{referral.pk}"
    assert api_client.get(inbox, token=bob_token).json()["status"] == "submitted"  # GET: no change
    assert api_client.post(f"{inbox}/view", token=bob_token).json()["status"] == "viewed"
    data = api_client.post(
        f"{inbox}/need-info", {"question": "Which team?"}, token=bob_token
    ).json()
    assert data["status"] == "needs_info"
    assert data["events"][-1]["message"] == "Which team?"
    assert data["events"][-1]["by"] == "referrer"
    mine = f"/api/requests/{referral.pk}"
    data = api_client.post(f"{mine}/answer", {"answer": "Platform."}, token=alice_token).json()
    assert data["status"] == "submitted" and data["status_label"] == "Info provided"
    data = api_client.post(f"{inbox}/refer", {"note": "Done!"}, token=bob_token).json()
    assert data["status"] == "referred"
    data = api_client.post(f"{mine}/outcome", {"outcome": "offer"}, token=alice_token).json()
    assert data["outcome"] == "offer"
    data = api_client.post(f"{mine}/thanks", {"message": "Thank you!"}, token=alice_token).json()
    assert data["thanked_at"] is not None
    # Again: the service refuses, in a sentence.
    response = api_client.post(f"{mine}/thanks", {"message": "Again"}, token=alice_token)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "You have already sent a thank-you for this request.",
        "code": "refused",
        "errors": [],
    }


def test_decline_needs_a_reason_from_the_forms_choices(api_client, alice, bob, channel):
    referral = make_request(alice, channel)
    token = token_for(bob)
    url = f"/api/inbox/{referral.pk}/decline"
    response = api_client.post(url, {"reason": "because"}, token=token)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.payload.reason"
    response = api_client.post(url, {"reason": "other", "note": "x" * 2001}, token=token)
    assert response.status_code == 422
    # Whitespace passes the schema, not the page's form: the form's own message.
    response = api_client.post(
        f"/api/inbox/{referral.pk}/need-info", {"question": "   "}, token=token
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "question", "message": "This field is required."}
    ]
    response = api_client.post(url, {"reason": "other", "note": "Sorry"}, token=token)
    assert response.status_code == 200
    assert response.json()["decline_reason"] == "other"


def test_a_withdrawn_request_cannot_be_decided(api_client, alice, bob, channel):
    referral = make_request(alice, channel)
    referral_withdraw(request=referral, seeker=alice)
    response = api_client.post(f"/api/inbox/{referral.pk}/refer", {}, token=token_for(bob))
    assert response.status_code == 400
    assert response.json()["code"] == "refused"


def test_notifications_read(api_client, alice, bob, channel):
    make_request(alice, channel)
    _notifications(bob, 0, 2)
    token = token_for(bob)
    unread = api_client.get("/api/notifications?unread=true", token=token).json()["items"]
    assert len(unread) == 3
    first = unread[0]["id"]
    data = api_client.post(f"/api/notifications/{first}/read", token=token).json()
    assert data["read_at"] is not None
    assert api_client.post("/api/notifications/read", token=token).json() == {"marked": 2}
    assert api_client.get("/api/notifications?unread=true", token=token).json()["items"] == []


# --- Errors, languages, limits, headers ------------------------------------------------------


def test_errors_speak_the_token_owners_language(api_client, alice, channel, db):
    referral = make_request(alice, channel)
    mei = make_member("mei@example.com", "Mei", language="zh-hant")
    token = token_for(mei)
    response = api_client.get(f"/api/requests/{referral.pk}", token=token)
    assert response.status_code == 404
    assert response.json() == {"detail": "找不到。", "code": "not_found", "errors": []}
    assert response["Content-Language"] == "zh-hant"
    read_only = token_for(mei, Scope.READ)
    response = api_client.post("/api/notifications/read", token=read_only)
    assert response.status_code == 403
    assert "寫入" in response.json()["detail"]
    # An English member's token, from a browser that prefers Chinese: English.
    eve = make_member("eve@example.com", "Eve", language="en")
    response = api_client.get(
        f"/api/requests/{referral.pk}", token=token_for(eve), HTTP_ACCEPT_LANGUAGE="zh-hant"
    )
    assert response.json()["detail"] == "Not found."
    # Before a token is known: the browser's language.
    response = api_client.get("/api/requests", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 401
    assert "權杖" in response.json()["detail"]
    # Labels follow the owner's language too.
    mine = make_request(mei, channel)
    data = api_client.get(f"/api/requests/{mine.pk}", token=token).json()
    assert data["status_label"] == "已送出"
    assert data["company"]["name"] == "愛客美半導體"


def test_unknown_addresses_and_methods_answer_json(api_client, alice):
    token = token_for(alice)
    response = api_client.get("/api/nothing/here", token=token)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api_client.get("/api/requests/999999", token=token).json()["code"] == "not_found"
    assert api_client.get("/api/requests/99999999999999999999", token=token).status_code == 404
    # A POST to an address with no endpoint, from a client without cookies: JSON, not a CSRF page.
    response = api_client.post("/api/requests/abc/withdraw", token=token)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # A method an endpoint does not take: a JSON 405 that says which it does.
    response = api_client.put("/api/requests", token=token)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_each_token_is_rate_limited(api_client, alice, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    token, other = token_for(alice), token_for(alice)
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        codes = [api_client.get("/api/requests", token=token).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = api_client.get("/api/requests", token=token)
        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert response["Retry-After"] == "50"
        assert "50 seconds" in response.json()["detail"]
        assert api_client.get("/api/requests", token=other).status_code == 200
    later = timezone.now().replace(second=10) + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert api_client.get("/api/requests", token=token).status_code == 200


def test_answers_are_never_cached(api_client, alice):
    response = api_client.get("/api/requests", token=token_for(alice))
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]
    assert api_client.get("/api/requests")["Cache-Control"] == "private, no-store"


def test_the_docs_are_served_from_here_under_our_policy(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html and "https://" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert client.get("/api/").status_code == 302


def test_contacts_through_the_services(api_client, alice):
    token = token_for(alice)
    body = {"name": "Grace Hsu", "company": "Acme", "tags": ["peer"], "cadence_days": 30}
    response = api_client.post("/api/contacts", body, token=token)
    assert response.status_code == 201
    contact = response.json()
    assert (contact["name"], contact["tags"], contact["next_due_at"] is not None) == (
        "Grace Hsu",
        ["peer"],
        True,
    )
    url = f"/api/contacts/{contact['id']}"
    response = api_client.put(url, {**body, "title": "Staff engineer", "tags": []}, token=token)
    assert (response.json()["title"], response.json()["tags"]) == ("Staff engineer", [])
    response = api_client.post(
        f"{url}/interactions",
        {"kind": "coffee", "occurred_at": "2024-03-01T15:00:00", "topics": "Visas"},
        token=token,
    )
    assert response.status_code == 201
    data = response.json()
    # A time without an offset is the member's (Taipei, UTC+8), as in the page's form.
    assert data["last_interaction"]["occurred_at"] == "2024-03-01T07:00:00Z"
    assert data["interactions"][0]["topics"] == "Visas"
    response = api_client.post(
        f"{url}/follow-ups", {"topic": "Her interview", "due_on": "2030-01-01"}, token=token
    )
    follow_up = response.json()["follow_ups"][0]
    assert follow_up["done_at"] is None
    data = api_client.post(f"/api/contacts/follow-ups/{follow_up['id']}/done", token=token).json()
    assert data["follow_ups"][0]["done_at"] is not None
    names = [
        c["name"] for c in api_client.get("/api/contacts?q=grace", token=token).json()["items"]
    ]
    assert names == ["Grace Hsu"]
    assert api_client.delete(url, token=token).status_code == 204
    assert api_client.get(url, token=token).status_code == 404


def test_contact_input_is_checked_by_the_pages_rules(api_client, client, alice):
    token = token_for(alice)
    response = api_client.post("/api/contacts", {"name": "X", "email": "nope"}, token=token)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "email", "message": "Enter a valid e-mail address."}
    ]
    assert (
        api_client.post("/api/contacts", {"name": "X", "cadence_days": 0}, token=token).status_code
        == 422
    )
    contact = api_client.post("/api/contacts", {"name": "X"}, token=token).json()
    url = f"/api/contacts/{contact['id']}/interactions"
    for when in ["0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00"]:
        response = api_client.post(url, {"kind": "call", "occurred_at": when}, token=token)
        assert response.status_code == 400, when
        assert response.json()["code"] == "refused"
    # PostgreSQL refuses a NUL in a query's text: the search drops it.
    assert api_client.get("/api/contacts?q=a%00b", token=token).status_code == 200
    client.force_login(alice)
    assert client.get("/contacts/?q=a%00b").status_code == 200  # the page's list, the same search


def _ask(api_client, token, channel, **fields):
    data = {
        "channel_id": channel.pk,
        "kind": "referral",
        "position_title": "Backend engineer",
        "job_id": "R-1",
        "note": "Five years of Django.",
        "confirm_instructions": "true",
        "confirm_accurate": "true",
        **fields,
    }
    return api_client.post_form("/api/requests", data, token=token)


def test_asking_for_a_referral_with_a_pdf(api_client, alice, channel, dana_channel):
    token = token_for(alice)
    response = _ask(api_client, token, channel, resume=pdf_upload())
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["has_resume"], data["referrer_name"]) == (
        "submitted",
        True,
        "Bob Chen",
    )
    assert data["events"][0]["kind"] == "submitted"
    referral = ReferralRequest.objects.get(pk=data["id"])
    assert referral.resume.in_library
    # One open request per company: the service's sentence.
    response = _ask(api_client, token, dana_channel, resume_id=referral.resume_id)
    assert response.status_code == 400
    assert "open request at this company" in response.json()["detail"]


def test_asking_needs_what_the_page_needs(api_client, alice, channel, db):
    token = token_for(alice)
    response = _ask(api_client, token, channel, confirm_accurate="false")
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"confirm_accurate", "upload"}  # and a resume, for a referral
    response = _ask(api_client, token, channel, resume=pdf_upload(content=b"not a pdf"))
    assert response.status_code == 400
    assert (
        response.json()["detail"] == "This file is not a PDF. Please export your resume as a PDF."
    )
    other = make_member("other@example.com", "Other")
    theirs = Resume.objects.create(
        owner=other, title="x", original_name="x.pdf", size=1, file="resumes/x.pdf"
    )
    response = _ask(api_client, token, channel, resume_id=theirs.pk)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "resume"
    assert _ask(api_client, token, channel, channel_id=999999).status_code == 404
    assert not ReferralRequest.objects.exists()


def test_asking_counts_against_the_pages_attempts(api_client, alice, channel, settings):
    token = token_for(alice)
    for _ in range(ASK_ATTEMPTS_PER_HOUR.count):
        hit(ASK_ATTEMPTS_PER_HOUR, str(alice.pk))
    response = _ask(api_client, token, channel, kind="advice")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 0 < int(response["Retry-After"]) <= 3600
