"""Every URL pattern of the project, requested as every kind of visitor.

Roles: anonymous, the seeker who owns the request and resume (alice), another seeker (charlie),
the referrer the request is addressed to (bob), another referrer at the same company (dana), and
a moderator (staff). Where an object exists but is not theirs the answer is 404, never 403.
A new URL pattern without an expectation here makes ``test_every_url_pattern_has_an_expectation``
fail, so no view can be forgotten.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import make_request
from notifications.models import Notification
from notifications.unsubscribe import unsubscribe_token
from referrals.decision_links import email_link_path
from tests.access_roles import LOGIN, ROLES
from tests.access_roles import codes as _
from tests.oidc_provider import linkedin_settings

# Third-party URL groups, covered as groups: allauth's own pages and Django's admin.
THIRD_PARTY_MODULES = ("allauth.", "django.contrib.admin.")


@pytest.fixture(autouse=True)
def _linkedin_on(settings):
    """Log in with LinkedIn on, so its pages answer (off, they are 404s); nothing here needs
    LinkedIn itself, whose address is a closed port."""
    settings.SOCIALACCOUNT_PROVIDERS = linkedin_settings("http://127.0.0.1:9/oauth")


# Apps may add their own objects and expectations in ``<app>/tests/access.py``, which defines
# ``add_objects(world)`` (put the app's objects into the dict) and ``EXPECTATIONS`` (same form
# as below, built with ``tests.access_roles.codes`` and ``LOGIN``), and may name in
# ``COVERED_ELSEWHERE`` URL patterns another matrix of its own requests as every role: the JSON
# API's endpoints, requested with tokens by api/tests/test_access.py.
APPS_WITH_ACCESS_RULES = ["network", "contacts", "coffee", "events", "api", "calendars"]


def _app_access_modules():
    import importlib

    for app in APPS_WITH_ACCESS_RULES:
        try:
            yield importlib.import_module(f"{app}.tests.access")
        except ModuleNotFoundError:
            continue


def _world(alice, bob, charlie, dana, staff, channel, dana_channel):
    referral = make_request(alice, channel)
    world = {
        "referral": referral,
        "resume": referral.resume,
        "channel": channel,
        "company": channel.company,
        "bob_notification": Notification.objects.get(recipient=bob),
        "people": {"alice": alice, "bob": bob, "charlie": charlie, "dana": dana, "staff": staff},
        "dana_channel": dana_channel,
    }
    for module in _app_access_modules():
        module.add_objects(world)
    return world


# name: (method, url builder, {role: expected status})
EXPECTATIONS = {
    "home": ("get", lambda w: reverse("home"), _(200, 200, 200, 200, 200, 200)),
    "companies:list": ("get", lambda w: reverse("companies:list"), _(200, 200, 200, 200, 200, 200)),
    "companies:add": ("get", lambda w: reverse("companies:add"), _(LOGIN, 200, 200, 200, 200, 200)),
    "companies:detail": (
        "get",
        lambda w: w["company"].get_absolute_url(),
        _(200, 200, 200, 200, 200, 200),
    ),
    "resumes:library": (
        "get",
        lambda w: reverse("resumes:library"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "resumes:download": (
        "get",
        lambda w: reverse("resumes:download", args=[w["resume"].pk]),
        _(LOGIN, 200, 404, 404, 404, 404),
    ),
    "resumes:delete": (
        "post",
        lambda w: reverse("resumes:delete", args=[w["resume"].pk]),
        _(LOGIN, 302, 404, 404, 404, 404),
    ),
    "notifications:list": (
        "get",
        lambda w: reverse("notifications:list"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "notifications:open": (
        "get",
        lambda w: reverse("notifications:open", args=[w["bob_notification"].pk]),
        _(LOGIN, 404, 404, 302, 404, 404),
    ),
    "notifications:read_all": (
        "post",
        lambda w: reverse("notifications:read_all"),
        _(LOGIN, 302, 302, 302, 302, 302),
    ),
    "notifications:settings": (
        "get",
        lambda w: reverse("notifications:settings"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    # One-click unsubscribe: the signed token is the credential, so anyone holding the link
    # (a mail client, without cookies) may use it; GET only asks.
    "notifications:unsubscribe": (
        "get",
        lambda w: reverse(
            "notifications:unsubscribe",
            args=[unsubscribe_token(member_id=w["people"]["bob"].pk, name="new_request")],
        ),
        _(200, 200, 200, 200, 200, 200),
    ),
    "feedback:create": (
        "get",
        lambda w: reverse("feedback:create"),
        _(200, 200, 200, 200, 200, 200),
    ),
    "guides:index": ("get", lambda w: reverse("guides:index"), _(200, 200, 200, 200, 200, 200)),
    "guides:detail": (
        "get",
        lambda w: reverse("guides:detail", args=["etiquette"]),
        _(200, 200, 200, 200, 200, 200),
    ),
    # The dev inbox exists only with DEBUG and the dev e-mail backend.
    "devinbox:list": ("get", lambda w: reverse("devinbox:list"), _(404, 404, 404, 404, 404, 404)),
    "devinbox:detail": (
        "get",
        lambda w: reverse("devinbox:detail", args=[1]),
        _(404, 404, 404, 404, 404, 404),
    ),
    "devinbox:html": (
        "get",
        lambda w: reverse("devinbox:html", args=[1]),
        _(404, 404, 404, 404, 404, 404),
    ),
    "moderation:report": (
        "get",
        lambda w: reverse("moderation:report") + f"?request={w['referral'].pk}",
        _(LOGIN, 200, 404, 200, 404, 404),
    ),
    "moderation:blocks": (
        "get",
        lambda w: reverse("moderation:blocks"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "moderation:block": (
        "post",
        lambda w: reverse("moderation:block", args=[w["people"]["charlie"].pk]),
        _(LOGIN, 302, 302, 302, 302, 302),
    ),
    "moderation:unblock": (
        "post",
        lambda w: reverse("moderation:unblock", args=[w["people"]["charlie"].pk]),
        _(LOGIN, 302, 302, 302, 302, 302),
    ),
    "accounts:profile": (
        "get",
        lambda w: reverse("accounts:profile"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "accounts:set_language": (
        "post",
        lambda w: reverse("accounts:set_language"),
        _(302, 302, 302, 302, 302, 302),
    ),
    "accounts:privacy": (
        "get",
        lambda w: reverse("accounts:privacy"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "accounts:export": (
        "post",
        lambda w: reverse("accounts:export"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "accounts:delete": (
        "post",
        lambda w: reverse("accounts:delete"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),  # no password: the form again
    # Log in with LinkedIn: the account settings' LinkedIn page (allauth's linked accounts,
    # each member's own), and the way back from LinkedIn, which without a state it issued to
    # this browser is the "could not log you in" page for everyone.
    "linkedin": ("get", lambda w: reverse("linkedin"), _(LOGIN, 200, 200, 200, 200, 200)),
    "linkedin_callback": (
        "get",
        lambda w: reverse("linkedin_callback"),
        _(401, 401, 401, 401, 401, 401),
    ),
    # Seeker side: "My requests".
    "referrals:ask": (
        "get",
        lambda w: reverse("referrals:ask", args=[w["channel"].pk]),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "referrals:my_requests": (
        "get",
        lambda w: reverse("referrals:my_requests"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    **{
        f"referrals:{name}": (
            method,
            (lambda n: lambda w: reverse(f"referrals:{n}", args=[w["referral"].pk]))(name),
            _(LOGIN, ok, 404, 404, 404, 404),
        )
        for name, method, ok in [
            ("my_request", "get", 200),
            ("answer", "post", 302),
            ("withdraw", "post", 302),
            ("outcome", "post", 302),
            ("thank", "post", 302),
        ]
    },
    "referrals:resend": (
        "post",
        lambda w: reverse("referrals:resend", args=[w["referral"].pk, w["dana_channel"].pk]),
        _(LOGIN, 302, 404, 404, 404, 404),
    ),
    # Referrer side: "Referral inbox".
    "referrals:inbox": (
        "get",
        lambda w: reverse("referrals:inbox"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    **{
        f"referrals:{name}": (
            method,
            (lambda n: lambda w: reverse(f"referrals:{n}", args=[w["referral"].pk]))(name),
            _(LOGIN, 404, 404, ok, 404, 404),
        )
        for name, method, ok in [
            ("inbox_request", "get", 200),
            ("inbox_resume", "get", 200),
            ("refer", "post", 302),
            ("ask_for_info", "post", 302),
            ("decline", "post", 302),
        ]
    },
    # From an e-mail's personal link (referrals.decision_links): the signed token is the
    # credential, whoever holds it and whatever session they have; it never signs anyone in.
    # The link moves the token into a cookie of the screen's path and redirects there (302 for
    # all). The screens read only that cookie, which nobody here has: a 404 for everyone (the
    # link's own cases: referrals/tests/test_email_decisions.py).
    "referrals:email_decide_link": (
        "get",
        lambda w: email_link_path(
            purpose="decide", request_id=w["referral"].pk, member=w["people"]["bob"]
        ),
        _(302, 302, 302, 302, 302, 302),
    ),
    "referrals:email_answer_link": (
        "get",
        lambda w: email_link_path(
            purpose="answer", request_id=w["referral"].pk, member=w["people"]["alice"]
        ),
        _(302, 302, 302, 302, 302, 302),
    ),
    **{
        f"referrals:{name}": (
            method,
            (lambda n: lambda w: reverse(f"referrals:{n}", args=[w["referral"].pk]))(name),
            _(404, 404, 404, 404, 404, 404),
        )
        for name, method in [
            ("email_decide", "get"),
            ("email_decide_resume", "get"),
            ("email_refer", "post"),
            ("email_ask_for_info", "post"),
            ("email_decline", "post"),
            ("email_answer", "get"),
            ("email_answer_send", "post"),
        ]
    },
    # Becoming a referrer.
    "referrals:channels": (
        "get",
        lambda w: reverse("referrals:channels"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    "referrals:channel_choose_company": (
        "get",
        lambda w: reverse("referrals:channel_choose_company"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    # bob already refers there: he is sent to his channel instead.
    "referrals:channel_create": (
        "get",
        lambda w: reverse("referrals:channel_create", args=[w["company"].slug]),
        _(LOGIN, 200, 200, 302, 302, 200),
    ),
    **{
        f"referrals:{name}": (
            method,
            (lambda n: lambda w: reverse(f"referrals:{n}", args=[w["channel"].pk]))(name),
            _(LOGIN, 404, 404, ok, 404, 404),
        )
        for name, method, ok in [
            ("channel_edit", "get", 200),
            ("channel_delete", "post", 302),
            ("channel_verify", "get", 200),
            ("channel_impact", "get", 200),
        ]
    },
    # A referrer's impact: every member may look (one without a channel is told how to start).
    "referrals:impact": (
        "get",
        lambda w: reverse("referrals:impact"),
        _(LOGIN, 200, 200, 200, 200, 200),
    ),
    # The moderators' community-health dashboard: a 404 to everyone else.
    "referrals:health": (
        "get",
        lambda w: reverse("referrals:health"),
        _(LOGIN, 404, 404, 404, 404, 200),
    ),
    "referrals:health_csv": (
        "get",
        lambda w: reverse("referrals:health_csv"),
        _(LOGIN, 404, 404, 404, 404, 200),
    ),
    "referrals:health_company": (
        "get",
        lambda w: reverse("referrals:health_company", args=[w["company"].slug]),
        _(LOGIN, 404, 404, 404, 404, 200),
    ),
    "referrals:health_company_csv": (
        "get",
        lambda w: reverse("referrals:health_company_csv", args=[w["company"].slug]),
        _(LOGIN, 404, 404, 404, 404, 200),
    ),
}


COVERED_ELSEWHERE = set()
for _module in _app_access_modules():
    EXPECTATIONS.update(_module.EXPECTATIONS)
    COVERED_ELSEWHERE.update(getattr(_module, "COVERED_ELSEWHERE", ()))


def _patterns(resolver=None, namespace="", prefix=""):
    """(name, module, route) for every URL pattern; the admin counts as a third-party group."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, ns, route)
        elif isinstance(entry, URLPattern):
            module = getattr(entry.callback, "__module__", "")
            if route.startswith("admin/"):
                module = "django.contrib.admin."
            if route.startswith("accounts/") and module == "django.views.generic.base":
                module = "allauth."  # allauth's redirects from its old addresses (social/…)
            yield (f"{namespace}{entry.name}" if entry.name else None), module


