"""The layout at a phone's width (390×844) and a desktop's (1280×800), in both languages.

- The header is one row on a phone: the navigation folds behind a menu button that works
  without JavaScript; on a desktop the navigation shows and the button does not.
- On a phone the member directory shows its first member on the first screen: the filters fold
  behind a summary that names the active ones.
- Opening the decline panel on an inbox request leaves the sidebar where it was.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from companies.services import company_create
from conftest import make_channel, make_member, make_request
from network.models import Industry, Intent, Offer, RoleType
from network.services import network_profile_save
from tests.browser.conftest import DESKTOP, PHONE

LANGUAGES = [pytest.param("en", "en-US", id="en"), pytest.param("zh-hant", "zh-TW", id="zh-hant")]
HEADER_MAX_ON_PHONE = 64  # px: one row


def t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def sign_in(page, live_server, member) -> None:
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def height(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["height"]


def document_box(page, selector: str) -> dict:
    """Where the element is on the page (not in the window), whatever the scroll."""
    return page.locator(selector).first.evaluate(
        "(el) => { const r = el.getBoundingClientRect();"
        " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width}; }"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "locale"), LANGUAGES)
def test_phone_header_is_one_row_with_a_menu_button(language, locale, new_page, live_server):
    member = make_member("mei@example.com", "Mei Lin 林美", language=language)
    for signed_in in (False, True):
        page = new_page(locale, label=f"signed-in-{signed_in}")
        if signed_in:
            sign_in(page, live_server, member)
        main_nav = page.get_by_role("navigation", name=t(language, "Main"))
        menu_button = page.locator("header summary").get_by_text(t(language, "Menu"), exact=True)
        companies = main_nav.get_by_role("link", name=t(language, "Companies"), exact=True)

        page.set_viewport_size(PHONE)
        page.goto("/")
        assert height(page, ".site-header") <= HEADER_MAX_ON_PHONE
        expect(main_nav).to_be_hidden()
        menu_button.click()
        expect(companies).to_be_visible()
        if signed_in:
            expect(main_nav.get_by_role("link", name=t(language, "Referral inbox"))).to_be_visible()
        with page.expect_navigation():
            companies.click()
        expect(page.locator("h1")).to_be_visible()
        assert height(page, ".site-header") <= HEADER_MAX_ON_PHONE  # folded again

        page.set_viewport_size(DESKTOP)
        page.goto("/")
        expect(menu_button).to_be_hidden()
        expect(companies).to_be_visible()
        assert height(page, ".site-header") <= 72


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_phone_menu_works_without_javascript(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="en-US", viewport=PHONE, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        main_nav = page.get_by_role("navigation", name="Main")
        expect(main_nav).to_be_hidden()
        page.locator("summary", has_text="Menu").click()
        expect(main_nav.get_by_role("link", name="Guides", exact=True)).to_be_visible()
        page.locator("summary", has_text="Menu").click()
        expect(main_nav).to_be_hidden()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "locale"), LANGUAGES)
def test_phone_directory_shows_a_member_on_the_first_screen(
    language, locale, new_page, live_server
):
    members = [
        make_member(f"m{i}@example.com", name, language=language)
        for i, name in enumerate(["Mei Lin 林美", "Kai Chen 陳凱", "Ivy Lee 李宜蓁"])
    ]
    for member in members:
        network_profile_save(
            user=member,
            listed=True,
            intents=[Intent.MENTOR],
            offers=[Offer.MENTORING],
            role_type=RoleType.SENIOR_LEADER,
            industry=Industry.SEMICONDUCTORS,
            city="Hsinchu",
        )
    page = new_page(locale, label="mei")
    sign_in(page, live_server, members[0])
    filters = page.locator("form.directory-filters")
    summary = page.locator("summary", has_text=t(language, "Filters"))

    page.set_viewport_size(PHONE)
    page.goto(reverse("network:directory"))
    expect(filters).to_be_hidden()
    assert page.locator(".member-card").first.bounding_box()["y"] < PHONE["height"]
    summary.click()
    expect(filters.locator("select[name=role_type]")).to_be_visible()

    # With filters on, the folded summary says which.
    page.goto(reverse("network:directory") + "?role_type=senior_leader&city=Hsinchu")
    expect(filters).to_be_hidden()
    with translation.override(language):
        senior_leader = str(RoleType.SENIOR_LEADER.label)
    expect(summary.locator(".pill")).to_have_text([senior_leader, "Hsinchu"])
    assert page.locator(".member-card").first.bounding_box()["y"] < PHONE["height"]

    page.set_viewport_size(DESKTOP)
    page.goto(reverse("network:directory"))
    expect(summary).to_be_hidden()
    expect(filters.locator("select[name=role_type]")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "locale"), LANGUAGES)
def test_sidebar_stays_put_when_the_decline_panel_opens(language, locale, new_page, live_server):
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體")
    referrer = make_member("kai@example.com", "Kai Chen", language=language)
    seeker = make_member("mei@example.com", "Mei Lin", language=language)
    referral = make_request(seeker, make_channel(referrer, acme, job_title="Engineer"))
    page = new_page(locale, label="referrer")
    sign_in(page, live_server, referrer)
    aside = ".two-col > aside"

    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(reverse("referrals:inbox_request", args=[referral.pk]))
        before = document_box(page, aside)
        decline = page.locator("details.decision-decline")
        decline.locator("summary").click()
        expect(decline.locator("select[name=reason]")).to_be_visible()
        decline.locator("button[type=submit]").scroll_into_view_if_needed()
        after = document_box(page, aside)
        assert after["x"] == before["x"] and after["width"] == before["width"], (before, after)
        if viewport == DESKTOP:  # beside the decision, not below it: the same place
            assert after["y"] == before["y"], (before, after)
