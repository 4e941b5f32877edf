"""The ask form proposes the job ID it reads in a job link (referrals.job_ids) for the seeker to
check, without JavaScript; it never stores a guess the seeker has not seen."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import page_text, pdf_upload
from referrals.forms import ReferralRequestForm
from referrals.models import AskKind, ReferralRequest

LINK = (
    "https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite/job/"
    "TW-Taipei/Senior-Software-Engineer_JR1983456"
)
PROPOSAL = (
    "We found the job ID “JR1983456” in the job link. Check it (or clear it), then send your "
    "request again."
)


def _form(**overrides):
    data = {
        "kind": AskKind.REFERRAL,
        "position_title": "Senior software engineer",
        "job_url": LINK,
        "job_id": "",
        "location": "Taipei",
        "resume_source": "upload",
        "upload": pdf_upload(),
        "keep_in_library": "on",
        "note": "Eight years of compilers; I shipped CUDA tooling used by thousands of people.",
        "confirm_instructions": "on",
        "confirm_accurate": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def ask_url(channel):
    return reverse("referrals:ask", args=[channel.pk])


def test_a_link_alone_comes_back_with_the_job_id_to_check(client, alice, ask_url):
    client.force_login(alice)
    response = client.post(ask_url, _form())
    assert response.status_code == 200
    assert ReferralRequest.objects.count() == 0  # nothing stored before the seeker saw it
    text = page_text(response)
    assert PROPOSAL in text
    assert 'name="job_id" value="JR1983456"' in text
    assert '<input type="hidden" name="job_id_proposed" value="JR1983456"' in text
    # The file chosen does not come back with the form: the seeker is told to choose it again.
    assert "Choose your PDF again: the form comes back without the file." in text


def test_the_seeker_sends_the_proposed_job_id(client, alice, ask_url):
    client.force_login(alice)
    response = client.post(ask_url, _form(job_id="JR1983456", job_id_proposed="JR1983456"))
    assert response.status_code == 302
    assert ReferralRequest.objects.get().job_id == "JR1983456"


def test_the_seeker_may_correct_the_proposed_job_id(client, alice, ask_url):
    client.force_login(alice)
    client.post(ask_url, _form(job_id="JR-1983456", job_id_proposed="JR1983456"))
    assert ReferralRequest.objects.get().job_id == "JR-1983456"


def test_a_seeker_who_clears_the_proposal_is_not_asked_again(client, alice, ask_url):
    client.force_login(alice)
    response = client.post(ask_url, _form(job_id="", job_id_proposed="JR1983456"))
    assert response.status_code == 302
    referral = ReferralRequest.objects.get()
    assert (referral.job_url, referral.job_id) == (LINK, "")


def test_a_proposal_for_another_link_is_made_again(client, alice, ask_url):
    """The seeker changed the link after the first proposal: its ID is proposed in turn."""
    client.force_login(alice)
    link = "https://boards.greenhouse.io/acme/jobs/5712345"
    response = client.post(ask_url, _form(job_url=link, job_id_proposed="JR1983456"))
    assert response.status_code == 200
    assert 'name="job_id" value="5712345"' in page_text(response)


def test_a_link_without_an_id_or_a_given_id_is_sent_as_it_is(client, alice, ask_url, channel):
    client.force_login(alice)
    response = client.post(ask_url, _form(job_url="https://acme.example/careers/backend"))
    assert response.status_code == 302
    assert ReferralRequest.objects.get().job_id == ""


def test_the_seekers_own_job_id_is_never_replaced(client, alice, ask_url):
    client.force_login(alice)
    response = client.post(ask_url, _form(job_id="REQ-77"))
    assert response.status_code == 302
    assert ReferralRequest.objects.get().job_id == "REQ-77"


def test_no_proposal_for_an_advice_chat(client, alice, ask_url):
    client.force_login(alice)
    response = client.post(ask_url, _form(kind=AskKind.ADVICE, resume_source="none", upload=None))
    assert response.status_code == 302
    assert ReferralRequest.objects.get().job_id == ""


def test_the_proposal_in_chinese(client, alice, ask_url):
    alice.language = "zh-hant"
    alice.save()
    client.force_login(alice)
    response = client.post(ask_url, _form())
    with translation.override("zh-hant"):
        expected = gettext(
            "We found the job ID “%(job_id)s” in the job link. Check it (or clear it), then "
            "send your request again."
        ) % {"job_id": "JR1983456"}
    assert expected.startswith("我們在職缺連結裡找到職缺編號「JR1983456」")
    assert expected in page_text(response)


def test_the_ask_page_carries_the_live_hint(client, alice, ask_url):
    client.force_login(alice)
    text = page_text(client.get(ask_url))
    assert 'src="/static/js/job-id.js"' in text
    assert 'data-job-id-found aria-live="polite"' in text
    assert "We found the job ID “%(job_id)s” in the link. Check that it is right." in text


def test_the_api_takes_what_it_is_sent(alice, channel):
    """The JSON API shares the form without the proposal: it stores what the client sent."""
    form = ReferralRequestForm(
        data={k: v for k, v in _form().items() if k != "upload"},
        files={"upload": pdf_upload()},
        channel=channel,
        seeker=alice,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["job_id"] == ""