def test_every_url_pattern_has_an_expectation():
    missing = sorted(
        {
            name or f"(unnamed in {module})"
            for name, module in _patterns()
            if not module.startswith(THIRD_PARTY_MODULES)
            and name not in EXPECTATIONS
            and name not in COVERED_ELSEWHERE
        }
    )
    assert missing == [], f"URL patterns without an access expectation: {missing}"
    assert COVERED_ELSEWHERE <= {name for name, _m in _patterns()}
    stale = sorted(set(EXPECTATIONS) - {name for name, _m in _patterns()})
    assert stale == []


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_access(name, client, alice, bob, charlie, dana, staff, channel, dana_channel):
    world = _world(alice, bob, charlie, dana, staff, channel, dana_channel)
    method, build, expected = EXPECTATIONS[name]
    url = build(world)
    # The owner goes last: some actions (withdraw, delete) change what the others would see.
    order = [r for r in ROLES if expected[r] == 404] + [r for r in ROLES if expected[r] != 404]
    seen = {}
    for role in order:
        client.logout()
        if role != "anonymous":
            client.force_login(world["people"][role])
        response = getattr(client, method)(url)
        seen[role] = response.status_code
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            seen[role] = LOGIN
    assert seen == expected, name
    assert 403 not in seen.values()


@pytest.mark.parametrize("role, expected", [("anonymous", 302), ("alice", 302), ("staff", 200)])
def test_admin_is_for_moderators_only(client, alice, staff, role, expected):
    if role != "anonymous":
        client.force_login({"alice": alice, "staff": staff}[role])
    response = client.get(reverse("admin:index"))
    assert response.status_code == expected
    if expected == 302:
        assert "/admin/login/" in response["Location"]


def test_allauth_pages_answer(client, db):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        assert client.get(reverse(name)).status_code == 200
    for name in ["account_email", "account_change_password"]:
        assert client.get(reverse(name)).status_code == 302
