"""Every step of a request's life, through the pages both sides use, and the steps refused."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_request, page_text
from referrals.models import (
    EventKind,
    ReferralRequest,
    ReferrerChannel,
    RequestEvent,
    Status,
)
from referrals.services import (
    TRANSITIONS,
    ReferralError,
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_mark_viewed,
    referral_refer,
    referral_report_outcome,
    referral_thank,
    referral_withdraw,
    referrals_expire_due,
)


def _kinds(referral):
    return list(referral.events.values_list("kind", flat=True))


def _state(referral):
    referral.refresh_from_db()
    channel = ReferrerChannel.objects.get(pk=referral.channel_id)
    return (
        referral.status,
        referral.decline_reason,
        referral.outcome,
        referral.thanked_at,
        referral.closed_at,
        referral.events.count(),
        channel.open_count,
        channel.referred_count,
        channel.responded_count,
    )


def test_new_request_is_submitted_with_deadlines(alice, channel, settings):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        referral = make_request(alice, channel)
    assert referral.status == Status.SUBMITTED
    assert referral.expires_at == now + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS)
    assert referral.nudge_at == now + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS)
    assert _kinds(referral) == [EventKind.SUBMITTED]
    channel.refresh_from_db()
    assert (channel.open_count, channel.received_count) == (1, 1)


def test_opening_the_inbox_detail_marks_viewed_once(client, bob, referral):
    client.force_login(bob)
    url = reverse("referrals:inbox_request", args=[referral.pk])
    assert client.get(url).status_code == 200
    referral.refresh_from_db()
    assert referral.status == Status.VIEWED
    assert client.get(url).status_code == 200
    assert _kinds(referral) == [EventKind.SUBMITTED, EventKind.VIEWED]
    # Viewing is not an answer: the clock for the response-time metric keeps running.
    assert referral.first_response_at is None


def test_seeker_opening_own_request_does_not_mark_viewed(client, alice, referral):
    client.force_login(alice)
    client.get(reverse("referrals:my_request", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_needs_info_then_answer_goes_back_to_referrer(client, alice, bob, referral, settings):
    client.force_login(bob)
    client.get(reverse("referrals:inbox_request", args=[referral.pk]))
    response = client.post(
        reverse("referrals:ask_for_info", args=[referral.pk]),
        {"question": "Could you send the job ID?", "contact": "bob@acme.example"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.NEEDS_INFO
    assert referral.referrer_contact == "bob@acme.example"
    assert referral.first_response_at is not None
    assert referral.nudge_at is None  # the seeker owes the answer, nobody nudges the referrer

    later = timezone.now() + timedelta(hours=5)
    with time_machine.travel(later, tick=False):
        client.force_login(alice)
        response = client.post(
            reverse("referrals:answer", args=[referral.pk]), {"answer": "It is R-1, sorry!"}
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    # Fresh deadlines from the answer on.
    assert referral.expires_at == later + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS)
    assert referral.nudge_at == later + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS)
    assert _kinds(referral) == [
        EventKind.SUBMITTED,
        EventKind.VIEWED,
        EventKind.NEEDS_INFO,
        EventKind.INFO_PROVIDED,
    ]
    events = list(referral.events.order_by("created_at", "pk"))
    assert events[2].message == "Could you send the job ID?"
    assert events[2].actor == bob
    assert events[3].message == "It is R-1, sorry!"
    assert events[3].actor == alice


def test_refer_updates_request_and_channel(client, bob, referral):
    client.force_login(bob)
    response = client.post(
        reverse("referrals:refer", args=[referral.pk]),
        {"note": "Submitted in our portal.", "contact": "bob@acme.example"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Marked as referred." in page_text(response)
    referral.refresh_from_db()
    assert referral.status == Status.REFERRED
    assert referral.closed_at is not None
    assert referral.expires_at is None and referral.nudge_at is None
    channel = referral.channel
    channel.refresh_from_db()
    assert channel.open_count == 0
    assert channel.referred_count == 1
    assert channel.last_referred_at == referral.closed_at
    assert channel.responded_count == 1
    assert _kinds(referral)[-1] == EventKind.REFERRED


def test_decline_with_reason_and_note(client, bob, referral):
    client.force_login(bob)
    response = client.post(
        reverse("referrals:decline", args=[referral.pk]),
        {"reason": "level_mismatch", "note": "Try the senior role in a year."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.decline_reason == "level_mismatch"
    event = referral.events.last()
    assert (event.kind, event.detail, event.message) == (
        EventKind.DECLINED,
        "level_mismatch",
        "Try the senior role in a year.",
    )
    assert event.detail_label == "Level mismatch"
    referral.channel.refresh_from_db()
    assert referral.channel.open_count == 0


def test_decline_without_reason_is_refused(client, bob, referral):
    client.force_login(bob)
    client.get(reverse("referrals:inbox_request", args=[referral.pk]))
    before = _state(referral)
    response = client.post(
        reverse("referrals:decline", args=[referral.pk]), {"reason": "", "note": "no"}, follow=True
    )
    assert response.status_code == 200
    assert _state(referral) == before
    assert "This field is required." in page_text(response)
    with pytest.raises(ReferralError, match="Please choose a reason"):
        referral_decline(request=referral, referrer=bob, reason="made-up")
    assert _state(referral) == before


def test_withdraw_by_seeker(client, alice, referral):
    client.force_login(alice)
    response = client.post(reverse("referrals:withdraw", args=[referral.pk]), follow=True)
    assert "Your request has been withdrawn." in page_text(response)
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.closed_at is not None
    referral.channel.refresh_from_db()
    assert referral.channel.open_count == 0
    assert referral.events.last().kind == EventKind.WITHDRAWN


def test_expired_after_deadline(alice, referral, settings):
    later = timezone.now() + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert referrals_expire_due() == 1
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED
    assert referral.events.last().kind == EventKind.EXPIRED
    assert referral.events.last().actor is None
    referral.channel.refresh_from_db()
    assert (referral.channel.open_count, referral.channel.expired_count) == (0, 1)


def test_outcome_and_thanks_after_referral(client, alice, bob, referral):
    referral_refer(request=referral, referrer=bob)
    client.force_login(alice)
    response = client.post(
        reverse("referrals:outcome", args=[referral.pk]), {"outcome": "interviewing"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("referrals:thank", args=[referral.pk]), {"message": "Thank you, Bob!"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "interviewing"
    assert referral.thanked_at is not None
    assert _kinds(referral)[-2:] == [EventKind.OUTCOME, EventKind.THANKED]

    # A second thank-you is refused, with nothing added.
    before = _state(referral)
    response = client.post(
        reverse("referrals:thank", args=[referral.pk]), {"message": "Again!"}, follow=True
    )
    assert "You have already sent a thank-you for this request." in page_text(response)
    assert _state(referral) == before


# --- Refused transitions: nothing changes -----------------------------------------------------


def test_refer_a_withdrawn_request_is_refused(client, alice, bob, referral):
    referral_withdraw(request=referral, seeker=alice)
    before = _state(referral)
    client.force_login(bob)
    response = client.post(
        reverse("referrals:refer", args=[referral.pk]), {"note": "", "contact": ""}, follow=True
    )
    assert response.status_code == 200
    assert "so that is no longer possible" in page_text(response)
    assert _state(referral) == before
    with pytest.raises(ReferralError):
        referral_refer(request=referral, referrer=bob)
    assert _state(referral) == before


def test_answer_when_not_needs_info_is_refused(client, alice, referral):
    before = _state(referral)
    client.force_login(alice)
    response = client.post(
        reverse("referrals:answer", args=[referral.pk]), {"answer": "Unasked"}, follow=True
    )
    assert response.status_code == 200
    assert "so that is no longer possible" in page_text(response)
    assert _state(referral) == before


def test_empty_answer_is_refused(alice, bob, referral):
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    before = _state(referral)
    with pytest.raises(ReferralError, match="Please write your answer."):
        referral_answer_info(request=referral, seeker=alice, answer="   ")
    assert _state(referral) == before


def test_outcome_before_referral_is_refused(alice, referral):
    before = _state(referral)
    with pytest.raises(ReferralError, match="once you have been referred"):
        referral_report_outcome(request=referral, seeker=alice, outcome="hired")
    assert _state(referral) == before


def test_thanks_before_any_answer_is_refused(alice, referral):
    before = _state(referral)
    with pytest.raises(ReferralError, match="once the referrer has answered"):
        referral_thank(request=referral, seeker=alice, message="Thanks in advance")
    assert _state(referral) == before


@pytest.mark.parametrize("closing", ["referred", "declined", "withdrawn", "expired"])
def test_closed_requests_accept_no_further_decision(alice, bob, referral, closing, settings):
    if closing == "referred":
        referral_refer(request=referral, referrer=bob)
    elif closing == "declined":
        referral_decline(request=referral, referrer=bob, reason="no_opening")
    elif closing == "withdrawn":
        referral_withdraw(request=referral, seeker=alice)
    else:
        with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
            referrals_expire_due()
    before = _state(referral)
    for action in (
        lambda: referral_refer(request=referral, referrer=bob),
        lambda: referral_decline(request=referral, referrer=bob, reason="other"),
        lambda: referral_ask_for_info(request=referral, referrer=bob, question="?"),
        lambda: referral_withdraw(request=referral, seeker=alice),
    ):
        with pytest.raises(ReferralError):
            action()
    assert _state(referral) == before


def test_wrong_person_is_refused_by_the_services(alice, bob, charlie, referral):
    before = _state(referral)
    with pytest.raises(ReferralError, match="Only the referrer"):
        referral_refer(request=referral, referrer=alice)
    with pytest.raises(ReferralError, match="Only the referrer"):
        referral_mark_viewed(request=referral, referrer=charlie)
    with pytest.raises(ReferralError, match="Only the person who sent"):
        referral_withdraw(request=referral, seeker=bob)
    assert _state(referral) == before


def test_transition_table_is_the_lifecycle():
    """Only the seeker answers or withdraws, only the system expires, only the referrer decides."""
    assert TRANSITIONS[(Status.NEEDS_INFO, Status.SUBMITTED)] == "seeker"
    assert {to for (frm, to) in TRANSITIONS if frm in (Status.REFERRED, Status.DECLINED)} == set()
    assert not any(frm in (Status.WITHDRAWN, Status.EXPIRED) for frm, _to in TRANSITIONS)
    assert {role for (frm, to), role in TRANSITIONS.items() if to == Status.EXPIRED} == {"system"}


# --- The timeline, on both sides --------------------------------------------------------------


def test_timeline_shown_to_both_sides(client, alice, bob, referral):
    client.force_login(bob)
    client.get(reverse("referrals:inbox_request", args=[referral.pk]))
    referral_ask_for_info(request=referral, referrer=bob, question="Which location suits you?")
    referral_answer_info(request=referral, seeker=alice, answer="Hsinchu works best.")
    referral_decline(
        request=referral, referrer=bob, reason="no_opening", note="Nothing in Hsinchu now."
    )
    expected = [
        EventKind.SUBMITTED,
        EventKind.VIEWED,
        EventKind.NEEDS_INFO,
        EventKind.INFO_PROVIDED,
        EventKind.DECLINED,
    ]
    assert _kinds(referral) == expected
    assert all(e.created_at for e in RequestEvent.objects.filter(request=referral))

    pages = {
        "seeker": (alice, reverse("referrals:my_request", args=[referral.pk])),
        "referrer": (bob, reverse("referrals:inbox_request", args=[referral.pk])),
    }
    for side, (member, url) in pages.items():
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 200, side
        assert [e.kind for e in response.context["events"]] == expected, side
        text = page_text(response)
        for sentence in (
            "Which location suits you?",
            "Hsinchu works best.",
            "Nothing in Hsinchu now.",
            str(EventKind.SUBMITTED.label),
            str(EventKind.DECLINED.label),
            "No matching opening",
        ):
            assert sentence in text, (side, sentence)


def test_timeline_in_chinese_uses_the_catalogue(client, alice, bob, referral):
    """Event labels come from gettext: once zh-Hant catalogues land, the Chinese page shows them."""
    referral_refer(request=referral, referrer=bob)
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.get(
        reverse("referrals:my_request", args=[referral.pk]), HTTP_ACCEPT_LANGUAGE="zh-Hant"
    )
    assert response["Content-Language"] == "zh-hant"
    with translation.override("zh-hant"):
        expected = [str(EventKind.SUBMITTED.label), str(EventKind.REFERRED.label)]
        status = str(Status.REFERRED.label)
    text = page_text(response)
    for sentence in [*expected, status]:
        assert sentence in text


def test_referral_request_row_count_unchanged_by_refusals(client, alice, bob, referral):
    referral_withdraw(request=referral, seeker=alice)
    count = ReferralRequest.objects.count()
    client.force_login(bob)
    client.post(reverse("referrals:refer", args=[referral.pk]), {"note": "", "contact": ""})
    client.post(reverse("referrals:decline", args=[referral.pk]), {"reason": "other"})
    assert ReferralRequest.objects.count() == count
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
