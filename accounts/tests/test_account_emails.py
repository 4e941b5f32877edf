"""allauth's e-mails in our words and under our name, never the host that served the request.

The stock ones greeted 「來自127.0.0.1!的問候！」, said 「請點擊以下連結」 and
「感謝您使用127.0.0.1。」.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from conftest import make_member

LANGUAGES = ["zh-hant", "en"]
PASSWORD = "a long and Unusual passphrase 8"


def site_name(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Guanxi 關係")


def assert_ours(message, language: str, link: str):
    """Our name in the text and HTML bodies; the host only inside the links."""
    name = site_name(language)
    assert name in ("Guanxi 關係", "關係 Guanxi")
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert name in body
        assert "您" not in body and "電子信箱" not in body and "請點擊以下連結" not in body
        assert "127.0.0.1" not in body
        assert "Hello from" not in body and "Thank you for using" not in body
        assert link in body
    for line in message.body.splitlines():
        if "testserver" in line:
            assert line.strip().startswith("http://testserver/"), line
    assert message.subject.startswith("[Guanxi] ")
    subject = message.subject.removeprefix("[Guanxi] ")
    assert bool(re.search(r"[\u4e00-\u9fff]", subject)) == (language == "zh-hant"), subject
    assert bool(re.search(r"[\u4e00-\u9fff]", message.body.replace(name, ""))) == (
        language == "zh-hant"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_up_e_mail_names_guanxi(client, db, language):
    response = client.post(
        reverse("account_signup"),
        {"email": "mei@example.com", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["mei@example.com"]
    assert_ours(message, language, "http://testserver/accounts/confirm-email/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_password_reset_e_mail_names_guanxi(client, db, language):
    make_member("forgetful@example.com", "Forgetful", language=language)
    response = client.post(
        reverse("account_reset_password"),
        {"email": "forgetful@example.com"},
        HTTP_ACCEPT_LANGUAGE="en" if language == "zh-hant" else "zh-hant",
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    # The member's own language, whatever the browser that asked.
    assert_ours(message, language, "http://testserver/accounts/password/reset/key/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_up_twice_and_resetting_an_unknown_address_are_ours_too(client, db, language):
    make_member("taken@example.com", "Taken", language=language)
    client.post(
        reverse("account_signup"),
        {"email": "taken@example.com", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    (already,) = mail.outbox
    assert_ours(already, language, "http://testserver/accounts/password/reset/")

    client.post(
        reverse("account_reset_password"),
        {"email": "nobody@example.com"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    unknown = mail.outbox[-1]
    assert unknown.to == ["nobody@example.com"]
    assert_ours(unknown, language, "http://testserver/accounts/signup/")
