"""Deadlines keep requests moving: a nudge after N days, expiry after M days, then one click to
the next most responsive referrer. The sweep is a command that is safe to run twice."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_channel, make_member, make_request, page_text, run_tasks
from notifications.models import Kind, Notification
from referrals.models import EventKind, ReferralRequest, Status
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_mark_viewed,
    referral_next_channel,
    referral_refer,
    referrals_expire_due,
    referrals_nudge_due,
)


def _sweep() -> str:
    """The sweep's resumed / nudged / expired counts, as "resumed=1 nudged=0 expired=0"."""
    out = io.StringIO()
    call_command("referral_sweep", stdout=out)
    counts = dict(pair.split("=") for pair in out.getvalue().split())
    return " ".join(f"{k}={counts[k]}" for k in ("resumed", "nudged", "expired"))


@pytest.fixture
def sent_at():
    return timezone.now()


@pytest.fixture
def waiting(alice, channel, sent_at):
    with time_machine.travel(sent_at, tick=False):
        referral = make_request(alice, channel)
        run_tasks()
    mail.outbox.clear()
    return referral


def test_no_nudge_before_the_deadline(waiting, sent_at, settings):
    days = settings.REFERRAL_NUDGE_AFTER_DAYS
    with time_machine.travel(sent_at + timedelta(days=days) - timedelta(minutes=1), tick=False):
        assert referrals_nudge_due() == 0
    waiting.refresh_from_db()
    assert waiting.nudged_at is None


def test_nudge_once_only(waiting, bob, sent_at, settings):
    when = sent_at + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS, minutes=1)
    with time_machine.travel(when, tick=False):
        assert referrals_nudge_due() == 1
        assert referrals_nudge_due() == 0
        run_tasks()
    with time_machine.travel(when + timedelta(days=1), tick=False):
        assert referrals_nudge_due() == 0
        run_tasks()
    waiting.refresh_from_db()
    assert waiting.nudged_at == when
    assert waiting.status == Status.SUBMITTED  # a nudge is a reminder, not a transition
    assert waiting.events.filter(kind=EventKind.NUDGED).count() == 1
    assert Notification.objects.filter(kind=Kind.NUDGE, recipient=bob).count() == 1
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert "is still waiting for your decision" in mail.outbox[0].subject


def test_viewed_requests_are_nudged_too(waiting, bob, sent_at, settings):
    referral_mark_viewed(request=waiting, referrer=bob)
    when = sent_at + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS, hours=1)
    with time_machine.travel(when, tick=False):
        assert referrals_nudge_due() == 1


def test_no_nudge_while_the_seeker_owes_an_answer(waiting, bob, sent_at, settings):
    referral_ask_for_info(request=waiting, referrer=bob, question="Job ID?")
    when = sent_at + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS, hours=1)
    with time_machine.travel(when, tick=False):
        assert referrals_nudge_due() == 0


def test_answer_restarts_the_nudge_clock(waiting, alice, bob, sent_at, settings):
    from referrals.services import referral_answer_info

    days = settings.REFERRAL_NUDGE_AFTER_DAYS
    with time_machine.travel(sent_at + timedelta(days=days, hours=1), tick=False):
        assert referrals_nudge_due() == 1
        referral_ask_for_info(request=waiting, referrer=bob, question="Job ID?")
        referral_answer_info(request=waiting, seeker=alice, answer="R-1")
    with time_machine.travel(sent_at + timedelta(days=2 * days, hours=2), tick=False):
        assert referrals_nudge_due() == 1
    assert waiting.events.filter(kind=EventKind.NUDGED).count() == 2


