"""Referral → relationship: replies and referrals put both sides in each other's contacts."""

import datetime
import zoneinfo

import time_machine
from django.utils import timezone

from contacts.models import Contact, FollowUp, Interaction
from contacts.services import relationship_record
from referrals.services import referral_ask_for_info, referral_decline, referral_refer

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")


def test_relationship_record_is_idempotent(alice, bob):
    bob.headline = "Staff engineer"
    bob.save()
    now = timezone.now()
    for _ in range(2):
        relationship_record(
            owner=alice, other=bob, kind="coffee", occurred_at=now, summary="Chat", link="/c/1/"
        )
    contact = Contact.objects.get(owner=alice)
    assert (contact.member, contact.name, contact.title) == (bob, "Bob Chen", "Staff engineer")
    assert contact.email == ""  # a member's address is never copied
    assert Interaction.objects.filter(contact=contact).count() == 1
    relationship_record(owner=alice, other=bob, kind="call", occurred_at=now, link="/c/2/")
    assert Contact.objects.filter(owner=alice).count() == 1
    assert Interaction.objects.filter(contact=contact).count() == 2
    relationship_record(owner=alice, other=alice, kind="call", occurred_at=now)
    assert Contact.objects.filter(owner=alice).count() == 1


def test_relationship_resets_the_cadence(alice, bob):
    relationship_record(owner=alice, other=bob, kind="message", occurred_at=timezone.now())
    contact = Contact.objects.get(owner=alice)
    contact.cadence_days = 14
    contact.save()
    later = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        relationship_record(owner=alice, other=bob, kind="event", occurred_at=later)
    contact.refresh_from_db()
    assert contact.next_due_at == later + datetime.timedelta(days=14)


def test_referral_adds_both_sides_and_suggests_follow_ups(alice, bob, referral):
    # Late in the evening in Taipei (UTC is still on the previous day for some of it).
    now = timezone.now().astimezone(TAIPEI).replace(hour=22, minute=30) + datetime.timedelta(1)
    with time_machine.travel(now, tick=False):
        referral_refer(request=referral, referrer=bob, note="Done!")
    seeker_side = Contact.objects.get(owner=alice, member=bob)
    referrer_side = Contact.objects.get(owner=bob, member=alice)
    assert seeker_side.company == "Acme Semiconductor"
    assert seeker_side.title == "Senior engineer"
    note = seeker_side.last_interaction.notes
    assert note == "Referral request for Backend engineer at Acme Semiconductor: referred."
    assert seeker_side.last_interaction.kind == "referral"
    assert referrer_side.last_interaction.link == f"/inbox/{referral.pk}/"
    follow_ups = list(FollowUp.objects.filter(contact=seeker_side).order_by("due_on"))
    assert [(f.topic, f.due_on) for f in follow_ups] == [
        ("Send a thank-you for the referral.", now.date() + datetime.timedelta(days=1)),
        ("Share an update on the outcome of the referral.", now.date() + datetime.timedelta(21)),
    ]
    assert not FollowUp.objects.filter(contact=referrer_side).exists()


def test_follow_up_topics_in_the_seekers_language(bob, channel):
    from conftest import make_member, make_request

    mei = make_member("mei@example.com", "美玲", language="zh-hant")
    request = make_request(mei, channel)
    referral_refer(request=request, referrer=bob)
    topics = set(FollowUp.objects.filter(contact__owner=mei).values_list("topic", flat=True))
    assert "Send a thank-you for the referral." not in topics
    assert len(topics) == 2


def test_first_reply_only(alice, bob, referral):
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    assert Interaction.objects.filter(contact__owner=alice).count() == 1
    assert Interaction.objects.filter(contact__owner=bob).count() == 1
    assert not FollowUp.objects.exists()
    referral.refresh_from_db()
    referral_decline(request=referral, referrer=bob, reason="level_mismatch")
    # Not the first reply any more: no new interaction.
    assert Interaction.objects.filter(contact__owner=alice).count() == 1


def test_decline_records_the_relationship(alice, bob, referral):
    referral_decline(request=referral, referrer=bob, reason="level_mismatch")
    contact = Contact.objects.get(owner=alice, member=bob)
    assert contact.last_interaction.notes.endswith("declined.")
    assert not FollowUp.objects.exists()


def test_contact_takes_company_and_title_from_the_network_profile(alice, bob):
    from network.models import NetworkProfile

    NetworkProfile.objects.create(user=bob, company="TSMC", job_title="Director", listed=True)
    relationship_record(owner=alice, other=bob, kind="message", occurred_at=timezone.now())
    contact = Contact.objects.get(owner=alice)
    assert (contact.company, contact.title) == ("TSMC", "Director")


def test_a_conversation_logged_now_is_the_latest(client, alice, bob):
    from django.urls import reverse

    relationship_record(owner=alice, other=bob, kind="message", occurred_at=timezone.now())
    contact = Contact.objects.get(owner=alice)
    minute = timezone.localtime().replace(second=0, microsecond=0)
    client.force_login(alice)
    client.post(
        reverse("contacts:log", args=[contact.pk]),
        {"kind": "coffee", "occurred_at": minute.strftime("%Y-%m-%dT%H:%M"), "topics": "visas"},
    )
    contact.refresh_from_db()
    assert contact.last_interaction.topics == "visas"
