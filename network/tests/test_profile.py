"""The network part of the member's one profile page (accounts:profile), and the member page."""

import re

from django.urls import reverse

from conftest import page_text
from network.models import Intent, NetworkProfile, Offer, RoleType
from network.tests.utils import make_profile


def _listed_box_ticked(html: str) -> bool:
    tag = re.search(r'<input[^>]*name="listed"[^>]*>', html).group(0)
    return " checked" in tag


def _profile_form(member, **fields):
    """What the profile page posts: the member's own fields as they are, plus ``fields``."""
    data = {
        "display_name": member.display_name,
        "headline": member.headline,
        "city": member.city,
        "languages_spoken": member.languages_spoken,
        "linkedin_url": member.linkedin_url,
        "language": member.language,
        "time_zone": member.time_zone,
    }
    data.update(fields)
    return data


def test_the_old_network_profile_address_leads_to_the_one_profile_page(client, alice):
    response = client.get(reverse("network:profile_edit"))
    assert response.status_code == 301
    assert response["Location"] == reverse("accounts:profile") + "#networking"
    client.force_login(alice)
    response = client.get(reverse("network:profile_edit"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile") + "#networking"
    assert 'id="networking"' in response.content.decode()


def test_profile_edit_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_first_visit_says_saving_lists_you_and_the_box_is_ticked(client, alice):
    client.force_login(alice)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert _listed_box_ticked(response.content.decode())
    assert "saving lists you in the directory" in page_text(response)
    assert not NetworkProfile.objects.filter(user=alice).exists()


def test_saving_creates_the_profile_with_intents_and_offers(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile"),
        _profile_form(
            alice,
            **{
                "intents": [Intent.MENTOR, Intent.VISA_ADVICE],
                "offers": [Offer.RESUME_REVIEW],
                "role_type": RoleType.PEER,
                "industry": "software",
                "company": "Acme",
                "job_title": "Data engineer",
                "headline": "Data person",
                "city": "Taipei",
                "languages_spoken": "Mandarin, English",
                "about": "I like pipelines.",
                "listed": "on",
            },
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    profile = NetworkProfile.objects.get(user=alice)
    assert profile.intents == "|mentor|visa_advice|"
    assert profile.offer_list == ["resume_review"]
    assert profile.listed
    alice.refresh_from_db()
    assert (alice.city, alice.languages_spoken, alice.headline) == (
        "Taipei",
        "Mandarin, English",
        "Data person",
    )
    page = page_text(client.get(reverse("network:member", args=[alice.pk])))
    assert "A mentor" in page and "Visa advice" in page and "Resume review" in page
    assert "You are listed in the directory" in page


def test_unticking_listed_keeps_the_profile_out_of_sight(client, alice, bob):
    client.force_login(alice)
    client.post(reverse("accounts:profile"), _profile_form(alice, intents=[Intent.MENTOR]))
    assert NetworkProfile.objects.get(user=alice).listed is False
    form = client.get(reverse("accounts:profile")).content.decode()
    assert not _listed_box_ticked(form)
    client.force_login(bob)
    assert client.get(reverse("network:member", args=[alice.pk])).status_code == 404
    # Alice still sees her own page.
    client.force_login(alice)
    assert client.get(reverse("network:member", args=[alice.pk])).status_code == 200


def test_member_page_is_404_without_a_listed_profile(client, alice, bob, charlie):
    make_profile(bob, listed=True, job_title="Engineer", company="Acme")
    client.force_login(alice)
    assert client.get(reverse("network:member", args=[bob.pk])).status_code == 200
    assert client.get(reverse("network:member", args=[charlie.pk])).status_code == 404
    assert client.get(reverse("network:member", args=[99999])).status_code == 404


def test_member_page_shows_the_profile(client, alice, bob):
    make_profile(
        bob,
        intents=[Intent.COFOUNDER],
        offers=[Offer.MOCK_INTERVIEWS, Offer.REFERRALS],
        role_type=RoleType.HIRING_MANAGER,
        job_title="Engineering manager",
        company="Acme",
        city="Hsinchu",
        languages="Mandarin",
    )
    client.force_login(alice)
    page = page_text(client.get(reverse("network:member", args=[bob.pk])))
    for text in [
        "Bob Chen",
        "Engineering manager at Acme",
        "Hiring manager",
        "Hsinchu",
        "Mandarin",
        "A co-founder",
        "Mock interviews",
        "Referrals",
        "Connect with a note",
    ]:
        assert text in page, text
    assert "bob@example.com" not in page
