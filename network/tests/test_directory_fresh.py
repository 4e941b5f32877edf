"""The member directory shows every change at once.

Each test views the directory first, then changes what it shows the way the product does and
views it again: the change must show at once. (The directory was once kept rendered per
version; the tests stay so that a cache added later cannot serve a stale page.)
"""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from moderation.models import ModerationAction, Reason
from moderation.services import report_create
from network.models import Shortlist
from network.services import shortlist_add, shortlist_remove
from network.tests.utils import make_profile
from workflows.members import member_delete
from workflows.moderation import moderation_act

DIRECTORY = reverse("network:directory")


def view(client, member, **params):
    client.force_login(member)
    return client.get(DIRECTORY, params, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def listed(alice, bob):
    make_profile(alice)
    make_profile(bob, company="Acme Semiconductor", city="Hsinchu")
    return bob


def test_a_member_who_unlists_leaves_at_once(client, alice, listed):
    assertContains(view(client, alice), "Bob Chen")
    make_profile(listed, listed=False)
    assertNotContains(view(client, alice), "Bob Chen")


def test_a_member_who_lists_appears_at_once(client, alice, charlie, listed):
    assertNotContains(view(client, alice), "Charlie Wang")
    make_profile(charlie)
    assertContains(view(client, alice), "Charlie")


def test_a_new_city_shows_at_once(client, alice, listed):
    assertNotContains(view(client, alice), "Kaohsiung")
    client.force_login(listed)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Bob Chen",
            "headline": "",
            "city": "Kaohsiung",
            "time_zone": "Asia/Taipei",
            "language": "en",
            "languages_spoken": "",
            "linkedin_url": "",
            "listed": "on",  # the one profile page also holds the network profile
        },
    )
    assert response.status_code == 302
    assertContains(view(client, alice), "Kaohsiung")


def test_saving_a_member_shows_on_their_card_at_once(client, alice, listed):
    assertNotContains(view(client, alice), "pill pill-ok")
    shortlist_add(owner=alice, member=listed)
    assertContains(view(client, alice), "pill pill-ok")
    shortlist_remove(owner=alice, entry=Shortlist.objects.get(owner=alice, member=listed))
    assertNotContains(view(client, alice), "pill pill-ok")


def test_a_suspended_member_leaves_at_once(client, alice, charlie, staff, listed):
    assertContains(view(client, alice), "Bob Chen")
    report = report_create(reporter=charlie, target=listed, reason=Reason.SPAM)
    moderation_act(moderator=staff, report=report, action=ModerationAction.Action.SUSPEND)
    assertNotContains(view(client, alice), "Bob Chen")


def test_a_member_who_deletes_their_account_leaves_at_once(client, alice, listed):
    assertContains(view(client, alice), "Bob Chen")
    member_delete(member=listed)
    assertNotContains(view(client, alice), "Bob Chen")


def test_my_own_listing_notice_follows_my_profile(client, alice, listed):
    assertNotContains(view(client, alice), "Your profile is not listed")
    make_profile(alice, listed=False)
    assertContains(view(client, alice), "Your profile is not listed")
    make_profile(alice)
    assertNotContains(view(client, alice), "Your profile is not listed")


def test_a_new_company_alias_finds_its_members_at_once(client, alice, listed):
    """The company filter reads company aliases too: a moderator adding one shows at once."""
    from companies.models import CompanyAlias
    from companies.services import company_create, company_refresh_search_text

    acme = company_create(name_en="Acme Semiconductor")
    assertNotContains(view(client, alice, company="愛客美"), "Bob Chen")
    CompanyAlias.objects.create(company=acme, name="愛客美")
    company_refresh_search_text(company=acme)  # as the admin does after saving aliases
    assertContains(view(client, alice, company="愛客美"), "Bob Chen")
