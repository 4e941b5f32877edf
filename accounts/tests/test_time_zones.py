"""Time zones: a short list of places by region, named by city in the page's language, the
browser's zone offered, and never "CST" for Taipei."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.time_zones import ALIASES, LISTED, listed_zone, time_zone_choices, zone_label

DEPRECATED = {
    "PRC",
    "ROC",
    "ROK",
    "Factory",
    "GMT",
    "Etc/GMT+8",
    "EST5EDT",
    "US/Pacific",
    "Africa/Asmera",
    "Asia/Calcutta",
    "Asia/Saigon",
    "Asia/Katmandu",
    "Europe/Kiev",
    "America/Buenos_Aires",
}


def _options(choices) -> dict:
    return {name: label for _group, options in choices for name, label in options}


def test_the_picker_lists_places_not_aliases():
    choices = time_zone_choices()
    names = set(_options(choices))
    assert names == set(LISTED)
    assert 80 < len(names) < 200
    assert not names & DEPRECATED
    assert not names & set(ALIASES)
    assert names <= zoneinfo.available_timezones()
    assert all(group and options for group, options in choices)  # every option in a region


def test_the_picker_speaks_the_page_language():
    with translation.override("zh-hant"):
        choices = time_zone_choices()
        assert _options(choices)["Asia/Taipei"] == "台北（UTC+8）"
        assert _options(choices)["America/Los_Angeles"].startswith("洛杉磯、舊金山、西雅圖（UTC-")
        assert [group for group, _options in choices][:3] == ["亞洲", "北美洲", "歐洲"]
    with translation.override("en"):
        choices = time_zone_choices()
        assert _options(choices)["Asia/Taipei"] == "Taipei (UTC+8)"
        assert _options(choices)["Asia/Kolkata"] == "Kolkata, Mumbai, New Delhi (UTC+5:30)"
        assert choices[0][0] == "Asia"


def test_a_zone_is_named_by_its_city_and_offset():
    january = datetime.datetime(2027, 1, 15, tzinfo=datetime.UTC)
    july = datetime.datetime(2027, 7, 15, tzinfo=datetime.UTC)
    with translation.override("zh-hant"):
        assert zone_label("Asia/Taipei") == "台北時間（UTC+8）"
        assert zone_label("ROC") == "台北時間（UTC+8）"
    with translation.override("en"):
        assert zone_label("Asia/Taipei") == "Taipei time (UTC+8)"
        assert zone_label("America/Los_Angeles", january) == "Los Angeles time (UTC-8)"
        assert zone_label("America/Los_Angeles", july) == "Los Angeles time (UTC-7)"
        assert zone_label("Asia/Kolkata") == "India time (UTC+5:30)"
        assert zone_label("UTC") == "UTC"


@pytest.mark.parametrize(
    "name, listed",
    [
        ("Asia/Taipei", "Asia/Taipei"),
        ("ROC", "Asia/Taipei"),
        ("PRC", "Asia/Shanghai"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Africa/Asmera", "Africa/Nairobi"),  # the same clock, in the same region
        ("America/Boise", "America/Denver"),
        ("Europe/Monaco", "Europe/Paris"),
        ("Factory", None),
        ("Mars/Olympus", None),
        ("", None),
    ],
)
def test_every_name_is_read_as_a_listed_zone(name, listed):
    assert listed_zone(name) == listed


def test_the_profile_groups_the_zones_by_region(client, alice):
    client.force_login(alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'for="id_time_zone">Time zone<' in html
    select = re.search(r'<select name="time_zone".*?</select>', html, re.S)[0]
    assert '<optgroup label="Asia">' in select and '<optgroup label="Europe">' in select
    assert '<option value="Asia/Taipei" selected>Taipei (UTC+8)</option>' in select
    assert 'value="PRC"' not in select and 'value="Factory"' not in select
    assert select.count("<option") == len(LISTED)


def test_the_profile_offers_the_browser_zone(client, alice):
    client.force_login(alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "/static/js/time-zone.js" in html
    assert "data-time-zone-hint" in html and "data-time-zone-use" in html
    assert 'data-time-zone-aliases="{&quot;Asia/Calcutta&quot;: &quot;Asia/Kolkata&quot;' in html


def test_an_old_zone_shows_as_the_listed_zone_with_the_same_clock(client, alice):
    User.objects.filter(pk=alice.pk).update(time_zone="America/Boise")
    client.force_login(alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="America/Denver" selected>' in html


def test_the_profile_saves_a_listed_zone_and_refuses_an_alias(client, alice):
    client.force_login(alice)
    data = {"display_name": "Alice", "language": "en", "time_zone": "Europe/Berlin"}
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"
    response = client.post(reverse("accounts:profile"), {**data, "time_zone": "PRC"})
    assert "time_zone" in response.context["form"].errors


@pytest.mark.parametrize(
    "language, label", [("zh-hant", "台北時間（UTC+8）"), ("en", "Taipei time (UTC+8)")]
)
def test_no_page_calls_taipei_cst(client, alice, language, label):
    alice.language = language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    for url in [reverse("events:list"), reverse("coffee:list")]:
        html = client.get(url).content.decode()
        assert label in html, url
        assert "CST" not in html and "Asia/Taipei" not in html, url
