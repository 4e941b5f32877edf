"""The reminder digest's one-click unsubscribe (RFC 8058): the link in its headers and footer
switches the digest off, without signing in; a GET only asks."""

import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from pytest_django.asserts import assertContains

from conftest import run_tasks
from contacts.models import Frequency, ReminderSettings
from contacts.services import reminder_settings_save
from contacts.tests.test_digest import MONDAY, _relationship


def _digest_for(member):
    _relationship(member)
    reminder_settings_save(member=member, frequency="daily")
    with time_machine.travel(MONDAY, tick=False):
        call_command("send_digests", stdout=None)
        run_tasks()
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_the_digest_carries_a_one_click_unsubscribe_that_switches_it_off(alice):
    message = _digest_for(alice)
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{settings.SITE_URL}/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1]
    html = next(c for c, t in message.alternatives if t == "text/html")
    assert f"Unsubscribe from these e-mails: {url}" in message.body
    assert f'<a href="{url}"' in html
    path = url[len(settings.SITE_URL) :]

    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(path)
    assertContains(response, "Keep-in-touch reminder digest")
    assert ReminderSettings.objects.get(member=alice).frequency == Frequency.DAILY

    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assertContains(response, "You are unsubscribed")
    assertContains(response, 'href="/contacts/settings/"')
    assert ReminderSettings.objects.get(member=alice).frequency == Frequency.OFF
    # No more digests.
    with time_machine.travel(MONDAY.replace(day=MONDAY.day + 1), tick=False):
        call_command("send_digests", stdout=None)
        run_tasks()
    assert len(mail.outbox) == 1
