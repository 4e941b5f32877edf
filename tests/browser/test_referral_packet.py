"""The referral packet and the job ID read from a link, in a real browser.

- The referrer of a referred request clicks "Copy all": the clipboard holds every line of the
  packet and the status line says so (it is a live region); one line's button copies that value.
- On the ask form, a pasted job link fills an empty job ID, with a note to check it; the
  seeker's own job ID is never replaced.
- static/js/job-id.js reads every link of referrals/tests/test_job_ids.py as the server does.

Every page is checked with axe-core at both widths by ``new_page``.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from companies.services import company_create
from conftest import make_channel, make_member, make_request
from referrals.job_ids import job_id_from_link
from referrals.services import referral_refer
from referrals.tests.test_job_ids import FOUND, NOTHING
from tests.browser.test_layout import sign_in

LANGUAGES = [pytest.param("en", "en-US", id="en"), pytest.param("zh-hant", "zh-TW", id="zh-hant")]


def t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def _referred(language: str):
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體")
    referrer = make_member("kai@example.com", "Kai Chen 陳凱", language=language)
    seeker = make_member("mei@example.com", "Mei Lin 林美", language=language)
    channel = make_channel(referrer, acme, job_title="Process engineer")
    referral = make_request(
        seeker,
        channel,
        position_title="Packaging engineer",
        job_url="https://acme.wd5.myworkdayjobs.com/External/job/Hsinchu/Packaging-Engineer_JR0123456",
        job_id="",
        location="Hsinchu",
        note="Six years of advanced packaging at a foundry. I led the move to chiplets.",
    )
    referral_refer(request=referral, referrer=referrer)
    return referrer, referral


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "locale"), LANGUAGES)
def test_copy_all_puts_the_packet_on_the_clipboard(language, locale, new_page, live_server):
    referrer, referral = _referred(language)
    page = new_page(locale, label="referrer")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, live_server, referrer)
    page.goto(reverse("referrals:inbox_request", args=[referral.pk]))

    packet = page.locator("[data-packet]")
    expect(packet).to_have_attribute("open", "")
    copy_all = packet.get_by_role("button", name=t(language, "Copy all"), exact=True)
    copy_all.click()
    status = packet.get_by_role("status")
    expect(status).to_have_text(t(language, "Copied all of it."))
    expected = page.locator("#packet-all").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    lines = expected.splitlines()
    assert len(lines) == 7 and "mei@example.com" in lines[1] and "JR0123456" in lines[2]

    # One line: the job ID read from the link.
    packet.get_by_role("button", name=t(language, "Copy the job ID")).click()
    label = t(language, "Job ID")
    expect(status).to_have_text(t(language, "Copied: %(label)s") % {"label": label})
    assert page.evaluate("navigator.clipboard.readText()") == "JR0123456"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_packet_is_text_to_select(chromium, live_server):
    referrer, referral = _referred("en")
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, referrer)
        page.goto(reverse("referrals:inbox_request", args=[referral.pk]))
        expect(page.locator("[data-packet] button[data-copy]").first).to_be_hidden()
        page.locator(".packet-text summary").click()
        box = page.locator("#packet-all")
        expect(box).to_be_visible()
        assert "JR0123456" in box.input_value()
        assert box.get_attribute("readonly") is not None
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "locale"), LANGUAGES)
def test_a_pasted_link_fills_the_job_id_to_check(language, locale, new_page, live_server):
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體")
    channel = make_channel(make_member("kai@example.com", "Kai Chen 陳凱"), acme)
    seeker = make_member("mei@example.com", "Mei Lin 林美", language=language)
    page = new_page(locale, label="seeker")
    sign_in(page, live_server, seeker)
    page.goto(reverse("referrals:ask", args=[channel.pk]))

    link, job_id = page.locator("[name=job_url]"), page.locator("[name=job_id]")
    note = page.locator("[data-job-id-found]")
    link.fill("https://boards.greenhouse.io/acme/jobs/5712345")
    expect(job_id).to_have_value("5712345")
    # A template's message: its % signs are doubled in the catalogue.
    template = t(language, "We found the job ID “%%(job_id)s” in the link. Check that it is right.")
    template = template.replace("%%", "%")
    expect(note).to_have_text(template % {"job_id": "5712345"})
    expect(page.locator("[data-check=job]")).to_have_class("is-done")
    # Another link: the ID the script put there follows it; a link without one empties it.
    link.fill("https://jobs.lever.co/acme/3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c")
    expect(job_id).to_have_value("3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c")
    link.fill("https://acme.example/careers")
    expect(job_id).to_have_value("")
    expect(note).to_have_text("")
    # The seeker's own job ID stays.
    job_id.fill("REQ-77")
    link.fill("https://boards.greenhouse.io/acme/jobs/5712345")
    expect(job_id).to_have_value("REQ-77")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_reads_every_link_as_the_server_does(new_page, live_server):
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體")
    channel = make_channel(make_member("kai@example.com", "Kai Chen"), acme)
    page = new_page("en-US", label="seeker")
    sign_in(page, live_server, make_member("mei@example.com", "Mei Lin"))
    page.goto(reverse("referrals:ask", args=[channel.pk]))
    links = [link for _system, link, _id in FOUND] + NOTHING
    read = page.evaluate("(links) => links.map((l) => window.GuanxiJobId.fromLink(l))", links)
    expected = [job_id_from_link(link) for link in links]
    assert read == expected
    assert sum(1 for found in read if found) == len(FOUND)
