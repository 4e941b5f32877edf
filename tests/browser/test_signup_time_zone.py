"""A new member's time zone comes from their browser (static/js/time-zone.js), not Asia/Taipei
for everyone; the profile offers the browser's zone when it differs from the saved one."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.mail import mails_to

PASSWORD = "a long and Unusual passphrase 8"


@pytest.fixture
def berlin_page(chromium, live_server, artifacts, request):
    """A browser in Berlin whose language is English."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/Berlin",
        viewport={"width": 1100, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        page.screenshot(path=str(artifacts / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


def test_sign_up_in_berlin_keeps_berlin_time(berlin_page, db):
    page = berlin_page
    page.goto(reverse("account_signup"))
    expect(page.locator("input[name=time_zone]")).to_have_value("Europe/Berlin")
    page.fill("input[name=email]", "anna@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password2]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert User.objects.get(email="anna@example.com").time_zone == "Europe/Berlin"

    # Confirming in the same browser logs her in and leads her to her profile.
    (verification,) = mails_to("anna@example.com")
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", verification.body)
    page.goto(confirm[1])
    with page.expect_navigation():
        page.locator('form[action^="/accounts/confirm-email/"] button[type=submit]').click()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:profile")) + r"\?welcome=1$"))
    with translation.override("en"):
        welcome = translation.gettext("Welcome to Guanxi! Your e-mail address is confirmed.")
    expect(page.locator(".welcome-note")).to_contain_text(welcome)
    expect(page.locator("select[name=time_zone]")).to_have_value("Europe/Berlin")
    expect(page.locator("[data-time-zone-hint]")).to_be_hidden()  # nothing to offer


def test_the_profile_offers_the_browser_zone(berlin_page, alice, live_server):
    page = berlin_page
    page.goto(reverse("account_login"))
    page.fill("input[name=login]", alice.email)
    page.fill("input[name=password]", "correct horse 42")
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.goto(reverse("accounts:profile"))
    select = page.locator("select[name=time_zone]")
    expect(select).to_have_value("Asia/Taipei")
    hint = page.locator("[data-time-zone-hint]")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("Berlin")
    hint.locator("[data-time-zone-use]").click()
    expect(select).to_have_value("Europe/Berlin")
    expect(hint).to_be_hidden()
    with page.expect_navigation():
        page.locator("form.profile-form button[type=submit]").click()
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"
