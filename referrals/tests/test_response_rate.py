"""No "Response rate 0 %" beside "Not enough answers yet": a referrer's rate appears with their
first answer, on the company page's cards, the referrer's own channel pages and the next-referrer
suggestion, in both languages."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import make_member, make_request, page_text
from referrals.services import referral_refer, referrals_expire_due


@pytest.fixture
def unanswered(alice, channel):
    """Bob let a request expire and has answered none."""
    make_request(alice, channel)
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        assert referrals_expire_due() == 1
    channel.refresh_from_db()
    assert (channel.responded_count, channel.expired_count) == (0, 1)
    return channel


def _rate_cell(response, language="en") -> str:
    """What the first metrics block shows as the response rate."""
    with translation.override(language):
        label = gettext("Response rate")
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", page_text(response), re.S)
    assert match, label
    return match.group(1)


def test_no_rate_before_any_answer(unanswered):
    assert unanswered.response_rate is None
    assert unanswered.response_rate_percent is None


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_pages_show_no_rate_until_there_is_one(client, charlie, bob, unanswered, language):
    charlie.language = bob.language = language
    charlie.save(update_fields=["language"])
    bob.save(update_fields=["language"])
    with translation.override(language):
        not_enough = gettext("Not enough answers yet")
    pages = [
        (charlie, unanswered.company.get_absolute_url()),  # the referrer cards
        (bob, reverse("referrals:channels")),  # the referrer's own channels
        (bob, reverse("referrals:channel_edit", args=[unanswered.pk])),
    ]
    for member, url in pages:
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 200
        cell = _rate_cell(response, language)
        assert "0%" not in cell and "0 %" not in cell, url
        assert not_enough in cell, url


def test_rate_appears_with_the_first_answer(client, alice, bob, charlie, unanswered):
    erin = make_member("erin@example.com", "Erin")
    referral_refer(request=make_request(erin, unanswered), referrer=bob)
    unanswered.refresh_from_db()
    assert unanswered.response_rate_percent == 50
    client.force_login(charlie)
    assert "50%" in _rate_cell(client.get(unanswered.company.get_absolute_url()))