def test_expire_after_the_deadline_and_notify_seeker(waiting, alice, sent_at, settings):
    days = settings.REFERRAL_EXPIRE_AFTER_DAYS
    with time_machine.travel(sent_at + timedelta(days=days) - timedelta(minutes=1), tick=False):
        assert referrals_expire_due() == 0
    with time_machine.travel(sent_at + timedelta(days=days, minutes=1), tick=False):
        assert referrals_expire_due() == 1
        assert referrals_expire_due() == 0
        run_tasks()
    waiting.refresh_from_db()
    assert waiting.status == Status.EXPIRED
    assert waiting.events.filter(kind=EventKind.EXPIRED).count() == 1
    assert Notification.objects.filter(kind=Kind.EXPIRED, recipient=alice).count() == 1
    expired_mails = [m for m in mail.outbox if m.to == ["alice@example.com"]]
    assert len(expired_mails) == 1
    assert "expired without an answer" in expired_mails[0].subject
    waiting.channel.refresh_from_db()
    assert (waiting.channel.open_count, waiting.channel.expired_count) == (0, 1)


def test_needs_info_expires_if_the_seeker_never_answers(waiting, bob, sent_at, settings):
    asked = sent_at + timedelta(days=2)
    with time_machine.travel(asked, tick=False):
        referral_ask_for_info(request=waiting, referrer=bob, question="Job ID?")
    days = settings.REFERRAL_EXPIRE_AFTER_DAYS
    with time_machine.travel(asked + timedelta(days=days, minutes=1), tick=False):
        assert referrals_expire_due() == 1
    waiting.refresh_from_db()
    assert waiting.status == Status.EXPIRED
    # The referrer had answered: an expiry the seeker caused does not hurt the response rate.
    waiting.channel.refresh_from_db()
    assert waiting.channel.expired_count == 0
    assert waiting.channel.response_rate == 1.0


def test_decided_requests_never_expire(waiting, bob, sent_at):
    referral_refer(request=waiting, referrer=bob)
    with time_machine.travel(sent_at + timedelta(days=60), tick=False):
        assert referrals_expire_due() == 0
        assert referrals_nudge_due() == 0
    waiting.refresh_from_db()
    assert waiting.status == Status.REFERRED


def test_sweep_command_is_safe_to_run_twice(waiting, bob, acme, sent_at, settings):
    paused = make_channel(
        make_member("erin@example.com", "Erin"),
        acme,
        is_accepting=False,
        paused_until=(sent_at + timedelta(days=1)).date(),
    )
    nudge_day = sent_at + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS, minutes=1)
    with time_machine.travel(nudge_day, tick=False):
        assert _sweep() == "resumed=1 nudged=1 expired=0"
        assert _sweep() == "resumed=0 nudged=0 expired=0"
    expire_day = sent_at + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS, minutes=1)
    with time_machine.travel(expire_day, tick=False):
        assert _sweep() == "resumed=0 nudged=0 expired=1"
        assert _sweep() == "resumed=0 nudged=0 expired=0"
        run_tasks()
        run_tasks()
    paused.refresh_from_db()
    assert paused.is_accepting
    waiting.refresh_from_db()
    assert waiting.status == Status.EXPIRED
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]


# --- After expiry: the next most responsive referrer ------------------------------------------


@pytest.fixture
def expired(waiting, sent_at, settings, dana_channel):
    with time_machine.travel(
        sent_at + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS, hours=1), tick=False
    ):
        referrals_expire_due()
    waiting.refresh_from_db()
    return waiting


def test_next_referrer_is_the_most_responsive(expired, acme, charlie):
    quiet = make_channel(make_member("frank@example.com", "Frank"), acme)
    assert quiet.pk > 0
    dana_channel = referral_next_channel(request=expired)
    assert dana_channel.referrer.email == "dana@example.com"
    # Make Frank the more responsive one: he has answered a request.
    answered = make_request(charlie, quiet)
    referral_decline(request=answered, referrer=quiet.referrer, reason="other")
    assert referral_next_channel(request=expired) == quiet


def test_next_referrer_skips_full_paused_and_unsuitable(expired, dana_channel, acme):
    from referrals.models import AskKind

    dana_channel.is_accepting = False
    dana_channel.save(update_fields=["is_accepting"])
    make_channel(make_member("gina@example.com", "Gina"), acme, accepted_kinds=[AskKind.ADVICE])
    assert referral_next_channel(request=expired) is None


