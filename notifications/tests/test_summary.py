"""The daily summary: a member who chose it gets one e-mail a day, in their language and time
zone, with the notifications held for it, each marked e-mailed only when that e-mail went."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from conftest import make_channel, make_request, run_tasks
from notifications.messages import notification_text
from notifications.models import OPTIONAL_EMAIL_KINDS, EmailSettings, Kind, Notification
from notifications.services import email_settings_save
from notifications.tasks import send_notification_summary, summaries_enqueue_due
from referrals.services import referral_refer

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
MONDAY_NIGHT = datetime.datetime(2026, 3, 2, 22, 0, tzinfo=TAIPEI)
TUESDAY_7AM = datetime.datetime(2026, 3, 3, 7, 30, tzinfo=TAIPEI)
TUESDAY_9AM = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=TAIPEI)
TUESDAY_NOON = datetime.datetime(2026, 3, 3, 12, 0, tzinfo=TAIPEI)
WEDNESDAY_9AM = datetime.datetime(2026, 3, 4, 9, 0, tzinfo=TAIPEI)


def _daily(member, kinds=OPTIONAL_EMAIL_KINDS):
    email_settings_save(member=member, emailed_kinds=kinds, delivery="daily")


def _company(name):
    from companies.services import company_create

    return company_create(name_en=name, website=f"https://{name.lower()}.example")


@pytest.fixture
def held(alice, bob, charlie, channel):
    """Two requests to bob, who chose the daily summary, made on Monday night."""
    _daily(bob)
    with time_machine.travel(MONDAY_NIGHT, tick=False):
        first = make_request(alice, channel)
        second = make_request(charlie, channel, position_title="Data engineer")
        run_tasks()
    assert mail.outbox == []
    return first, second


def _summaries_at(moment):
    with time_machine.travel(moment, tick=False):
        queued = summaries_enqueue_due()
        run_tasks()
    return queued


def test_one_summary_with_the_held_notifications_marks_exactly_them(alice, bob, held):
    first, second = held
    # Alice (as it happens) gets her e-mail at once; it is no part of bob's summary.
    with time_machine.travel(MONDAY_NIGHT + datetime.timedelta(minutes=5), tick=False):
        referral_refer(request=first, referrer=bob)
        run_tasks()
    assert [m.to for m in mail.outbox] == [[alice.email]]
    mail.outbox.clear()

    assert _summaries_at(TUESDAY_9AM) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [bob.email]
    assert message.subject == "[Guanxi] Your daily summary: 2 notifications"
    mine = Notification.objects.filter(recipient=bob).order_by("pk")
    html = next(c for c, t in message.alternatives if t == "text/html")
    with translation.override("en"):
        headlines = [notification_text(n) for n in mine]
    for headline in headlines:
        assert headline in message.body and headline in html
    assert first.get_inbox_url() in message.body and second.get_inbox_url() in html
    assert "Referral inbox" in message.body
    assert "10:00 PM" in message.body  # Monday night, in bob's time zone (Taipei)
    marked = set(Notification.objects.filter(emailed_at__isnull=False).values_list("pk", "kind"))
    assert marked == {(n.pk, Kind.NEW_REQUEST) for n in mine} | {
        (Notification.objects.get(recipient=alice).pk, Kind.REFERRED)
    }
    assert EmailSettings.objects.get(member=bob).summary_sent_on == datetime.date(2026, 3, 3)


def test_not_before_eight_in_the_members_morning(bob, held):
    assert _summaries_at(TUESDAY_7AM) == 0
    assert mail.outbox == []
    # In London it is still Monday night when Taipei is at breakfast.
    bob.time_zone = "Europe/London"
    bob.save(update_fields=["time_zone"])
    assert _summaries_at(TUESDAY_9AM) == 0
    assert _summaries_at(datetime.datetime(2026, 3, 3, 8, 5, tzinfo=zoneinfo.ZoneInfo("UTC"))) == 1
    assert len(mail.outbox) == 1


def test_at_most_one_summary_a_local_day(alice, bob, held, dana):
    assert _summaries_at(TUESDAY_9AM) == 1
    assert _summaries_at(TUESDAY_9AM + datetime.timedelta(minutes=1)) == 0
    # A notification later that day waits for tomorrow's summary.
    with time_machine.travel(TUESDAY_9AM + datetime.timedelta(hours=1), tick=False):
        make_request(dana, make_channel(bob, _company("Globex")))
        run_tasks()
    assert _summaries_at(TUESDAY_NOON) == 0
    assert len(mail.outbox) == 1
    later = Notification.objects.get(recipient=bob, referral_request__seeker=dana)
    assert later.emailed_at is None and later.email_held_at is not None
    # The next day it goes, alone.
    assert _summaries_at(WEDNESDAY_9AM) == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "[Guanxi] Your daily summary: 1 notification"
    later.refresh_from_db()
    assert later.emailed_at is not None
    # Nothing held: no summary, no e-mail.
    assert _summaries_at(WEDNESDAY_9AM + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_the_task_is_safe_to_run_twice(bob, held):
    with time_machine.travel(TUESDAY_9AM, tick=False):
        summaries_enqueue_due()
        send_notification_summary.call(member_id=bob.pk, day="2026-03-03")
        run_tasks()
    assert len(mail.outbox) == 1


def test_a_kind_turned_off_since_is_left_out_and_not_marked(bob, held):
    _daily(bob, kinds=[k for k in OPTIONAL_EMAIL_KINDS if k != Kind.NEW_REQUEST])
    assert _summaries_at(TUESDAY_9AM) == 1
    assert mail.outbox == []  # everything held was of that kind
    for notification in Notification.objects.filter(recipient=bob):
        assert notification.emailed_at is None
        assert notification.email_skipped_at is not None


def test_a_failed_send_marks_nothing_and_is_retried(bob, held, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def smtp_down(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", smtp_down)
    with time_machine.travel(TUESDAY_9AM, tick=False):
        assert summaries_enqueue_due() == 1
        with pytest.raises(ConnectionRefusedError):
            send_notification_summary.call(member_id=bob.pk, day="2026-03-03")
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    assert Notification.objects.filter(recipient=bob, email_held_at__isnull=False).count() == 2
    assert EmailSettings.objects.get(member=bob).summary_sent_on is None
    assert mail.outbox == []

    monkeypatch.undo()
    with time_machine.travel(TUESDAY_9AM + datetime.timedelta(minutes=1), tick=False):
        run_tasks()  # the queued task, as the worker retries it
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=bob, emailed_at__isnull=False).count() == 2


def test_a_member_back_on_as_it_happens_still_gets_what_was_held(bob, held, alice):
    email_settings_save(member=bob, emailed_kinds=OPTIONAL_EMAIL_KINDS, delivery="as_it_happens")
    assert _summaries_at(TUESDAY_9AM) == 1
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(recipient=bob, emailed_at__isnull=True).exists()


def test_in_the_members_language(bob, held):
    bob.language = "zh-hant"
    bob.save(update_fields=["language"])
    _summaries_at(TUESDAY_9AM)
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "zh-hant"
    with translation.override("zh-hant"):
        for notification in Notification.objects.filter(recipient=bob):
            assert notification_text(notification) in message.body
        assert translation.gettext("Referral inbox") in message.body
    assert "Here is what happened" not in message.body
    assert "[Guanxi]" in message.subject and "notifications" not in message.subject
    html = next(c for c, t in message.alternatives if t == "text/html")
    assert 'lang="zh-Hant"' in html


def test_the_command_queues_the_summaries_due(bob, held, capsys):
    with time_machine.travel(TUESDAY_9AM, tick=False):
        call_command("send_notification_summaries")
        call_command("send_notification_summaries")
    assert capsys.readouterr().out.split() == ["summaries_queued=1", "summaries_queued=0"]
    assert (
        DBTaskResult.objects.filter(
            task_path="notifications.tasks.send_notification_summary"
        ).count()
        == 1
    )


def test_suspended_members_get_no_summary(bob, held):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert _summaries_at(TUESDAY_9AM) == 0
