"""Who may open which referral page: the owner can; everyone else gets 404, never 403.

"My requests" belongs to the seeker; the "Referral inbox" to the referrer the request was sent
to; a referrer channel to its referrer. Anonymous visitors are sent to the login page.
"""

import pytest
from django.urls import reverse

from referrals.models import ReferralRequest, RequestEvent, Status

SEEKER_POSTS = [
    ("referrals:answer", {"answer": "Here is the job ID: R-1"}),
    ("referrals:withdraw", {}),
    ("referrals:outcome", {"outcome": "interviewing"}),
    ("referrals:thank", {"message": "Thank you so much!"}),
]
INBOX_POSTS = [
    ("referrals:refer", {"note": "Done", "contact": ""}),
    ("referrals:ask_for_info", {"question": "Which team?", "contact": ""}),
    ("referrals:decline", {"reason": "no_opening", "note": ""}),
]


def _snapshot(referral):
    referral.refresh_from_db()
    return (referral.status, referral.outcome, referral.thanked_at, referral.events.count())


# --- My requests (seeker side) ----------------------------------------------------------------


def test_my_requests_lists_only_my_own(client, alice, charlie, referral):
    client.force_login(alice)
    response = client.get(reverse("referrals:my_requests"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [referral]

    client.force_login(charlie)
    response = client.get(reverse("referrals:my_requests"))
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert "Backend engineer" not in response.content.decode()


def test_my_request_detail_owner_only(client, alice, bob, charlie, dana, referral):
    url = reverse("referrals:my_request", args=[referral.pk])
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["referral"] == referral
    assert "Backend engineer" in response.content.decode()
    # The referrer reads it in the inbox, not under "My requests"; outsiders see nothing.
    for other in (bob, charlie, dana):
        client.force_login(other)
        assert client.get(url).status_code == 404, other


@pytest.mark.parametrize("name,data", SEEKER_POSTS)
@pytest.mark.parametrize("who", ["bob", "charlie", "dana"])
def test_my_request_actions_refused_for_others(client, request, referral, name, data, who):
    before = _snapshot(referral)
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse(name, args=[referral.pk]), data)
    assert response.status_code == 404
    assert _snapshot(referral) == before


def test_my_request_actions_work_for_the_seeker(client, alice, bob, referral):
    from referrals.services import referral_ask_for_info

    client.force_login(alice)
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    response = client.post(
        reverse("referrals:answer", args=[referral.pk]), {"answer": "The platform team."}
    )
    assert response.status_code == 302
    assert response["Location"] == referral.get_absolute_url()
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED

    response = client.post(reverse("referrals:withdraw", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN


def test_seeker_actions_need_post(client, alice, referral):
    client.force_login(alice)
    for name, _data in SEEKER_POSTS:
        assert client.get(reverse(name, args=[referral.pk])).status_code == 405
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_resend_refused_for_others(client, bob, charlie, dana_channel, referral):
    from referrals.services import referral_withdraw

    referral_withdraw(request=referral, seeker=referral.seeker)
    count = ReferralRequest.objects.count()
    for other in (bob, charlie):
        client.force_login(other)
        url = reverse("referrals:resend", args=[referral.pk, dana_channel.pk])
        assert client.post(url).status_code == 404
    assert ReferralRequest.objects.count() == count


# --- Referral inbox (referrer side) -----------------------------------------------------------


def test_inbox_lists_only_requests_sent_to_me(client, bob, dana, alice, referral):
    client.force_login(bob)
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 200
    assert response.context["pending"] == [referral]

    for other in (dana, alice):
        client.force_login(other)
        response = client.get(reverse("referrals:inbox"))
        assert response.status_code == 200
        assert response.context["pending"] == []


def test_inbox_detail_referrer_only(client, alice, bob, charlie, dana, dana_channel, referral):
    url = reverse("referrals:inbox_request", args=[referral.pk])
    # The seeker, an outsider and another referrer at the same company: 404, and no "viewed".
    for other in (alice, charlie, dana):
        client.force_login(other)
        assert client.get(url).status_code == 404, other
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED

    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["referral"] == referral
    assert "Five years of Django" in response.content.decode()


@pytest.mark.parametrize("name,data", INBOX_POSTS)
@pytest.mark.parametrize("who", ["alice", "charlie", "dana"])
def test_inbox_actions_refused_for_others(client, request, referral, dana_channel, name, data, who):
    before = _snapshot(referral)
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse(name, args=[referral.pk]), data)
    assert response.status_code == 404
    assert _snapshot(referral) == before


@pytest.mark.parametrize("name,data", INBOX_POSTS)
def test_inbox_actions_work_for_the_referrer(client, bob, referral, name, data):
    client.force_login(bob)
    response = client.post(reverse(name, args=[referral.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == referral.get_inbox_url()
    referral.refresh_from_db()
    assert referral.status in (Status.REFERRED, Status.NEEDS_INFO, Status.DECLINED)


def test_inbox_actions_need_post(client, bob, referral):
    client.force_login(bob)
    for name, _data in INBOX_POSTS:
        assert client.get(reverse(name, args=[referral.pk])).status_code == 405
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_inbox_resume_referrer_only(client, alice, bob, charlie, dana, dana_channel, referral):
    url = reverse("referrals:inbox_resume", args=[referral.pk])
    for other in (alice, charlie, dana):
        client.force_login(other)
        assert client.get(url).status_code == 404, other
    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_unknown_request_is_404(client, alice, bob):
    client.force_login(alice)
    assert client.get(reverse("referrals:my_request", args=[9999])).status_code == 404
    client.force_login(bob)
    assert client.get(reverse("referrals:inbox_request", args=[9999])).status_code == 404


# --- Referrer channels ------------------------------------------------------------------------


def test_channel_list_shows_only_mine(client, bob, dana, channel, dana_channel):
    client.force_login(bob)
    response = client.get(reverse("referrals:channels"))
    assert response.status_code == 200
    assert list(response.context["channels"]) == [channel]


def test_channel_edit_owner_only(client, bob, alice, charlie, dana, channel, dana_channel):
    url = reverse("referrals:channel_edit", args=[channel.pk])
    data = {
        "job_title": "Hacked",
        "accepted_kinds": ["advice"],
        "capacity": 1,
        "is_accepting": "on",
    }
    for other in (alice, charlie, dana):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    channel.refresh_from_db()
    assert channel.job_title == "Senior engineer"

    client.force_login(bob)
    assert client.get(url).status_code == 200
    response = client.post(url, {**data, "job_title": "Staff engineer"})
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.job_title == "Staff engineer"
    assert channel.capacity == 1


def test_channel_delete_owner_only(client, bob, alice, charlie, dana, channel, dana_channel):
    from referrals.models import ReferrerChannel

    url = reverse("referrals:channel_delete", args=[channel.pk])
    for other in (alice, charlie, dana):
        client.force_login(other)
        assert client.post(url).status_code == 404
    assert ReferrerChannel.objects.filter(pk=channel.pk).exists()

    client.force_login(bob)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert not ReferrerChannel.objects.filter(pk=channel.pk).exists()
    channel.company.refresh_from_db()
    assert channel.company.active_referrer_count == 1  # dana is still there
    assert channel.company.referrer_count == 1


def test_channel_with_open_requests_cannot_be_deleted(client, bob, channel, referral):
    from referrals.models import ReferrerChannel

    client.force_login(bob)
    response = client.post(reverse("referrals:channel_delete", args=[channel.pk]), follow=True)
    assert ReferrerChannel.objects.filter(pk=channel.pk).exists()
    assert "Please decide on your open requests first" in response.content.decode()


# --- Anonymous visitors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args,method",
    [
        ("referrals:my_requests", [], "get"),
        ("referrals:my_request", ["referral"], "get"),
        ("referrals:answer", ["referral"], "post"),
        ("referrals:withdraw", ["referral"], "post"),
        ("referrals:outcome", ["referral"], "post"),
        ("referrals:thank", ["referral"], "post"),
        ("referrals:inbox", [], "get"),
        ("referrals:inbox_request", ["referral"], "get"),
        ("referrals:inbox_resume", ["referral"], "get"),
        ("referrals:refer", ["referral"], "post"),
        ("referrals:ask_for_info", ["referral"], "post"),
        ("referrals:decline", ["referral"], "post"),
        ("referrals:ask", ["channel"], "get"),
        ("referrals:channels", [], "get"),
        ("referrals:channel_choose_company", [], "get"),
        ("referrals:channel_edit", ["channel"], "get"),
        ("referrals:channel_delete", ["channel"], "post"),
    ],
)
def test_anonymous_is_sent_to_login(client, referral, channel, name, args, method):
    objects = {"referral": referral, "channel": channel}
    url = reverse(name, args=[objects[a].pk for a in args])
    events = RequestEvent.objects.count()
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert RequestEvent.objects.count() == events


def test_anonymous_channel_create_sent_to_login(client, acme):
    url = reverse("referrals:channel_create", args=[acme.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
