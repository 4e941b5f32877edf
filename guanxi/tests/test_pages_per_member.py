"""Pages are each member's own: another member never sees my view of a page, and a change
shows on the next view."""

from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contacts.services import contact_create, contact_update
from referrals.services import referral_withdraw


def test_a_company_page_is_each_members_own(client, bob, alice, channel, acme):
    url = reverse("companies:detail", args=[acme.slug])
    client.force_login(bob)
    assertContains(client.get(url, HTTP_ACCEPT_LANGUAGE="en"), "This is your channel")
    client.force_login(alice)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assertNotContains(response, "This is your channel")
    assertContains(response, "Ask for a referral")
    # The header is Alice's too: her name in the account menu, not Bob's.
    assertContains(response, '<span class="menu-name">Alice Lin</span>', html=True)
    assertNotContains(response, '<span class="menu-name">Bob Chen</span>', html=True)


def test_a_change_to_a_row_shows_on_the_next_view(client, alice):
    contact = contact_create(owner=alice, name="Mei Lin", company="Acme")
    client.force_login(alice)
    url = reverse("contacts:list")
    assertContains(client.get(url), "Mei Lin")
    contact_update(contact=contact, owner=alice, name="Mei-Lin Wang")
    assertContains(client.get(url), "Mei-Lin Wang")


def test_a_status_change_shows_at_once_on_both_sides(client, alice, bob, referral):
    client.force_login(alice)
    mine = reverse("referrals:my_requests")
    assertContains(client.get(mine, HTTP_ACCEPT_LANGUAGE="en"), "status-submitted")
    client.force_login(bob)
    inbox = reverse("referrals:inbox")
    assertContains(client.get(inbox, HTTP_ACCEPT_LANGUAGE="en"), "status-submitted")
    referral_withdraw(request=referral, seeker=alice)
    assertContains(client.get(inbox, HTTP_ACCEPT_LANGUAGE="en"), "status-withdrawn")
    client.force_login(alice)
    assertContains(client.get(mine, HTTP_ACCEPT_LANGUAGE="en"), "status-withdrawn")


def test_the_language_switch_is_in_the_pages_language(client, alice):
    client.force_login(alice)
    url = reverse("companies:list")
    assertContains(client.get(url, HTTP_ACCEPT_LANGUAGE="en"), 'value="zh-hant" lang="zh-Hant"')
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    response = client.get(url)
    assertContains(response, 'value="en" lang="en"')
    assertContains(response, "登出")  # "Log out" in the header menu, now in Chinese
