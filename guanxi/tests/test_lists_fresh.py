"""A member's own lists show every change at once.

"My requests", the referral inbox, the contacts list and "Keep in touch" are each member's own.
Each test views a list first, then changes it the way the product does (the other side's
action, the sweep, an import…) and views it again: the change must show at once, and no member
ever sees another's list. (These pages were once kept rendered per version; the tests stay so
that a cache added later cannot serve a stale list.)
"""

import datetime
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from conftest import make_request, pdf_upload
from contacts.linkedin import contacts_import_linkedin
from contacts.services import (
    contact_create,
    contact_delete,
    follow_up_complete,
    follow_up_create,
    interaction_log,
    relationship_record,
    reminder_settings_save,
)
from referrals.services import (
    channel_delete,
    referral_decline,
    referral_refer,
    referral_thank,
    referrals_expire_due,
    referrals_nudge_due,
)
from resumes.services import resume_create, resume_delete
from workflows.members import member_delete

MY_REQUESTS = reverse("referrals:my_requests")
INBOX = reverse("referrals:inbox")
CONTACTS = reverse("contacts:list")
GONE_QUIET = reverse("contacts:gone_quiet")


def view(client, member, url):
    client.force_login(member)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def test_the_list_is_not_shared_between_members_or_languages(client, alice, bob, referral):
    assertContains(view(client, alice, MY_REQUESTS), "Backend engineer")
    response = view(client, bob, MY_REQUESTS)
    assertNotContains(response, "Backend engineer")
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    assertContains(view(client, alice, MY_REQUESTS), "<h1>我的內推申請</h1>", html=False)


# --- Referrals: both sides see every change at once ------------------------------------------


def test_a_new_request_shows_in_the_referrers_inbox(client, alice, bob, channel):
    assertContains(view(client, bob, INBOX), "No request is waiting for you.")
    make_request(alice, channel, position_title="Firmware engineer")
    response = view(client, bob, INBOX)
    assertContains(response, "Firmware engineer")
    assertNotContains(response, "No request is waiting for you.")


def test_the_referrers_decision_shows_in_my_requests(client, alice, bob, referral):
    assertContains(view(client, alice, MY_REQUESTS), "status-submitted")
    referral_decline(request=referral, referrer=bob, reason="no_opening")
    assertContains(view(client, alice, MY_REQUESTS), "status-declined")


def test_the_seekers_thanks_show_in_the_inbox_history(client, alice, bob, referral):
    referral_refer(request=referral, referrer=bob)
    assertNotContains(view(client, bob, INBOX), "The seeker thanked you")
    referral_thank(request=referral, seeker=alice, message="Thank you so much!")
    assertContains(view(client, bob, INBOX), "The seeker thanked you")


def test_the_sweep_shows_on_both_sides(client, alice, bob, referral):
    assertContains(view(client, alice, MY_REQUESTS), "status-submitted")
    assertContains(view(client, bob, INBOX), "status-submitted")
    assert referrals_expire_due(now=timezone.now() + timedelta(days=60)) == 1
    assertContains(view(client, alice, MY_REQUESTS), "status-expired")
    assertContains(view(client, bob, INBOX), "status-expired")


def test_a_nudge_marks_the_request_late_in_the_inbox(client, bob, referral):
    assertNotContains(view(client, bob, INBOX), "age is-late")
    assert referrals_nudge_due(now=timezone.now() + timedelta(days=30)) == 1
    assertContains(view(client, bob, INBOX), "age is-late")


def test_a_deleted_resume_leaves_the_inbox_at_once(client, alice, bob, channel):
    resume = resume_create(owner=alice, upload=pdf_upload())
    make_request(alice, channel, resume=resume)
    assertContains(view(client, bob, INBOX), "Resume attached")
    resume_delete(resume=resume)
    assertNotContains(view(client, bob, INBOX), "Resume attached")


