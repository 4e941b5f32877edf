"""Public pages: home, companies and the guidance pages, in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from guides.views import GUIDES


def test_home_is_public(client, acme, channel):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert acme in list(response.context["companies"])


def test_guide_index_links_every_guide(client, db):
    response = client.get(reverse("guides:index"))
    assert response.status_code == 200
    text = response.content.decode()
    for slug in GUIDES:
        assert reverse("guides:detail", args=[slug]) in text


@pytest.mark.parametrize("slug", GUIDES)
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_guides_in_both_languages(client, db, slug, language):
    response = client.get(reverse("guides:detail", args=[slug]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    html_lang = "zh-Hant" if language == "zh-hant" else "en"
    assert f'<html lang="{html_lang}">' in response.content.decode()


def test_guides_are_written_in_chinese_for_chinese_readers(client, db):
    for slug in GUIDES:
        en = client.get(reverse("guides:detail", args=[slug]), HTTP_ACCEPT_LANGUAGE="en")
        zh = client.get(reverse("guides:detail", args=[slug]), HTTP_ACCEPT_LANGUAGE="zh-Hant")
        assert en.content != zh.content
        assert "推" in zh.content.decode()  # 內推 / 推薦人: the guides speak about referrals


def test_unknown_guide_is_404(client, db):
    assert client.get(reverse("guides:detail", args=["nope"])).status_code == 404


@pytest.mark.parametrize("name", ["home", "companies:list", "guides:index", "feedback:create"])
def test_public_pages_for_anonymous(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_ask_form_links_to_the_guidance(client, alice, channel):
    client.force_login(alice)
    text = client.get(reverse("referrals:ask", args=[channel.pk])).content.decode()
    assert any(reverse("guides:detail", args=[slug]) in text for slug in GUIDES)


def test_home_in_chinese_by_default(client, db):
    response = client.get(reverse("home"))
    assert response["Content-Language"] == "zh-hant"
    with translation.override("zh-hant"):
        companies = gettext("Companies")
    assert companies in response.content.decode()
