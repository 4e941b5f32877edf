"""The referral packet on the referrer's request page (referrals.packet, inbox/_packet.html):
what they type into their company's referral tool, ready to copy, for the referrer of that
request only; and the "why" drawn from the seeker's note."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_request, page_text
from referrals.models import AskKind, EventKind, RequestEvent
from referrals.packet import WHY_WIDTH, why_excerpt
from referrals.services import (
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_withdraw,
    referrals_expire_due,
)
from resumes.models import ResumeAccess

NOTE = (
    "I built the wafer-inspection pipeline at Foundry Co. for five years. I know your packaging "
    "team's tools well. Also, I am moving to Hsinchu in June and could start at once, which "
    "makes the timing ideal for both of us and the team I would join, as we discussed at the "
    "Hsinchu meetup in March when you told me about the new line."
)


@pytest.fixture
def referred(alice, bob, channel):
    referral = make_request(
        alice,
        channel,
        job_url="https://boards.greenhouse.io/acme/jobs/5712345",
        job_id="R-5712",
        location="Hsinchu",
        note=NOTE,
    )
    return referral_refer(request=referral, referrer=bob, note="Done.")


def _inbox(client, user, referral):
    client.force_login(user)
    return client.get(reverse("referrals:inbox_request", args=[referral.pk]))


# --- What the referrer sees -----------------------------------------------------------------


def test_the_referrer_gets_the_packet_after_referring(client, bob, alice, referred):
    response = _inbox(client, bob, referred)
    assert response.status_code == 200
    packet = response.context["packet"]
    values = {item.key: item.value for item in packet.items}
    assert values == {
        "name": "Alice Lin",
        "email": "alice@example.com",
        "job-id": "R-5712",
        "job-link": "https://boards.greenhouse.io/acme/jobs/5712345",
        "position": "Backend engineer",
        "location": "Hsinchu",
        "why": (
            "I built the wafer-inspection pipeline at Foundry Co. for five years. I know your "
            "packaging team's tools well."
        ),
    }
    text = page_text(response)
    assert '<details class="card packet" id="packet"' in text
    assert "data-packet" in text and " open>" in text.split('id="packet"')[1].split("\n")[0]
    for key, value in values.items():
        assert f'<span class="packet-value" id="packet-{key}">{value}</span>' in text
        assert f'data-copy="packet-{key}"' in text  # a copy button each (shown by packet.js)
    assert 'data-copy="packet-all"' in text
    # "Copy all" works without JavaScript: a read-only text box holding every line.
    assert '<textarea id="packet-all" class="packet-all" rows="10" readonly>' in text
    assert packet.text == "\n".join(
        [
            "Candidate name: Alice Lin",
            "E-mail: alice@example.com",
            "Job ID: R-5712",
            "Job link: https://boards.greenhouse.io/acme/jobs/5712345",
            "Position title: Backend engineer",
            "Location: Hsinchu",
            f"Why refer them: {values['why']}",
        ]
    )
    assert f">{packet.text}</textarea>" in text
    # The buttons are JavaScript's to show; the status line announces what was copied.
    assert text.count('class="button button-secondary button-small packet-copy"') == 7
    assert 'role="status" aria-live="polite" data-copy-status' in text
    assert 'src="/static/js/packet.js"' in text and 'href="/static/css/packet.css"' in text


def test_the_packet_speaks_the_referrers_language(client, bob, referred):
    bob.language = "zh-hant"
    bob.save()
    response = _inbox(client, bob, referred)
    text = page_text(response)
    assert "給公司內推系統用的資料" in text
    assert response.context["packet"].text.splitlines()[0] == "應徵者姓名：Alice Lin"
    assert 'aria-label="複製職缺編號"' in text


def test_the_resume_in_the_packet_is_downloaded_through_the_logged_view(client, bob, referred):
    response = _inbox(client, bob, referred)
    url = reverse("referrals:inbox_resume", args=[referred.pk])
    packet_html = page_text(response).split('id="packet"')[1].split('id="timeline-title"')[0]
    assert f'href="{url}"' in packet_html
    assert client.get(url).status_code == 200
    assert ResumeAccess.objects.filter(resume=referred.resume, viewer=bob).count() == 1


def test_while_deciding_the_packet_is_there_folded(client, bob, alice, channel):
    """The referrer may submit the candidate before saying "I referred them" (the form says
    "after submitting them in your company's referral tool"): the packet is ready, folded."""
    referral = make_request(alice, channel)
    response = _inbox(client, bob, referral)
    assert response.context["packet"] is not None
    opening = page_text(response).split('<details class="card packet"')[1].split(">")[0]
    assert " open" not in opening
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    assert _inbox(client, bob, referral).context["packet"] is not None
    referral_answer_info(request=referral, seeker=alice, answer="Packaging.")
    assert _inbox(client, bob, referral).context["packet"] is not None


@pytest.mark.parametrize("end", ["declined", "withdrawn", "expired"])
def test_no_packet_once_the_request_ended_without_a_referral(client, alice, bob, channel, end):
    referral = make_request(alice, channel)
    if end == "declined":
        referral_decline(request=referral, referrer=bob, reason="no_opening")
    elif end == "withdrawn":
        referral_withdraw(request=referral, seeker=alice)
    else:
        referrals_expire_due(now=timezone.now() + timedelta(days=30))
    referral.refresh_from_db()
    assert referral.status == end
    response = _inbox(client, bob, referral)
    assert response.status_code == 200
    assert response.context["packet"] is None
    text = page_text(response)
    assert "data-packet" not in text and "alice@example.com" not in text
    assert "packet.js" not in text


@pytest.mark.parametrize("kind", [AskKind.ADVICE, AskKind.RESUME_REVIEW])
def test_no_packet_for_an_advice_chat_or_a_resume_review(client, alice, bob, channel, kind):
    referral = make_request(alice, channel, kind=kind)
    referral_refer(request=referral, referrer=bob)
    response = _inbox(client, bob, referral)
    assert response.context["packet"] is None
    assert "data-packet" not in page_text(response)


def test_nobody_else_sees_the_packet(client, alice, bob, charlie, dana, staff, referred):
    url = reverse("referrals:inbox_request", args=[referred.pk])
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    for other in (alice, charlie, dana, staff):
        client.force_login(other)
        assert client.get(url).status_code == 404, other
    # The seeker's own page shows their request, not the referrer's packet.
    client.force_login(alice)
    mine = client.get(reverse("referrals:my_request", args=[referred.pk]))
    assert mine.status_code == 200
    assert "data-packet" not in page_text(mine) and "packet" not in mine.context


def test_a_link_without_a_job_id_gives_the_packet_the_id_read_from_it(client, alice, bob, channel):
    referral = make_request(
        alice,
        channel,
        job_url="https://nvidia.wd5.myworkdayjobs.com/en-US/External/job/Taipei/Engineer_JR1983456",
        job_id="",
    )
    response = _inbox(client, bob, referral)
    item = next(i for i in response.context["packet"].items if i.key == "job-id")
    assert item.value == "JR1983456"
    assert item.hint == "Read from the job link: check it before you use it."
    assert item.hint in page_text(response)
    # The request's own details say the same, not "Not given".
    facts = page_text(response).split('class="facts"', 1)[1].split("</dl>", 1)[0]
    assert "<code>JR1983456</code>" in facts and item.hint in facts
    assert "Not given" not in facts


def test_empty_details_are_left_out(client, alice, bob, channel):
    referral = make_request(alice, channel, job_url="https://acme.example/jobs/1", location="")
    keys = [i.key for i in _inbox(client, bob, referral).context["packet"].items]
    assert keys == ["name", "email", "job-id", "job-link", "position", "why"]


def test_a_deleted_seeker_has_no_packet(client, alice, bob, referred):
    referred.seeker = None
    referred.save(update_fields=["seeker"])
    assert _inbox(client, bob, referred).context["packet"] is None


# --- Queries --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_packet_page_runs_a_fixed_number_of_queries(client, alice, bob, channel, monkeypatch):
    referral = make_request(alice, channel)
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    referral_answer_info(request=referral, seeker=alice, answer="Packaging.")
    referral = referral_refer(request=referral, referrer=bob)
    client.force_login(bob)
    url = reverse("referrals:inbox_request", args=[referral.pk])
    with_packet = _queries(client, url)
    assert client.get(url).context["packet"] is not None
    # The packet reads only what the page has loaded: without it, as many queries.
    monkeypatch.setattr("referrals.views.inbox.referral_packet", lambda referral: None)
    assert _queries(client, url) == with_packet
    monkeypatch.undo()
    # More events on the timeline, more requests in the inbox: as many queries.
    for n in range(4):
        other = make_request(make_member(f"s{n}@example.com", f"S {n}"), channel)
        referral_refer(request=other, referrer=bob)
    for n in range(5):
        RequestEvent.objects.create(request=referral, kind=EventKind.NUDGED, message=f"{n}")
    assert _queries(client, url) == with_packet


# --- The "why" -----------------------------------------------------------------------------


def test_why_is_the_first_sentences_that_fit():
    assert why_excerpt("Five years of Django; I love semiconductors.") == (
        "Five years of Django; I love semiconductors."
    )
    assert why_excerpt("One.  Two!\n\nThree?") == "One. Two! Three?"
    assert why_excerpt(NOTE) == (
        "I built the wafer-inspection pipeline at Foundry Co. for five years. I know your "
        "packaging team's tools well."
    )
    assert why_excerpt("") == ""
    assert why_excerpt("   \n ") == ""


def test_a_long_first_sentence_is_cut_at_a_word():
    sentence = "I " + "really " * 60 + "want this job."
    cut = why_excerpt(sentence)
    assert cut.endswith("really…") and len(cut) <= WHY_WIDTH
    assert " " not in cut[-3:]


def test_chinese_sentences_join_without_spaces_and_count_double():
    note = "我在台積電做了五年的製程整合。熟悉先進封裝。" + "我也帶過團隊，" * 40 + "成果很好。"
    assert why_excerpt(note) == "我在台積電做了五年的製程整合。熟悉先進封裝。"
    long = "我" * 200 + "。"
    cut = why_excerpt(long)
    assert cut == "我" * ((WHY_WIDTH - 1) // 2) + "…"
