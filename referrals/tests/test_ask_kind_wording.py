"""An advice chat or a resume review is never worded as a referral: not in any e-mail (subject,
text, HTML), notification, status, timeline, message after a decision, nor in the contacts'
history and follow-ups. Every e-mail of every kind of ask, in both languages."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import make_request, page_text, run_tasks
from contacts.models import FollowUp, Interaction
from notifications.messages import notification_text
from notifications.models import Kind, Notification
from notifications.tasks import notification_email
from referrals.models import AskKind
from referrals.services import (
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_report_outcome,
    referral_thank,
    referral_withdraw,
    referrals_expire_due,
    referrals_nudge_due,
)

LANGUAGES = ["en", "zh-hant"]
OTHER_KINDS = [AskKind.ADVICE, AskKind.RESUME_REVIEW]


def _referral_words(text: str, language: str) -> list[str]:
    """Words that call the ask a referral ("referrer", 推薦人, names the person: allowed), in
    what a reader sees (not in tags and their links)."""
    text = re.sub(r"<[^>]+>", " ", text)
    if language == "en":
        return re.findall(r"\b(?:refer|refers|referred|referral|referrals)\b", text, re.I)
    return re.findall("內推", text)


def _without_signature(text: str, language: str) -> str:
    """The text e-mail signs off with the site's tagline ("the community referral network")."""
    with translation.override(language):
        signature = gettext("— Guanxi 關係, the community referral network")
    assert signature in text
    return text.replace(signature, "")


def _ask(alice, channel, kind):
    if kind == AskKind.ADVICE:
        return make_request(alice, channel, kind=kind, resume=None, job_url="", job_id="")
    return make_request(alice, channel, kind=kind)


def _every_notification(alice, bob, channel, kind) -> list[Notification]:
    """One request of ``kind`` through every step that notifies, and a second one that is
    declined, a third that expires after a nudge, and a fourth that is withdrawn."""
    from companies.services import company_create
    from conftest import make_channel

    first = _ask(alice, channel, kind)
    referral_ask_for_info(request=first, referrer=bob, question="Which team?")
    referral_answer_info(request=first, seeker=alice, answer="Platform.")
    referral_refer(request=first, referrer=bob, note="Happy to help.")
    referral_thank(request=first, seeker=alice, message="Thank you!")
    referral_report_outcome(request=first, seeker=alice, outcome="interviewing")
    for i, fate in enumerate(["declined", "expired", "withdrawn"]):
        company = company_create(name_en=f"Initech {i}", name_zh=f"公司{i}")
        other = _ask(alice, make_channel(bob, company), kind)
        if fate == "declined":
            referral_decline(request=other, referrer=bob, reason="no_opening")
        elif fate == "withdrawn":
            referral_withdraw(request=other, seeker=alice)
        else:
            with time_machine.travel(timezone.now() + timedelta(days=4), tick=False):
                referrals_nudge_due()
            with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
                referrals_expire_due()
    notifications = list(Notification.objects.order_by("pk"))
    referral_kinds = {Kind.NEW_REQUEST, Kind.NUDGE, Kind.NEEDS_INFO, Kind.INFO_PROVIDED}
    referral_kinds |= {Kind.REFERRED, Kind.DECLINED, Kind.WITHDRAWN, Kind.EXPIRED}
    referral_kinds |= {Kind.OUTCOME, Kind.THANKED}
    assert {n.kind for n in notifications} == referral_kinds  # every kind of the loop
    return notifications


