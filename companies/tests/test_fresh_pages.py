"""The company list, search results and company pages show every change at once.

Each test views a page first, then changes it the way the product does (a new company or
alias, a referrer's counters, room or verification) and views it again: the change must show
at once. (These pages were once kept rendered per version; the tests stay so that a cache
added later cannot serve a stale page.)
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from companies.models import CompanyAlias
from companies.services import company_create, company_refresh_search_text
from conftest import make_channel, make_member, make_request
from referrals.services import (
    channel_delete,
    channel_save,
    referral_refer,
    referral_withdraw,
    referrals_expire_due,
)

SEARCH = reverse("companies:list")


def get(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


# --- Search results -----------------------------------------------------------------------


def test_a_new_company_shows_in_a_repeated_search(client, db):
    assertContains(get(client, SEARCH, q="globex"), "We could not find a company")
    company_create(name_en="Globex Corporation")
    assertContains(get(client, SEARCH, q="globex"), "Globex Corporation")


def test_a_new_alias_is_found_at_once(client, acme):
    assertContains(get(client, SEARCH, q="rocket"), "We could not find a company")
    CompanyAlias.objects.create(company=acme, name="Rocket Chips")
    company_refresh_search_text(company=acme)  # what the admin does after saving aliases
    assertContains(get(client, SEARCH, q="rocket"), "Acme Semiconductor")


def test_a_new_referrer_counts_on_the_card_at_once(client, acme, bob):
    assertContains(get(client, SEARCH, q="acme"), "<strong>0</strong> active referrers")
    make_channel(bob, acme)
    assertContains(get(client, SEARCH, q="acme"), "<strong>1</strong> active referrer")


def test_a_paused_referrer_stops_counting_on_the_card(client, acme, channel):
    assertContains(get(client, SEARCH), "<strong>1</strong> active referrer")
    channel.is_accepting = False
    channel_save(channel=channel)
    assertContains(get(client, SEARCH), "<strong>0</strong> active referrers")


# --- A company's page ---------------------------------------------------------------------


def test_a_request_fills_the_referrers_room(client, alice, bob, acme):
    channel = make_channel(bob, acme, capacity=1)
    client.force_login(make_member("erin@example.com", "Erin Wu"))
    assertContains(get(client, acme.get_absolute_url()), "Ask for a referral")
    make_request(alice, channel)
    response = get(client, acme.get_absolute_url())
    assertContains(response, "Full right now")
    assertNotContains(response, "Ask for a referral")


def test_the_sweep_gives_the_room_back(client, alice, bob, acme):
    channel = make_channel(bob, acme, capacity=1)
    make_request(alice, channel)
    assertContains(get(client, acme.get_absolute_url()), "Full right now")
    assert referrals_expire_due(now=timezone.now() + timedelta(days=60)) == 1
    assertNotContains(get(client, acme.get_absolute_url()), "Full right now")


def test_a_referral_counts_on_the_card_at_once(client, alice, bob, acme, channel):
    referral = make_request(alice, channel)
    assertContains(get(client, acme.get_absolute_url()), "<dd>0</dd>", html=False)
    referral_refer(request=referral, referrer=bob)
    assertContains(get(client, acme.get_absolute_url()), "<dd>1</dd>", html=False)


def test_a_verified_referrer_shows_as_verified_at_once(client, bob, acme, channel, mailoutbox):
    from referrals.verification import channel_verification_confirm, channel_verification_send

    assertNotContains(get(client, acme.get_absolute_url()), "Verified employee")
    channel_verification_send(channel=channel, email="bob@acme.example")
    code = next(w for w in mailoutbox[-1].body.split() if w.isdigit() and len(w) == 6)
    channel_verification_confirm(channel=channel, code=code)
    assertContains(get(client, acme.get_absolute_url()), "Verified employee")


def test_a_deleted_channel_leaves_the_page(client, acme, channel):
    assertContains(get(client, acme.get_absolute_url()), "Bob Chen")
    channel_delete(channel=channel)
    assertNotContains(get(client, acme.get_absolute_url()), "Bob Chen")


def test_a_withdrawn_request_gives_the_room_back(client, alice, bob, acme):
    channel = make_channel(bob, acme, capacity=1)
    referral = make_request(alice, channel)
    assertContains(get(client, acme.get_absolute_url()), "Full right now")
    referral_withdraw(request=referral, seeker=alice)
    assertNotContains(get(client, acme.get_absolute_url()), "Full right now")
