"""Each event that needs someone's action: an in-app notification and an e-mail (HTML + text)
to the right person, in their language, sent by a background task that is safe to run twice."""

import zoneinfo
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from conftest import make_request, run_tasks
from guanxi.formats import when
from notifications.messages import notification_text
from notifications.models import Kind, Notification
from notifications.tasks import send_notification_email
from referrals.services import (
    ReferralError,
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_report_outcome,
    referral_thank,
    referral_withdraw,
    referrals_expire_due,
)


def _only_mail():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return mail.outbox[0]


def _parts(message):
    html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html) == 1
    return message.body, html[0]


def _assert_mail_for(message, user, kind, referral):
    assert message.to == [user.email]
    notification = Notification.objects.get(recipient=user, kind=kind, referral_request=referral)
    language = user.language or "zh-hant"
    with translation.override(language):
        headline = notification_text(notification)
    assert headline in message.subject
    text, html = _parts(message)
    assert headline in text
    assert referral.position_title in text
    link = (
        referral.get_absolute_url()
        if kind in (Kind.NEEDS_INFO, Kind.REFERRED, Kind.DECLINED, Kind.EXPIRED)
        else referral.get_inbox_url()
    )
    assert link in text and link in html
    assert message.extra_headers["Content-Language"] == language
    assert message.message()["Content-Language"] == language
    assert notification.emailed_at is not None
    return notification


@pytest.fixture
def sent(referral):
    run_tasks()
    return referral


def test_new_request_mails_the_referrer(alice, bob, sent):
    message = _only_mail()
    _assert_mail_for(message, bob, Kind.NEW_REQUEST, sent)
    assert "Alice Lin asked you for a referral for Backend engineer at Acme Semiconductor." in (
        message.subject
    )
    assert "Hello Bob Chen," in message.body
    assert not Notification.objects.filter(recipient=alice).exists()


def test_needs_info_mails_the_seeker(alice, bob, sent):
    mail.outbox.clear()
    referral_ask_for_info(request=sent, referrer=bob, question="Which team?")
    run_tasks()
    _assert_mail_for(_only_mail(), alice, Kind.NEEDS_INFO, sent)


def test_answer_mails_the_referrer(alice, bob, sent):
    referral_ask_for_info(request=sent, referrer=bob, question="Which team?")
    run_tasks()
    mail.outbox.clear()
    referral_answer_info(request=sent, seeker=alice, answer="Platform")
    run_tasks()
    _assert_mail_for(_only_mail(), bob, Kind.INFO_PROVIDED, sent)


@pytest.mark.parametrize("decision", ["referred", "declined"])
def test_decision_mails_the_seeker(alice, bob, sent, decision):
    mail.outbox.clear()
    if decision == "referred":
        referral_refer(request=sent, referrer=bob)
        kind = Kind.REFERRED
    else:
        referral_decline(request=sent, referrer=bob, reason="no_opening")
        kind = Kind.DECLINED
    run_tasks()
    _assert_mail_for(_only_mail(), alice, kind, sent)


def test_expiry_mails_the_seeker(alice, sent):
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        referrals_expire_due()
        run_tasks()
    _assert_mail_for(_only_mail(), alice, Kind.EXPIRED, sent)


def test_thanks_and_outcome_mail_the_referrer(alice, bob, sent):
    referral_refer(request=sent, referrer=bob)
    run_tasks()
    mail.outbox.clear()
    referral_thank(request=sent, seeker=alice, message="Thank you!")
    run_tasks()
    _assert_mail_for(_only_mail(), bob, Kind.THANKED, sent)
    mail.outbox.clear()
    referral_report_outcome(request=sent, seeker=alice, outcome="hired")
    run_tasks()
    _assert_mail_for(_only_mail(), bob, Kind.OUTCOME, sent)


def test_withdrawal_is_in_app_only(alice, bob, sent):
    mail.outbox.clear()
    referral_withdraw(request=sent, seeker=alice)
    run_tasks()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=bob, kind=Kind.WITHDRAWN).count() == 1