@pytest.fixture(autouse=True)
def _room(settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 100
    settings.REFERRAL_MAX_PER_DAY = 100


@pytest.fixture
def speaking(alice, bob):
    def set_language(language):
        for member in (alice, bob):
            member.language = language
            member.save(update_fields=["language"])

    return set_language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_no_email_words_an_advice_chat_or_review_as_a_referral(
    alice, bob, channel, speaking, kind, language
):
    speaking(language)
    for n in _every_notification(alice, bob, channel, kind):
        with translation.override(language):
            assert _referral_words(notification_text(n), language) == [], n.kind
        message = notification_email(notification_id=n.pk)
        html = message.alternatives[0][0]
        assert _referral_words(message.subject, language) == [], (n.kind, message.subject)
        body = _without_signature(message.body, language)
        assert _referral_words(body, language) == [], (n.kind, body)
        assert _referral_words(html, language) == [], (n.kind, html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_referral_emails_still_speak_of_the_referral(alice, bob, channel, speaking, language):
    speaking(language)
    notifications = _every_notification(alice, bob, channel, AskKind.REFERRAL)
    new_request = next(n for n in notifications if n.kind == Kind.NEW_REQUEST)
    referred = next(n for n in notifications if n.kind == Kind.REFERRED)
    for n in (new_request, referred):
        assert _referral_words(notification_email(notification_id=n.pk).subject, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_emails_sent_follow_the_kind(alice, bob, channel, speaking, kind, language):
    """The e-mails the worker actually sends, end to end."""
    speaking(language)
    referral = _ask(alice, channel, kind)
    referral_refer(request=referral, referrer=bob)
    run_tasks()
    assert len(mail.outbox) == 2  # the new request to Bob, the answer to Alice
    for message in mail.outbox:
        assert _referral_words(message.subject, language) == []
        assert _referral_words(_without_signature(message.body, language), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_pages_follow_the_kind(client, alice, bob, channel, speaking, kind, language):
    speaking(language)
    referral = _ask(alice, channel, kind)
    client.force_login(bob)
    page = client.get(referral.get_inbox_url())
    decision = page_text(page).split('id="decide-title"')[1].split("</details>")[0]
    assert _referral_words(decision, language) == []
    the_seeker = page_text(page).split('class="facts small"')[1].split("</dl>")[0]
    assert _referral_words(the_seeker, language) == []
    response = client.post(reverse("referrals:refer", args=[referral.pk]), {"note": "Sure."})
    flash = page_text(client.get(response["Location"])).split('class="messages"')[1][:400]
    assert _referral_words(flash.split("</ul>")[0], language) == []

    client.force_login(alice)
    text = page_text(client.get(referral.get_absolute_url()))
    status_and_timeline = text.split('class="detail-head"')[1].split('aria-labelledby="outcome')[0]
    assert _referral_words(status_and_timeline, language) == []
    timeline = text.split('class="timeline"')[1].split("</ol>")[0]
    assert _referral_words(timeline, language) == []
    listing = page_text(client.get(reverse("referrals:my_requests")))
    row = listing.split('class="request-list"')[1].split("</ul>")[0]
    assert _referral_words(row, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_declined_page_follows_the_kind(client, alice, bob, channel, speaking, kind, language):
    speaking(language)
    referral = _ask(alice, channel, kind)
    referral_decline(request=referral, referrer=bob, reason="not_my_area")
    client.force_login(alice)
    text = page_text(client.get(referral.get_absolute_url()))
    explain = text.split('class="status-explain"')[1].split("</p>")[0]
    assert _referral_words(explain, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_contacts_history_and_follow_ups_follow_the_kind(
    alice, bob, channel, speaking, kind, language
):
    speaking(language)
    referral = _ask(alice, channel, kind)
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    referral_answer_info(request=referral, seeker=alice, answer="Platform.")
    referral_refer(request=referral, referrer=bob)
    notes = list(Interaction.objects.values_list("notes", "kind"))
    assert notes and all(k != "referral" for _notes, k in notes)
    for note, _kind in notes:
        assert _referral_words(note, language) == [], note
    topics = list(FollowUp.objects.filter(contact__owner=alice).values_list("topic", flat=True))
    assert len(topics) == 2
    for topic in topics:
        assert _referral_words(topic, language) == [], topic
