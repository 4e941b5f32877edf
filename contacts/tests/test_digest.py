"""The reminder digest: member's choice, once per period, with context, constant queries."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member, run_tasks
from contacts.digest import digest_period, digests_build
from contacts.models import DigestSent, ReminderSettings
from contacts.services import (
    contact_create,
    follow_up_create,
    interaction_log,
    reminder_settings_save,
)

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
MONDAY = datetime.datetime(2024, 3, 4, 8, 0, tzinfo=TAIPEI)


def _relationship(owner, name="Mei Lin"):
    with time_machine.travel(MONDAY - datetime.timedelta(days=40), tick=False):
        contact = contact_create(
            owner=owner,
            name=name,
            company="Acme Semiconductor",
            title="Engineering manager",
            cadence_days=30,
        )
        interaction_log(
            owner=owner,
            contact=contact,
            kind="coffee",
            occurred_at=MONDAY - datetime.timedelta(days=40),
            topics="Hiring plans for the Taipei team",
        )
        follow_up_create(
            owner=owner,
            contact=contact,
            topic="Send my updated resume",
            due_on=(MONDAY - datetime.timedelta(days=1)).date(),
        )
    return contact


def test_settings_page(client, alice):
    client.force_login(alice)
    assert client.get(reverse("contacts:settings")).status_code == 200
    response = client.post(reverse("contacts:settings"), {"frequency": "weekly"})
    assert response.status_code == 302
    assert ReminderSettings.objects.get(member=alice).frequency == "weekly"
    response = client.post(reverse("contacts:settings"), {"frequency": "hourly"})
    assert response.status_code == 200
    assert ReminderSettings.objects.get(member=alice).frequency == "weekly"


def test_digest_carries_context_in_the_recipients_language(alice):
    zh = make_member("mei@example.com", "美玲", language="zh-hant")
    _relationship(alice)
    _relationship(zh, name="王小明")
    reminder_settings_save(member=alice, frequency="daily")
    reminder_settings_save(member=zh, frequency="weekly")
    with time_machine.travel(MONDAY, tick=False):
        call_command("send_digests", stdout=None)
        run_tasks()
    assert len(mail.outbox) == 2
    en = next(m for m in mail.outbox if m.to == ["alice@example.com"])
    assert en.subject == "[Guanxi] 1 person to get back to"
    for text in (en.body, en.alternatives[0][0]):
        assert "Mei Lin" in text
        assert "Engineering manager at Acme Semiconductor" in text
        assert "Follow-up due 3 Mar: Send my updated resume" in text
        assert "Last conversation: Coffee chat on 24 Jan." in text
        assert "Topics: Hiring plans for the Taipei team" in text
        assert "Time to keep in touch (since 23 Feb)." in text
    chinese = next(m for m in mail.outbox if m.to == ["mei@example.com"])
    assert chinese.extra_headers["Content-Language"] == "zh-hant"
    assert "王小明" in chinese.body
    assert "Hello" not in chinese.body


def test_digest_is_sent_once_per_period(alice):
    _relationship(alice)
    reminder_settings_save(member=alice, frequency="daily")
    with time_machine.travel(MONDAY, tick=False):
        call_command("send_digests")
        call_command("send_digests")
        run_tasks()
        call_command("send_digests")
        run_tasks()
    assert len(mail.outbox) == 1
    with time_machine.travel(MONDAY + datetime.timedelta(days=1), tick=False):
        call_command("send_digests")
        run_tasks()
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(member=alice).count() == 2


def test_weekly_digest_once_a_week_and_a_task_twice_sends_once(alice):
    from contacts.tasks import send_digest

    _relationship(alice)
    reminder_settings_save(member=alice, frequency="weekly")
    for day in range(7):
        with time_machine.travel(MONDAY + datetime.timedelta(days=day), tick=False):
            call_command("send_digests")
    row = DigestSent.objects.get(member=alice)
    assert row.period == "2024-W10"
    with time_machine.travel(MONDAY, tick=False):
        run_tasks()
        send_digest(digest_id=row.pk)
    assert len(mail.outbox) == 1


def test_nothing_due_means_no_email_and_off_means_nothing(alice, bob):
    contact_create(owner=alice, name="Fine", cadence_days=365)
    reminder_settings_save(member=alice, frequency="daily")
    _relationship(bob)
    reminder_settings_save(member=bob, frequency="off")
    with time_machine.travel(MONDAY, tick=False):
        call_command("send_digests")
        run_tasks()
    assert mail.outbox == []
    assert not DigestSent.objects.filter(member=bob).exists()


def test_period_follows_the_members_time_zone(alice):
    alice.time_zone = "America/Los_Angeles"
    # 08:00 Monday in Taipei is still Sunday afternoon in Los Angeles.
    assert digest_period(alice, "daily", MONDAY) == "2024-03-03"
    assert digest_period(alice, "weekly", MONDAY) == "2024-W09"


@pytest.mark.django_db
def test_digest_batch_runs_a_constant_number_of_queries():
    def build(prefix, members, contacts):
        people = [make_member(f"{prefix}{i}@example.com", f"{prefix}{i}") for i in range(members)]
        for person in people:
            for j in range(contacts):
                _relationship(person, name=f"Contact {j}")
        with CaptureQueriesContext(connection) as ctx:
            digests = digests_build([p.pk for p in people], now=MONDAY)
            texts = [
                (item.contact.last_interaction.topics, item.follow_ups[0].topic)
                for d in digests.values()
                for item in d.items
            ]
        assert len(texts) == members * contacts
        return len(ctx.captured_queries)

    assert build("small", 1, 1) == build("large", 5, 6)


def test_digests_are_queued_in_batches_and_each_sent_once(db):
    from django_tasks_db.models import DBTaskResult

    from contacts.tasks import digests_enqueue_due

    members = [make_member(f"d{i}@example.com", f"Digest {i}") for i in range(5)]
    for member in members:
        _relationship(member)
        reminder_settings_save(member=member, frequency="daily")
    with time_machine.travel(MONDAY, tick=False):
        assert digests_enqueue_due(batch_size=2) == 5
        assert DBTaskResult.objects.count() == 3  # 2 + 2 + 1 members
        assert digests_enqueue_due(batch_size=2) == 0
        run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert not DigestSent.objects.filter(sent_at__isnull=True).exists()


def test_a_batch_costs_a_fixed_number_of_queries_plus_one_write_per_email(db):
    """Building the batch is a fixed number of queries; each e-mail then costs its own mark
    (one UPDATE in its own transaction — here a savepoint, the UPDATE and its release), which
    is what lets a crash lose nothing and repeat at most the e-mail it interrupted."""
    from contacts.tasks import send_digest_batch

    def send(prefix, members):
        people = [make_member(f"{prefix}{i}@example.com", f"{prefix}{i}") for i in range(members)]
        for n, person in enumerate(people):
            for j in range(1 + n % 2):  # one or two people to get back to
                _relationship(person, name=f"Contact {j}")
            reminder_settings_save(member=person, frequency="daily")
        with time_machine.travel(MONDAY, tick=False):
            rows = [
                DigestSent.objects.create(member=p, period=digest_period(p, "daily", MONDAY))
                for p in people
            ]
            with CaptureQueriesContext(connection) as ctx:
                send_digest_batch.call(digest_ids=[r.pk for r in rows])
        sent = DigestSent.objects.filter(pk__in=[r.pk for r in rows])
        counts = dict(sent.values_list("member_id", "item_count"))
        assert counts == {p.pk: 1 + n % 2 for n, p in enumerate(people)}
        return len(ctx.captured_queries)

    one, many = send("one", 2), send("many", 6)
    assert many - one == (6 - 2) * 3


def test_a_failed_email_is_released_and_the_rest_of_the_batch_still_goes(db, monkeypatch):
    from contacts import tasks

    people = [make_member(f"f{i}@example.com", f"F{i}") for i in range(3)]
    for person in people:
        _relationship(person)
        reminder_settings_save(member=person, frequency="daily")
    real_send = tasks.digest_send

    def flaky(*, digest, message_id):
        if digest.member.pk == people[1].pk:
            raise OSError("the mail server hung up")
        real_send(digest=digest, message_id=message_id)

    monkeypatch.setattr(tasks, "digest_send", flaky)
    with time_machine.travel(MONDAY, tick=False):
        rows = [
            DigestSent.objects.create(member=p, period=digest_period(p, "daily", MONDAY))
            for p in people
        ]
        with pytest.raises(RuntimeError, match="1 digest e-mails failed and stay queued"):
            tasks.send_digest_batch.call(digest_ids=[r.pk for r in rows])
    assert sorted(m.to[0] for m in mail.outbox) == ["f0@example.com", "f2@example.com"]
    failed = DigestSent.objects.get(member=people[1])
    assert failed.sent_at is None and failed.item_count == 0
    assert DigestSent.objects.get(member=people[0]).item_count == 1
