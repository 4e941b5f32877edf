"""'Become a referrer' and the referrer card metrics that tell seekers who is active."""

import json
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_request, page_text
from referrals.models import ReferrerChannel
from referrals.selectors import channels_for_company
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referrals_expire_due,
)


def _channel_form(**overrides):
    data = {
        "job_title": "Data scientist",
        "team": "Ads",
        "locations": "Taipei, remote",
        "job_families": ["data", "software"],
        "instructions": "Send the job ID.",
        "accepted_kinds": ["advice", "referral"],
        "capacity": "3",
        "is_accepting": "on",
        "paused_until": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_choose_company_searches(client, alice, acme):
    client.force_login(alice)
    response = client.get(reverse("referrals:channel_choose_company"), {"q": "愛客美"})
    assert response.status_code == 200
    assert list(response.context["companies"]) == [acme]


def test_create_channel(client, alice, acme):
    client.force_login(alice)
    url = reverse("referrals:channel_create", args=[acme.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, _channel_form(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("referrals:channels")
    assert "Thank you for opening a referrer channel at Acme Semiconductor." in page_text(response)
    channel = ReferrerChannel.objects.get(referrer=alice)
    assert (channel.company, channel.capacity, channel.team) == (acme, 3, "Ads")
    assert channel.accepted_kinds == ["advice", "referral"]
    assert channel.job_families == ["data", "software"]
    acme.refresh_from_db()
    assert (acme.active_referrer_count, acme.referrer_count) == (1, 1)


def test_create_channel_refuses_bad_input(client, alice, acme):
    client.force_login(alice)
    url = reverse("referrals:channel_create", args=[acme.slug])
    response = client.post(url, _channel_form(accepted_kinds=None, capacity="0"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "accepted_kinds" in errors
    assert errors["capacity"] == ["Choose a capacity between 1 and 50 open requests."]
    assert "Choose a capacity between 1 and 50 open requests." in page_text(response)
    assert not ReferrerChannel.objects.exists()


def test_second_channel_at_same_company_redirects_to_edit(client, bob, channel, acme):
    client.force_login(bob)
    response = client.get(reverse("referrals:channel_create", args=[acme.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:channel_edit", args=[channel.pk])


def test_channel_create_unknown_company_is_404(client, bob):
    client.force_login(bob)
    assert client.get(reverse("referrals:channel_create", args=["nope"])).status_code == 404


def test_pausing_and_unpausing_follow_active_referrer_count(client, bob, channel, acme):
    acme.refresh_from_db()
    assert acme.active_referrer_count == 1
    client.force_login(bob)
    url = reverse("referrals:channel_edit", args=[channel.pk])
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(url, _channel_form(is_accepting=None, paused_until=until))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert not channel.is_accepting
    assert channel.paused_until.isoformat() == until
    acme.refresh_from_db()
    # Paused: no longer active, still one of the company's referrers.
    assert (acme.active_referrer_count, acme.referrer_count) == (0, 1)

    response = client.post(url, _channel_form(paused_until=until))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.is_accepting and channel.paused_until is None
    acme.refresh_from_db()
    assert acme.active_referrer_count == 1


def test_metrics_after_a_sequence_of_actions(client, bob, channel, acme, alice, charlie):
    erin = make_member("erin@example.com", "Erin")
    gus = make_member("gus@example.com", "Gus")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        referred = make_request(alice, channel)
        declined = make_request(charlie, channel)
        ignored = make_request(erin, channel)
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        referral_refer(request=referred, referrer=bob)
    with time_machine.travel(start + timedelta(hours=4), tick=False):
        referral_decline(request=declined, referrer=bob, reason="resume_gap")
    with time_machine.travel(start + timedelta(days=3), tick=False):
        open_one = make_request(gus, channel)
    with time_machine.travel(start + timedelta(days=7, hours=1), tick=False):
        assert referrals_expire_due() == 1  # only the ignored one is due
    ignored.refresh_from_db()
    assert ignored.status == "expired"

    channel.refresh_from_db()
    assert channel.referred_count == 1
    assert channel.last_referred_at == start + timedelta(hours=2)
    assert channel.median_response_seconds == 3 * 3600  # median of 2 h and 4 h
    assert channel.median_response_hours == 3
    assert channel.received_count == 4
    assert (channel.responded_count, channel.expired_count) == (2, 1)
    assert channel.response_rate_percent == 67
    assert (channel.open_count, channel.capacity) == (1, 5)

    # A later "needs info" is a response too, and moves the median.
    with time_machine.travel(start + timedelta(days=3, hours=10), tick=False):
        referral_ask_for_info(request=open_one, referrer=bob, question="Which team?")
    channel.refresh_from_db()
    assert channel.responded_count == 3
    assert channel.median_response_seconds == 4 * 3600
    assert channel.response_rate_percent == 75

    client.force_login(alice)
    response = client.get(acme.get_absolute_url())
    assert response.status_code == 200
    card = next(c for c in response.context["page"] if c.pk == channel.pk)
    assert (card.referred_count, card.open_count, card.capacity) == (1, 1, 5)
    assert card.response_rate_percent == 75
    text = page_text(response)
    assert "75%" in text
    assert "Bob Chen" in text


def test_cards_put_askable_referrers_first(bob, dana, acme, alice):
    from conftest import make_channel

    full = make_channel(bob, acme, capacity=1)
    make_request(alice, full)
    open_channel = make_channel(dana, acme)
    paused = make_channel(make_member("h@example.com", "Hana"), acme, is_accepting=False)
    for sort in ("active", "recent", "fast", "responsive", "available", "bogus"):
        ordered = list(channels_for_company(company=acme, sort=sort))
        assert ordered[0] == open_channel, sort
        assert set(ordered[1:]) == {full, paused}


def test_company_page_sorts(client, acme, channel, dana_channel, alice, bob):
    referral = make_request(alice, channel)
    referral_refer(request=referral, referrer=bob)
    response = client.get(acme.get_absolute_url(), {"sort": "active"})
    assert [c.pk for c in response.context["page"]] == [channel.pk, dana_channel.pk]
    response = client.get(acme.get_absolute_url(), {"sort": "available"})
    assert response.context["sort"] == "available"
    response = client.get(acme.get_absolute_url(), {"sort": "'; DROP TABLE"})
    assert response.context["sort"] == "active"


def test_moderators_changes_in_the_admin_keep_the_company_counts(
    client, staff, channel, dana_channel, acme
):
    from companies.services import company_create

    other = company_create(name_en="Globex")
    client.force_login(staff)
    change = reverse("admin:referrals_referrerchannel_change", args=[channel.pk])
    form = client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(company=other.pk, referrer=channel.referrer_id)
    data["accepted_kinds"] = json.dumps(channel.accepted_kinds)
    data["job_families"] = json.dumps(channel.job_families)
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    acme.refresh_from_db()
    other.refresh_from_db()
    assert (acme.referrer_count, other.referrer_count) == (1, 1)

    delete = reverse("admin:referrals_referrerchannel_delete", args=[dana_channel.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    acme.refresh_from_db()
    assert (acme.referrer_count, acme.active_referrer_count) == (0, 0)