def test_mail_in_the_recipients_language(alice, bob, channel):
    bob.language = "zh-hant"
    bob.save(update_fields=["language"])
    referral = make_request(alice, channel)
    run_tasks()
    message = _only_mail()
    notification = _assert_mail_for(message, bob, Kind.NEW_REQUEST, referral)
    with translation.override("zh-hant"):
        zh = notification_text(notification)
        hello = translation.gettext("Hello %(name)s,") % {"name": "Bob Chen"}
    with translation.override("en"):
        en = notification_text(notification)
    assert zh in message.subject
    assert hello in message.body
    if zh != en:  # the catalogue has it: no English leaks into the Chinese e-mail
        assert en not in message.subject
        assert en not in message.body
    assert message.extra_headers["Content-Language"] == "zh-hant"
    _text, html = _parts(message)
    assert 'lang="zh-Hant"' in html

    # Meanwhile the English-speaking seeker gets English.
    mail.outbox.clear()
    referral_refer(request=referral, referrer=bob)
    run_tasks()
    message = _only_mail()
    assert message.extra_headers["Content-Language"] == "en"
    assert "Bob Chen referred you for Backend engineer at Acme Semiconductor." in message.subject
    assert 'lang="en"' in _parts(message)[1]


def test_member_without_language_gets_the_site_default(alice, bob, channel, settings):
    bob.language = ""
    bob.save(update_fields=["language"])
    make_request(alice, channel)
    run_tasks()
    assert _only_mail().extra_headers["Content-Language"] == settings.LANGUAGE_CODE


def test_deadline_in_mail_uses_the_recipients_time_zone(alice, bob, channel, settings):
    import datetime as dt

    bob.time_zone = "Europe/London"
    bob.save(update_fields=["time_zone"])
    moment = dt.datetime(2026, 1, 10, 20, 0, tzinfo=dt.UTC)  # winter: London = UTC
    with time_machine.travel(moment, tick=False):
        make_request(alice, channel)
        run_tasks()
    expires = moment + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS)
    london = zoneinfo.ZoneInfo("Europe/London")
    with time_machine.travel(moment), translation.override("en"), timezone.override(london):
        shown = when(expires, "weekday_time")
    assert shown.endswith(", 8:00 PM")
    assert f"{shown} London time (UTC+0)" in _only_mail().body
    # Taipei would have been the next morning.
    assert "4:00 AM" not in _only_mail().body


def test_task_is_safe_to_run_twice(bob, referral):
    notification = Notification.objects.get(recipient=bob, kind=Kind.NEW_REQUEST)
    run_tasks()
    assert len(mail.outbox) == 1
    send_notification_email.call(notification_id=notification.pk)
    send_notification_email.enqueue(notification_id=notification.pk)
    run_tasks()
    assert len(mail.outbox) == 1


def test_failed_send_can_be_retried(bob, referral, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    notification = Notification.objects.get(recipient=bob, kind=Kind.NEW_REQUEST)

    def boom(self, *a, **kw):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", boom)
    with pytest.raises(ConnectionError):
        send_notification_email.call(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None  # released for the next attempt
    monkeypatch.undo()
    send_notification_email.call(notification_id=notification.pk)
    assert len(mail.outbox) == 1


def test_task_is_queued_with_the_change_and_only_then(alice, bob, channel, referral):
    assert DBTaskResult.objects.count() == 1
    with pytest.raises(ReferralError):
        make_request(alice, channel)  # refused: one open request per company
    assert DBTaskResult.objects.count() == 1
    assert Notification.objects.count() == 1
    task = DBTaskResult.objects.get()
    assert task.task_path == "notifications.tasks.send_notification_email"
    assert task.args_kwargs["kwargs"] == {"notification_id": Notification.objects.get().pk}


def test_in_app_notifications_for_each_event(alice, bob, sent):
    referral_ask_for_info(request=sent, referrer=bob, question="?")
    referral_answer_info(request=sent, seeker=alice, answer="!")
    referral_refer(request=sent, referrer=bob)
    referral_thank(request=sent, seeker=alice, message="Thanks")
    assert list(
        Notification.objects.filter(recipient=bob).order_by("pk").values_list("kind", flat=True)
    ) == [Kind.NEW_REQUEST, Kind.INFO_PROVIDED, Kind.THANKED]
    assert list(
        Notification.objects.filter(recipient=alice).order_by("pk").values_list("kind", flat=True)
    ) == [Kind.NEEDS_INFO, Kind.REFERRED]
