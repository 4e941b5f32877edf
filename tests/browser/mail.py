"""E-mail helpers shared by the browser journeys."""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import translation

from conftest import run_tasks
from notifications.messages import notification_text
from notifications.models import Notification


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def expect_mail(address: str, language: str, count: int, kind: str) -> mail.EmailMessage:
    """Deliver queued e-mails: ``address`` now has ``count``, the last one about ``kind``, whose
    subject is the notification's sentence in ``language``, sent with that Content-Language."""
    run_tasks()
    received = mails_to(address)
    assert len(received) == count, [m.subject for m in received]
    last = received[-1]
    notification = Notification.objects.filter(recipient__email=address, kind=kind).latest("pk")
    with translation.override(language):
        headline = notification_text(notification)
    assert headline in last.subject, (headline, last.subject)
    assert last.extra_headers.get("Content-Language") == language
    return last


def link_in(message, pattern: str) -> str:
    """The path of the first link in ``message`` whose path matches ``pattern``."""
    for url in re.findall(r"https?://[^\s\"'<>]+", message.body):
        path = urlsplit(url).path
        if re.search(pattern, path):
            return path
    raise AssertionError(f"No link matching {pattern!r} in:\n{message.body}")
