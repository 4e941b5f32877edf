"""Doing the thing closes its reminder: the automatic "send a thank-you" follow-up of a referral
is done once the thank-you is sent, and "share an update" once the outcome is reported, in the
same transaction, and what the contact shows as due moves on."""

import datetime

from django.urls import reverse

from contacts.models import Contact, FollowUp
from contacts.services import follow_up_create
from referrals.services import (
    referral_answer_info,
    referral_ask_for_info,
    referral_refer,
    referral_thank,
)


def _follow_ups(owner):
    return {
        f.occurrence_key.rsplit(":", 1)[1]: f
        for f in FollowUp.objects.filter(contact__owner=owner).exclude(occurrence_key="")
    }


def test_sending_the_thank_you_closes_its_follow_up(client, alice, bob, referral):
    referral_refer(request=referral, referrer=bob)
    before = _follow_ups(alice)
    assert set(before) == {"thanks", "outcome"}
    assert all(f.done_at is None for f in before.values())
    contact = Contact.objects.get(owner=alice, member=bob)
    assert contact.follow_up_due_on == before["thanks"].due_on

    client.force_login(alice)
    response = client.post(reverse("referrals:thank", args=[referral.pk]), {"message": "Thanks!"})
    assert response.status_code == 302
    after = _follow_ups(alice)
    assert after["thanks"].done_at is not None
    assert after["outcome"].done_at is None
    contact.refresh_from_db()
    assert contact.follow_up_due_on == after["outcome"].due_on  # the next one is due now

    response = client.post(
        reverse("referrals:outcome", args=[referral.pk]), {"outcome": "interviewing"}
    )
    assert response.status_code == 302
    assert _follow_ups(alice)["outcome"].done_at is not None
    contact.refresh_from_db()
    assert contact.follow_up_due_on is None


def test_thanked_before_the_referral_gets_no_thank_you_reminder(alice, bob, referral):
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    referral_answer_info(request=referral, seeker=alice, answer="Platform.")
    referral_thank(request=referral, seeker=alice, message="Thanks for looking!")
    referral_refer(request=referral, referrer=bob)
    follow_ups = _follow_ups(alice)
    assert "thanks" not in follow_ups or follow_ups["thanks"].done_at is not None
    assert follow_ups["outcome"].done_at is None


def test_only_that_follow_up_is_closed(alice, bob, referral):
    referral_refer(request=referral, referrer=bob)
    contact = Contact.objects.get(owner=alice, member=bob)
    mine = follow_up_create(
        owner=alice, contact=contact, topic="Send him the article", due_on=datetime.date.today()
    )
    bobs_contact = Contact.objects.get(owner=bob, member=alice)
    bobs = follow_up_create(
        owner=bob, contact=bobs_contact, topic="Ask how it went", due_on=datetime.date.today()
    )
    referral_thank(request=referral, seeker=alice, message="Thanks!")
    mine.refresh_from_db()
    bobs.refresh_from_db()
    assert mine.done_at is None and bobs.done_at is None
    assert _follow_ups(alice)["thanks"].done_at is not None


def test_already_done_by_hand_stays_as_it_was(alice, bob, referral):
    from contacts.services import follow_up_complete

    referral_refer(request=referral, referrer=bob)
    thanks = _follow_ups(alice)["thanks"]
    follow_up_complete(owner=alice, follow_up=thanks)
    thanks.refresh_from_db()
    done_at = thanks.done_at
    referral_thank(request=referral, seeker=alice, message="Thanks!")
    thanks.refresh_from_db()
    assert thanks.done_at == done_at
