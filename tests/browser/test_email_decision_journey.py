"""Deciding from the e-mail, in a real browser, once in English and once in Traditional Chinese.

A seeker asks for a referral. The referrer reads the new-request e-mail in the test mailbox,
follows its personal link in a fresh browser that has never signed in, reads the request and
declines it with a reason and a note. The link signs nobody in: the browser stays signed out.
The seeker, signed in, sees the reason under "My requests" and on the request's page, with
the timeline saying it was decided from the e-mail link.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from companies.services import company_create
from conftest import make_channel, make_member, make_request
from notifications.models import Kind
from referrals.decision_links import COOKIE_NAME
from referrals.models import DeclineReason, EventKind, ReferralRequest, Status
from tests.browser.mail import expect_mail, link_in
from tests.browser.test_referral_journey import (
    Text,
    log_in,
    main_nav_link,
    nav,
    reveal,
    submit,
)

PASSWORD = "a long and Unusual passphrase 8"

JOURNEYS = [
    pytest.param(("en", "en-US", "en"), id="en"),
    pytest.param(("zh-hant", "zh-TW", "zh-Hant"), id="zh-hant"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_a_referrer_declines_from_the_e_mail(journey, new_page, live_server):
    language, locale, html_lang = journey
    t = Text(language)
    zh = language == "zh-hant"
    tsmc = company_create(
        name_en="Taiwan Semiconductor Manufacturing",
        name_zh="台灣積體電路製造",
        aliases=["台積電", "TSMC"],
    )
    bob = make_member("bob@example.com", "Bob Chen", language=language, password=PASSWORD)
    mei = make_member("mei@example.com", "Mei Lin", language=language, password=PASSWORD)
    channel = make_channel(bob, tsmc, job_title="Senior process engineer")
    position = "製程整合工程師" if zh else "Process integration engineer"
    note = "我在 3D 封裝有六年經驗。" if zh else "Six years in 3D packaging."
    decline_note = "今年職缺已補滿，明年再試試看！" if zh else "Filled this year; try again!"

    # 1. The seeker asks (through the service: the page is the referral journey's).
    referral = make_request(mei, channel, position_title=position, note=note, job_id="A-12345")

    # 2. The referrer reads the e-mail in their language: a personal link to decide.
    message = expect_mail(bob.email, language, 1, Kind.NEW_REQUEST)
    assert t("Decide now, without signing in") in message.body
    link = link_in(message, rf"^/from-email/decide/{referral.pk}/[^/]+/$")
    # The signed-in page is still offered, and the one-click unsubscribe kept.
    assert link_in(message, r"/inbox/\d+/$") == referral.get_inbox_url()
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # 3. ... follows it in a browser that has never signed in: the token leaves the address bar.
    referrer = new_page(locale, label="referrer")
    referrer.on("dialog", lambda dialog: dialog.accept())
    hops = []
    referrer.on("response", lambda r: hops.append(r) if "/from-email/" in r.url else None)
    response = referrer.goto(link)
    screen = reverse("referrals:email_decide", args=[referral.pk])
    expect(referrer).to_have_url(re.compile(re.escape(screen) + "$"))
    assert hops[0].status == 302 and hops[0].headers["referrer-policy"] == "no-referrer"
    assert "no-store" in hops[0].headers["cache-control"]
    assert "no-store" in response.headers["cache-control"]
    assert link.rsplit("/", 2)[1] not in referrer.url
    expect(referrer.locator("html")).to_have_attribute("lang", html_lang)
    main = referrer.locator("main")
    expect(main).to_contain_text(position)
    expect(main).to_contain_text(note)
    expect(main).to_contain_text("A-12345")
    expect(main).to_contain_text(mei.public_name)
    # What the referrer types into their company's tool is here too, ready to copy.
    packet = referrer.locator("[data-packet]")
    expect(packet).to_be_visible()
    packet.locator("summary").first.click()
    expect(packet).to_contain_text(mei.email)
    expect(packet.locator("button[data-copy=packet-all]")).to_be_visible()
    # Opening it changed nothing: not even "viewed".
    assert ReferralRequest.objects.get(pk=referral.pk).status == Status.SUBMITTED
    # The browser holds the token only in a cookie of this screen's path; no session.
    cookies = {c["name"]: c for c in referrer.context.cookies()}
    assert cookies[COOKIE_NAME]["path"] == screen and cookies[COOKIE_NAME]["httpOnly"]
    assert settings.SESSION_COOKIE_NAME not in cookies

    # 4. ... and declines with a reason and a note.
    # (The form's address ends with the fold's anchor, so a refused form shows its errors.)
    decline_form = f'form[action^="{reverse("referrals:email_decline", args=[referral.pk])}"]'
    reveal(referrer, decline_form)
    referrer.select_option(f"{decline_form} [name=reason]", DeclineReason.NO_OPENING.value)
    referrer.fill(f"{decline_form} [name=note]", decline_note)
    submit(referrer, decline_form)
    expect(referrer).to_have_url(re.compile(re.escape(screen) + "(#[-a-z]+)?$"))
    main = referrer.locator("main")
    expect(main).to_contain_text(t.status(Status.DECLINED))
    expect(main).to_contain_text(t("decided from the e-mail link"))
    expect(referrer.locator(decline_form)).to_have_count(0)
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.decline_reason == DeclineReason.NO_OPENING
    assert referral.events.get(kind=EventKind.DECLINED).via_email_link
    # Still nobody signed in, here or on the rest of the site.
    assert settings.SESSION_COOKIE_NAME not in {c["name"] for c in referrer.context.cookies()}
    referrer.goto(reverse("referrals:inbox"))
    expect(referrer).to_have_url(re.compile(r"/accounts/login/"))

    # 5. The seeker is told by e-mail, signs in and sees the reason.
    expect_mail(mei.email, language, 1, Kind.DECLINED)
    seeker = new_page(locale, label="seeker")
    log_in(seeker, t, mei.email, PASSWORD)
    nav(seeker, t, "My requests")
    row = seeker.locator("main")
    expect(row).to_contain_text(position)
    expect(row).to_contain_text(t.status(Status.DECLINED))
    with seeker.expect_navigation():
        seeker.locator(f'a[href="{referral.get_absolute_url()}"]').first.click()
    main = seeker.locator("main")
    expect(main).to_contain_text(t("No matching opening"))
    expect(main).to_contain_text(decline_note)
    expect(main).to_contain_text(t("decided from the e-mail link"))
    expect(main_nav_link(seeker, t, "My requests")).to_be_visible()