def test_a_deleted_channel_takes_its_requests_off_my_requests(client, alice, bob, referral):
    referral_decline(request=referral, referrer=bob, reason="no_opening")
    assertContains(view(client, alice, MY_REQUESTS), "Backend engineer")
    channel_delete(channel=referral.channel)
    assertContains(view(client, alice, MY_REQUESTS), "You have not asked anyone yet.")


def test_a_member_who_leaves_is_gone_from_the_other_sides_lists(client, alice, bob, referral):
    assertContains(view(client, bob, INBOX), "Alice Lin")
    member_delete(member=alice)
    response = view(client, bob, INBOX)
    assertNotContains(response, "Alice Lin")
    assertContains(response, "A deleted member")


# --- Contacts ----------------------------------------------------------------------------------


def test_logging_a_conversation_shows_in_the_contacts_list(client, alice):
    contact = contact_create(owner=alice, name="Mei Lin")
    assertContains(view(client, alice, CONTACTS), "No conversation logged yet")
    interaction_log(
        owner=alice, contact=contact, kind="coffee", occurred_at=timezone.now(), topics="Chips"
    )
    assertNotContains(view(client, alice, CONTACTS), "No conversation logged yet")


def test_a_deleted_contact_leaves_the_list(client, alice):
    contact = contact_create(owner=alice, name="Mei Lin")
    assertContains(view(client, alice, CONTACTS), "Mei Lin")
    contact_delete(contact=contact, owner=alice)
    assertNotContains(view(client, alice, CONTACTS), "Mei Lin")


def test_an_import_shows_its_contacts(client, alice):
    assertContains(view(client, alice, CONTACTS), "Your contacts list is empty.")
    contacts_import_linkedin(
        owner=alice,
        data=b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        b"Mei,Lin,https://www.linkedin.com/in/meilin,,Acme,Engineer,15 Mar 2024\r\n",
    )
    assertContains(view(client, alice, CONTACTS), "Mei Lin")


def test_a_referral_puts_each_side_in_the_others_contacts(client, alice, bob, referral):
    assertNotContains(view(client, bob, CONTACTS), "Alice Lin")
    referral_refer(request=referral, referrer=bob)
    assertContains(view(client, bob, CONTACTS), "Alice Lin")


def test_a_contact_who_leaves_is_no_longer_a_member_in_the_list(client, alice, bob):
    relationship_record(owner=alice, other=bob, kind="coffee", occurred_at=timezone.now())
    assertContains(view(client, alice, CONTACTS), "Guanxi member")
    member_delete(member=bob)
    assertNotContains(view(client, alice, CONTACTS), "Guanxi member")


def test_a_follow_up_done_leaves_keep_in_touch(client, alice):
    contact = contact_create(owner=alice, name="Mei Lin")
    follow_up = follow_up_create(
        owner=alice, contact=contact, topic="Send the slides", due_on=timezone.localdate()
    )
    assertContains(view(client, alice, GONE_QUIET), "Send the slides")
    follow_up_complete(owner=alice, follow_up=follow_up)
    assertNotContains(view(client, alice, GONE_QUIET), "Send the slides")


def test_turning_the_digest_on_hides_the_offer_in_keep_in_touch(client, alice):
    assertContains(view(client, alice, GONE_QUIET), "Choose a daily or weekly digest")
    reminder_settings_save(member=alice, frequency="weekly")
    assertNotContains(view(client, alice, GONE_QUIET), "Choose a daily or weekly digest")


def test_keep_in_touch_moves_with_the_day(client, alice):
    contact = contact_create(owner=alice, name="Mei Lin")
    tomorrow = timezone.localdate() + timedelta(days=1)
    follow_up_create(owner=alice, contact=contact, topic="Send the slides", due_on=tomorrow)
    assertNotContains(view(client, alice, GONE_QUIET), "Send the slides")
    noon = datetime.datetime.combine(
        tomorrow, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(noon, tick=False):
        assertContains(view(client, alice, GONE_QUIET), "Send the slides")
