"""The feedback form: reachable from every page, stored for moderators, no open redirects."""

import pytest
from django.urls import reverse

from conftest import page_text
from feedback.models import Feedback


def test_form_is_public_and_remembers_the_page(client, db):
    response = client.get(reverse("feedback:create"), {"from": "/companies/?q=tsmc"})
    assert response.status_code == 200
    assert response.context["form"].initial["page"] == "/companies/?q=tsmc"
    assert 'value="/companies/?q=tsmc"' in response.content.decode()


def test_every_page_links_to_feedback(client, acme):
    for url in (reverse("home"), reverse("companies:list"), acme.get_absolute_url()):
        text = page_text(client.get(url))
        assert reverse("feedback:create") + "?from=" + url in text, url


def test_anonymous_feedback_is_stored(client, db):
    response = client.post(
        reverse("feedback:create"),
        {"message": "The search is great!", "email": "visitor@example.com", "page": "/companies/"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response["Location"] == "/companies/"
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.email, feedback.page, feedback.message) == (
        None,
        "visitor@example.com",
        "/companies/",
        "The search is great!",
    )
    assert feedback.language == "en"
    assert feedback.state == Feedback.State.NEW


def test_signed_in_feedback_is_stored_with_author(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("feedback:create"), {"message": "Inbox is confusing", "page": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Thank you! Our volunteers read every message." in page_text(response)
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.email) == (alice, "alice@example.com")


def test_empty_message_is_refused(client, db):
    response = client.post(
        reverse("feedback:create"),
        {"message": "", "email": "not-an-email"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["message"] == ["This field is required."]
    assert "email" in errors
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "http://evil.example",
        "javascript:alert(1)",
        "https:///evil.example",
    ],
)
def test_open_redirects_are_ignored(client, db, target):
    response = client.get(reverse("feedback:create"), {"from": target})
    assert response.context["form"].initial["page"] == ""
    response = client.post(reverse("feedback:create"), {"message": "hi", "page": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "evil" not in response["Location"]


def test_moderators_see_feedback_in_admin(client, staff, db):
    Feedback.objects.create(message="Please add dark mode", page="/")
    client.force_login(staff)
    response = client.get(reverse("admin:feedback_feedback_changelist"))
    assert response.status_code == 200
    assert "Please add dark mode" in page_text(response)
