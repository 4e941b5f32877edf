"""The development inbox: a newcomer reads e-mails at /dev/inbox/, and only in development."""

import pytest
from django.core import mail
from django.urls import reverse

from devinbox.models import DevEmail


@pytest.fixture
def dev_email(db):
    return DevEmail.objects.create(
        to="alice@example.com",
        subject="[Guanxi] Please confirm",
        body="Click http://x/confirm",
        html="<p>Click</p>",
    )


URLS = [
    ("devinbox:list", False),
    ("devinbox:detail", True),
    ("devinbox:html", True),
]


@pytest.mark.parametrize("name,needs_pk", URLS)
def test_404_in_production(client, settings, dev_email, name, needs_pk):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "devinbox.backend.EmailBackend"
    url = reverse(name, args=[dev_email.pk] if needs_pk else [])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name,needs_pk", URLS)
def test_404_with_another_backend(client, settings, dev_email, name, needs_pk):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url = reverse(name, args=[dev_email.pk] if needs_pk else [])
    assert client.get(url).status_code == 404


def test_readable_in_development(client, settings, dev_email):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "devinbox.backend.EmailBackend"
    response = client.get(reverse("devinbox:list"))
    assert response.status_code == 200
    assert "[Guanxi] Please confirm" in response.content.decode()
    response = client.get(reverse("devinbox:detail", args=[dev_email.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Click" in text
    assert 'href="http://x/confirm"' in text  # the verification link is clickable
    response = client.get(reverse("devinbox:html", args=[dev_email.pk]))
    assert response.status_code == 200
    assert response.content == b"<p>Click</p>"
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get(reverse("devinbox:detail", args=[9999])).status_code == 404


def test_backend_stores_mail(settings, db):
    settings.EMAIL_BACKEND = "devinbox.backend.EmailBackend"
    message = mail.EmailMultiAlternatives("Hi", "text body", to=["bob@example.com"])
    message.attach_alternative("<b>html body</b>", "text/html")
    message.send()
    stored = DevEmail.objects.get()
    assert (stored.to, stored.subject, stored.body, stored.html) == (
        "bob@example.com",
        "Hi",
        "text body",
        "<b>html body</b>",
    )


def test_signup_verification_link_reaches_the_dev_inbox(client, settings, db):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "devinbox.backend.EmailBackend"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newbie@example.com",
            "password1": "a long pass 8472",
            "password2": "a long pass 8472",
        },
    )
    assert response.status_code == 302
    stored = DevEmail.objects.get(to="newbie@example.com")
    assert "/accounts/confirm-email/" in stored.body
    listing = client.get(reverse("devinbox:list")).content.decode()
    assert "newbie@example.com" in listing
