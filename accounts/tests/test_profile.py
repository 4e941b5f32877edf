"""One profile page: what a member shows others, their network profile and their language and
time zone, each field edited in exactly one place ("Profile" and "My network profile" used to
repeat the headline, city and languages)."""

import re

from django.urls import reverse

from accounts.forms import ProfileForm
from network.forms import NetworkProfileForm
from network.models import NetworkProfile
from network.tests.utils import make_profile


def _post(client, member, **fields):
    data = {
        "display_name": member.display_name,
        "language": member.language,
        "time_zone": member.time_zone,
        **fields,
    }
    return client.post(reverse("accounts:profile"), data)


def test_each_field_is_edited_in_one_place():
    mine = set(ProfileForm.base_fields)
    network = set(NetworkProfileForm.base_fields)
    assert not mine & network
    assert {"headline", "city", "languages_spoken"} <= mine


def test_the_page_holds_every_field_once(client, alice):
    client.force_login(alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    for name in [*ProfileForm.base_fields, *NetworkProfileForm.base_fields]:
        fields = re.findall(rf'<(?:input|select|textarea)[^>]*name="{name}"', html)
        assert fields, name
        if name not in ("intents", "offers"):  # a checkbox per choice
            assert len(fields) == 1, name


def test_one_save_keeps_both_halves(client, alice):
    client.force_login(alice)
    response = _post(
        client,
        alice,
        headline="Data engineer",
        city="Hsinchu",
        languages_spoken="Mandarin",
        job_title="Engineer",
        company="Acme",
        intents=["mentor"],
        offers=["resume_review"],
        listed="on",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    alice.refresh_from_db()
    assert (alice.headline, alice.city, alice.languages_spoken) == (
        "Data engineer",
        "Hsinchu",
        "Mandarin",
    )
    profile = NetworkProfile.objects.get(user=alice)
    assert (profile.job_title, profile.company, profile.listed) == ("Engineer", "Acme", True)
    assert profile.intent_list == ["mentor"] and profile.offer_list == ["resume_review"]
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Your profile is saved. You are listed in the directory." in page


def test_an_error_in_either_half_saves_nothing(client, alice):
    make_profile(alice, job_title="Engineer")
    client.force_login(alice)
    response = _post(client, alice, city="Tainan", role_type="astronaut", listed="on")
    assert response.status_code == 200
    assert "role_type" in response.context["network_form"].errors
    assert "Please check the form." in response.content.decode()
    alice.refresh_from_db()
    assert alice.city == ""
    response = _post(client, alice, display_name="", job_title="Manager", listed="on")
    assert response.status_code == 200
    assert NetworkProfile.objects.get(user=alice).job_title == "Engineer"


def test_the_welcome_shows_only_after_sign_up(client, alice):
    client.force_login(alice)
    welcome = "Welcome to Guanxi! Your e-mail address is confirmed."
    assert welcome not in client.get(reverse("accounts:profile")).content.decode()
    assert welcome in client.get(reverse("accounts:profile") + "?welcome=1").content.decode()


def test_every_link_leads_to_the_one_page(client, alice):
    make_profile(alice)
    client.force_login(alice)
    home = client.get(reverse("home")).content.decode()
    assert "My network profile" not in home
    assert f'href="{reverse("accounts:profile")}"' in home
    for url in [reverse("network:member", args=[alice.pk]), reverse("network:directory")]:
        html = client.get(url).content.decode()
        assert reverse("network:profile_edit") not in html, url
    member_page = client.get(reverse("network:member", args=[alice.pk])).content.decode()
    assert f'href="{reverse("accounts:profile")}#networking"' in member_page
