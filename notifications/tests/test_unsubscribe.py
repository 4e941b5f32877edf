"""One-click unsubscribe (RFC 8058): every notification e-mail names its link in its headers and
footer; a POST to it, without session or CSRF token, turns that kind off; a GET only asks."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from conftest import make_request, page_text, run_tasks
from notifications.models import OPTIONAL_EMAIL_KINDS, Delivery, EmailSettings, Kind, Notification
from notifications.services import email_settings_save, notify_moderation_warning
from notifications.unsubscribe import SALT, SUMMARY, unsubscribe_token, unsubscribe_url
from referrals.services import referral_refer


def _link(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return header[1:-1]


def _path(url: str) -> str:
    assert url.startswith(settings.SITE_URL + "/")
    return url[len(settings.SITE_URL) :]


@pytest.fixture
def mailed(alice, bob, channel):
    """bob's e-mail about alice's request."""
    make_request(alice, channel)
    run_tasks()
    assert len(mail.outbox) == 1
    return mail.outbox[0]


@pytest.fixture
def mail_client():
    """A mail client's POST: no cookies, and Django's CSRF checks on."""
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


def test_every_notification_e_mail_carries_its_unsubscribe(bob, mailed):
    url = _link(mailed)
    assert url == unsubscribe_url(member_id=bob.pk, name=Kind.NEW_REQUEST)
    assert url.startswith(f"{settings.SITE_URL}/notifications/unsubscribe/")
    assert mailed.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    headers = mailed.message()
    assert headers["List-Unsubscribe"] == f"<{url}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A visible link too, in both parts.
    html = next(c for c, t in mailed.alternatives if t == "text/html")
    assert f"Unsubscribe from these e-mails: {url}" in mailed.body
    assert f'<a href="{url}"' in html and "Unsubscribe from these e-mails</a>" in html
    settings_url = settings.SITE_URL + reverse("notifications:settings")
    assert settings_url in mailed.body and settings_url in html


def test_the_footer_is_translated(alice, bob, channel):
    bob.language = "zh-hant"
    bob.save(update_fields=["language"])
    make_request(alice, channel)
    run_tasks()
    message = mail.outbox[0]
    assert f"取消訂閱這類電子郵件： {_link(message)}" in message.body
    assert "Unsubscribe" not in message.body


def test_moderators_messages_offer_no_unsubscribe(bob):
    notify_moderation_warning(recipient=bob, note="Please be kind.")
    run_tasks()
    message = mail.outbox[0]
    assert "List-Unsubscribe" not in message.extra_headers
    assert "Messages from the moderators are always e-mailed." in message.body


def test_one_click_post_without_session_turns_that_kind_off(
    alice, bob, channel, mailed, mail_client
):
    response = mail_client.post(_path(_link(mailed)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assertContains(response, "You are unsubscribed")
    assertContains(response, "New referral request")
    saved = EmailSettings.objects.get(member=bob)
    assert saved.kinds_not_emailed == [Kind.NEW_REQUEST]
    assert saved.delivery == Delivery.AS_IT_HAPPENS
    # Done twice (a mail client retrying): the same.
    assert mail_client.post(_path(_link(mailed))).status_code == 200
    assert EmailSettings.objects.get(member=bob).kinds_not_emailed == [Kind.NEW_REQUEST]
    # The next request to bob is not e-mailed; what he did not turn off still is.
    mail.outbox.clear()
    from companies.services import company_create
    from conftest import make_channel

    other = make_channel(bob, company_create(name_en="Globex", website="https://g.example"))
    referral = make_request(alice, other)
    referral_refer(request=referral, referrer=bob)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_get_only_asks_and_changes_nothing(bob, mailed):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _attempt in range(2):  # a link scanner, then the member
        response = client.get(_path(_link(mailed)))
        assert response.status_code == 200
    assert not EmailSettings.objects.exists()
    text = page_text(response)
    assert "Unsubscribe from these e-mails?" in text
    assert "New referral request" in text
    assert "You can turn them back on in your settings" in text
    html = response.content.decode()
    assert f'<form method="post" action="{_path(_link(mailed))}">' in html
    # Nothing private: not whose it is, nor what it was about.
    for private in (bob.email, "Bob Chen", "Alice Lin", "Backend engineer", "Acme"):
        assert private not in text
    assert "no-store" in response["Cache-Control"]
    assert client.head(_path(_link(mailed))).status_code == 200
    assert not EmailSettings.objects.exists()


def test_the_done_page_links_to_the_settings(bob, mailed, mail_client):
    response = mail_client.post(_path(_link(mailed)))
    assertContains(response, f'href="{reverse("notifications:settings")}"')


def test_it_works_for_another_member_signed_in_and_touches_only_the_tokens_member(
    client, alice, bob, mailed
):
    client.force_login(alice)
    assert client.post(_path(_link(mailed))).status_code == 200
    assert EmailSettings.objects.get(member=bob).kinds_not_emailed == [Kind.NEW_REQUEST]
    assert not EmailSettings.objects.filter(member=alice).exists()


def _url(token):
    return reverse("notifications:unsubscribe", args=[token])


def test_a_tampered_or_unknown_token_is_404(client, alice, bob, mailed):
    good = _path(_link(mailed)).rstrip("/").rsplit("/", 1)[1]
    payload, signature = good.rsplit(":", 1)
    other_payload = unsubscribe_token(member_id=alice.pk, name=Kind.NEW_REQUEST).rsplit(":", 1)[0]
    bad_tokens = [
        f"{payload}:{signature[:-2]}xx",  # a changed signature
        f"{other_payload}:{signature}",  # someone else's member id under bob's signature
        "nonsense",
        signing.Signer(salt="another.salt").sign_object([bob.pk, Kind.NEW_REQUEST]),
        signing.Signer(salt=SALT).sign_object({"member": bob.pk}),  # not ours in shape
        unsubscribe_token(member_id=bob.pk, name="bogus"),  # no such list
        unsubscribe_token(member_id=bob.pk, name=Kind.WARNING),  # cannot be turned off
        unsubscribe_token(member_id=bob.pk, name=Kind.WITHDRAWN),  # never e-mailed
        unsubscribe_token(member_id=987654, name=Kind.NEW_REQUEST),  # no such member
    ]
    for token in bad_tokens:
        assert client.get(_url(token)).status_code == 404, token
        assert client.post(_url(token)).status_code == 404, token
    assert not EmailSettings.objects.exists()


def test_the_token_never_expires_and_is_the_same_each_time(bob):
    token = unsubscribe_token(member_id=bob.pk, name=Kind.REFERRED)
    assert token == unsubscribe_token(member_id=bob.pk, name=Kind.REFERRED)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3650)):
        assert Client().post(_url(token)).status_code == 200
    assert EmailSettings.objects.get(member=bob).kinds_not_emailed == [Kind.REFERRED]


def test_the_summarys_unsubscribe_turns_every_kind_off(bob, mail_client):
    email_settings_save(member=bob, emailed_kinds=OPTIONAL_EMAIL_KINDS, delivery="daily")
    token = unsubscribe_token(member_id=bob.pk, name=SUMMARY)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(_url(token))
    assertContains(response, "Daily summary of your notifications")
    assertContains(response, "This turns off e-mails for every kind of notification.")
    assert mail_client.post(_url(token)).status_code == 200
    saved = EmailSettings.objects.get(member=bob)
    assert saved.kinds_not_emailed == list(OPTIONAL_EMAIL_KINDS)
    # The moderators' messages still come.
    notify_moderation_warning(recipient=bob, note="Please be kind.")
    run_tasks()
    assert len(mail.outbox) == 1
    assert Notification.objects.get(recipient=bob).emailed_at is not None


@pytest.mark.parametrize(
    "language, asks, done, label",
    [
        ("en", "Unsubscribe from these e-mails?", "You are unsubscribed", "Coffee chat proposed"),
        ("zh-hant", "要取消訂閱這類電子郵件嗎？", "已取消訂閱", "收到咖啡聊聊邀約"),
    ],
)
def test_both_languages(bob, language, asks, done, label):
    from tests.test_page_language import _readable_text, _strays

    primary = language.split("-")[0]
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    url = _url(unsubscribe_token(member_id=bob.pk, name=Kind.COFFEE_PROPOSED))
    asked = client.get(url)
    assertContains(asked, asks)
    assertContains(asked, label)
    answered = client.post(url)
    assertContains(answered, done)
    # No word of the other language on either page (the check of tests/test_page_language.py).
    for response in (asked, answered):
        text = _readable_text(response.content.decode(), primary, stored=[])
        assert _strays(text, primary, set()) == []
