"""After the seeker answers "needs info", the request is back with the referrer: both sides see
that it went back with the answer (not "Sent… has not opened it yet"), and when the referrer
opens it again, the seeker sees that too. In both languages, on the request page and the lists."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from conftest import page_text
from referrals.models import EventKind, Status
from referrals.services import referral_answer_info, referral_ask_for_info


@pytest.fixture
def answered(client, alice, bob, referral):
    """Bob opened the request, asked a question, and Alice answered it."""
    client.force_login(bob)
    client.get(referral.get_inbox_url())  # opened once
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    referral_answer_info(request=referral, seeker=alice, answer="Platform, please.")
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    return referral


NOT_OPENED = (
    "Sent. %(name)s has not opened it yet. If there is no answer by %(date)s, it expires and we "
    "suggest another referrer."
)
WENT_BACK = (
    "You answered %(name)s's question on %(answered)s, and your request went back to them with "
    "your answer. They have not opened it since. If there is no answer by %(date)s, it expires "
    "and we suggest another referrer."
)


def _before(sentence: str, placeholder: str, **params) -> str:
    """The translated sentence up to ``placeholder`` (a date that varies), with ``params``."""
    return sentence.split(placeholder)[0] % params


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_seeker_sees_it_went_back_with_the_answer(client, alice, answered, language):
    alice.language = language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.get(answered.get_absolute_url())
    text = page_text(response)
    with translation.override(language):
        not_opened = _before(gettext(NOT_OPENED), "%(date)s", name="Bob Chen")
        went_back = _before(gettext(WENT_BACK), "%(answered)s", name="Bob Chen")
        pill = pgettext("request status", "Info provided")
        submitted = pgettext("request status", "Submitted")
        listed = gettext("Your answer went back to %(name)s.") % {"name": "Bob Chen"}
    assert not_opened not in text
    assert went_back in text
    assert f">{pill}<" in response.content.decode()
    assert f">{submitted}<" not in response.content.decode()

    listing = client.get(reverse("referrals:my_requests"))
    assert listed in page_text(listing)
    assert f">{pill}<" in listing.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_seeker_sees_when_the_referrer_opened_it_again(client, alice, bob, answered, language):
    client.force_login(bob)
    inbox_page = client.get(answered.get_inbox_url())  # opened a second time, after the answer
    assert inbox_page.status_code == 200
    answered.refresh_from_db()
    assert answered.status == Status.VIEWED
    assert answered.events.filter(kind=EventKind.VIEWED).count() == 2

    alice.language = language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    text = page_text(client.get(answered.get_absolute_url()))
    with translation.override(language):
        again = gettext(
            "%(name)s opened your request again on %(viewed)s, after your answer, and is "
            "deciding. If there is no answer by %(date)s, it expires and we suggest another "
            "referrer."
        )
        listed = gettext("%(name)s opened it again after your answer.") % {"name": "Bob Chen"}
    assert _before(again, "%(viewed)s", name="Bob Chen") in text
    assert listed in page_text(client.get(reverse("referrals:my_requests")))


def test_referrer_sees_the_answer_came_back(client, bob, answered):
    client.force_login(bob)
    text = page_text(client.get(reverse("referrals:inbox")))
    assert "The seeker answered your question" in text
    assert "Info provided" in text


def test_a_first_submission_still_says_not_opened(client, alice, referral):
    client.force_login(alice)
    text = page_text(client.get(referral.get_absolute_url()))
    assert "Sent. Bob Chen has not opened it yet." in text
    assert "Info provided" not in text
