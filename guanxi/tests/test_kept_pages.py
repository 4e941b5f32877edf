"""Whole pages kept rendered per version (guanxi.kept_pages).

The busiest pages are kept whole: a repeat visit with nothing changed is served without the
template engine. What the layout shows around the content (the viewer's name and unread count,
the language, the flash messages, the CSRF token of its forms) must still be right on every
visit.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.services import member_lists_changed
from companies.models import Company
from companies.services import company_merge, company_refresh_search_text
from guanxi.kept_pages import kept_page
from notifications.models import Notification

KEPT = [
    reverse("referrals:my_requests"),
    reverse("referrals:inbox"),
    reverse("contacts:list"),
    reverse("contacts:gone_quiet"),
    reverse("network:directory"),
    reverse("companies:list"),
    reverse("companies:list") + "?q=acme",
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def view(client, url, language="en"):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("url", [*KEPT, "company"])
def test_a_repeat_visit_is_served_without_rendering(client, alice, acme, channel, url):
    url = acme.get_absolute_url() if url == "company" else url
    client.force_login(alice)
    first = view(client, url)
    assert first.status_code == 200 and first.context is not None  # rendered
    again = view(client, url)
    assert again.status_code == 200
    assert again.context is None  # kept: no template was rendered
    assert again.content.decode().replace(
        TOKEN.search(again.content.decode()).group(1), "T"
    ) == first.content.decode().replace(TOKEN.search(first.content.decode()).group(1), "T")


def test_each_visit_gets_a_working_csrf_token(client, alice):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(alice)
    url = reverse("contacts:list")
    tokens = [TOKEN.search(view(client, url).content.decode()).group(1) for _ in range(2)]
    assert "CSRFTOKENFRAGMENTPLACEHOLDER" not in "".join(tokens)
    assert tokens[0] != tokens[1]  # masked anew on each request, as Django does
    # The kept page's token is accepted: log out with the form the header shows.
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_viewer_is_part_of_the_key(client, alice, bob):
    url = reverse("contacts:list")
    client.force_login(alice)
    assertContains(view(client, url), "Alice")
    client.force_login(bob)
    page = view(client, url)
    assert page.context is not None  # not Alice's page
    assertContains(page, "Bob")
    assertNotContains(page, "Alice")


def test_the_viewers_own_header_is_current(client, alice):
    url = reverse("referrals:my_requests")
    client.force_login(alice)
    assertNotContains(view(client, url), 'class="badge"')
    Notification.objects.create(recipient=alice, kind="warning")
    assertContains(view(client, url), '<span class="badge" aria-hidden="true">1</span>')
    alice.display_name = "Alice Chen"
    alice.save(update_fields=["display_name"])
    assertContains(view(client, url), "Alice Chen")


def test_each_language_has_its_own_page(client, alice):
    url = reverse("referrals:my_requests")
    client.force_login(alice)
    assertContains(view(client, url, "en"), "My requests")
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    assertContains(view(client, url), "我的內推申請")
    alice.language = "en"
    alice.save(update_fields=["language"])
    assertContains(view(client, url), "My requests")


def test_a_moved_version_renders_the_page_again(client, alice):
    url = reverse("contacts:list")
    client.force_login(alice)
    view(client, url)
    assert view(client, url).context is None
    member_lists_changed([alice.pk])
    assert view(client, url).context is not None


def test_flash_messages_show_and_are_not_kept(client, alice):
    url = reverse("contacts:list")
    client.force_login(alice)
    view(client, url)  # kept without messages
    response = client.post(
        reverse("contacts:add"), {"name": "Mei Lin", "cadence_days": ""}, follow=False
    )
    assert response.status_code == 302
    shown = view(client, url)
    assertContains(shown, "Mei Lin is in your contacts.")
    assert shown.context is not None
    again = view(client, url)
    assertNotContains(again, "is in your contacts.")


def test_a_kept_company_page_reads_no_company(client, alice, acme, channel):
    client.force_login(alice)
    view(client, acme.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert view(client, acme.get_absolute_url()).context is None
    assert not [q for q in queries.captured_queries if "companies_company" in q["sql"]]


def test_an_edited_company_shows_at_once(client, alice, acme):
    client.force_login(alice)
    assertContains(view(client, acme.get_absolute_url()), "<title>Acme")
    acme.name_en = "Acme Taiwan"
    acme.save(update_fields=["name_en"])
    company_refresh_search_text(company=acme)  # where every edit of a company ends
    assertContains(view(client, acme.get_absolute_url()), "<title>Acme Taiwan")


def test_a_company_merged_away_or_deleted_is_gone_at_once(client, alice, acme, staff):
    globex = Company.objects.create(name_en="Globex", slug="globex")
    initech = Company.objects.create(name_en="Initech", slug="initech")
    client.force_login(alice)
    for company in (acme, globex, initech):
        assert view(client, company.get_absolute_url()).status_code == 200
    company_merge(source=globex, target=acme)
    assert view(client, "/companies/globex/").status_code == 404
    client.force_login(staff)
    client.post(reverse("admin:companies_company_delete", args=[initech.pk]), {"post": "yes"})
    assert not Company.objects.filter(pk=initech.pk).exists()
    client.force_login(alice)
    assert view(client, "/companies/initech/").status_code == 404


def test_a_new_slug_is_found_and_the_old_one_is_gone(client, alice, acme):
    client.force_login(alice)
    old = acme.get_absolute_url()
    assert view(client, old).status_code == 200
    acme.slug = "acme-semi"
    acme.save(update_fields=["slug"])
    company_refresh_search_text(company=acme)
    assert view(client, old).status_code == 404
    assertContains(view(client, "/companies/acme-semi/"), "<title>Acme")
    # A slug freed and taken again shows the company now at it.
    Company.objects.create(name_en="Another Acme", slug=old.strip("/").split("/")[-1])
    assertContains(view(client, old), "Another Acme")


def test_only_get_requests_are_kept(alice, rf: RequestFactory):
    request = rf.head("/")
    request.user = alice
    request.session = {}
    request._messages = FallbackStorage(request)
    response = kept_page(request, "contacts/list.html", {}, version=1)
    assert not response._post_render_callbacks
    assert not get_messages(request)
    assert not any(key.startswith(":1:page:") for key in caches["fragments"]._cache)