def test_seeker_page_offers_next_referrer_and_resends(client, alice, expired, dana_channel):
    client.force_login(alice)
    url = reverse("referrals:my_request", args=[expired.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["next_channel"] == dana_channel
    resend_url = reverse("referrals:resend", args=[expired.pk, dana_channel.pk])
    text = page_text(response)
    assert resend_url in text
    assert "Dana Huang" in text

    response = client.post(resend_url, follow=True)
    new = ReferralRequest.objects.exclude(pk=expired.pk).get()
    assert response.redirect_chain[-1][0] == new.get_absolute_url()
    assert "Your request has been sent to Dana Huang." in page_text(response)
    assert new.channel == dana_channel
    assert new.status == Status.SUBMITTED
    assert (new.position_title, new.note, new.job_id, new.resume) == (
        expired.position_title,
        expired.note,
        expired.job_id,
        expired.resume,
    )
    # Dana's inbox now has it; the old one stays expired.
    expired.refresh_from_db()
    assert expired.status == Status.EXPIRED
    client.force_login(dana_channel.referrer)
    assert client.get(new.get_inbox_url()).status_code == 200

    # A second click does not create a second open request.
    client.force_login(alice)
    client.post(resend_url)
    assert ReferralRequest.objects.filter(status__in=["submitted", "viewed"]).count() == 1


def test_resend_of_an_open_request_is_refused(client, alice, waiting, dana_channel):
    client.force_login(alice)
    response = client.post(
        reverse("referrals:resend", args=[waiting.pk, dana_channel.pk]), follow=True
    )
    assert "This request is still open." in page_text(response)
    assert ReferralRequest.objects.count() == 1


def test_open_request_offers_no_next_referrer(client, alice, waiting, dana_channel):
    client.force_login(alice)
    response = client.get(reverse("referrals:my_request", args=[waiting.pk]))
    assert response.context["next_channel"] is None


def test_the_sweep_expires_in_batches_with_the_same_effects_and_few_statements(
    channel, bob, dana, acme, sent_at, settings
):
    # The shared cache in memory, as Redis in production: only SQL statements are counted.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    danas = make_channel(dana, acme)
    seekers = [make_member(f"seeker{i}@example.com", f"Seeker {i}") for i in range(5)]
    with time_machine.travel(sent_at, tick=False):
        asks = [make_request(s, channel if i < 2 else danas) for i, s in enumerate(seekers)]
        referral_ask_for_info(request=asks[0], referrer=bob, question="Job ID?")
        run_tasks()
    mail.outbox.clear()
    notified_before = Notification.objects.filter(kind=Kind.EXPIRED).count()

    due = sent_at + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS, minutes=1)
    with time_machine.travel(due, tick=False):
        with CaptureQueriesContext(connection) as queries:
            assert referrals_expire_due(batch_size=3) == 5  # two batches: 3, then 2
        assert referrals_expire_due(batch_size=3) == 0
        run_tasks()

    statuses = ReferralRequest.objects.filter(pk__in=[a.pk for a in asks])
    assert set(statuses.values_list("status", flat=True)) == {Status.EXPIRED}
    assert all(r.closed_at == due and r.expires_at is None for r in statuses)
    for ask in asks:
        assert ask.events.filter(kind=EventKind.EXPIRED, created_at=due).count() == 1
    assert Notification.objects.filter(kind=Kind.EXPIRED).count() == notified_before + 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in seekers)
    channel.refresh_from_db()
    danas.refresh_from_db()
    # Bob answered one of his two (asked for information): only the other counts as expired.
    assert (channel.open_count, channel.expired_count) == (0, 1)
    assert (danas.open_count, danas.expired_count) == (0, 3)
    # Per row, only its e-mail task is a statement of its own; the rest is per batch (with
    # the two that move both sides' lists versions).
    assert len(queries) - 5 <= 2 * 10
