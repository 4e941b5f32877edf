"""The moderators' community-health dashboard and a referrer's impact page in a real browser, once
in English and once in Traditional Chinese.

A moderator who also refers at Acme opens Community health from the account menu: the figures
of this week's four requests, the charts drawn as SVG, the week-by-week table and the busiest
companies; the CSV link downloads the same figures with a header row in the moderator's
language. Then the moderator's own impact as a referrer: requests received, referred, the
outcome reported and the thank-you note. A member who is not a moderator finds no way to the
dashboard, and its addresses are a 404.

The requests are made through the services and the weekly rollup is computed as the sweep
does; the people look through the pages. Expected texts come from gettext in the journey's
language.
"""

import csv
import io
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from companies.services import company_create
from conftest import make_channel, make_member, make_request
from referrals.health import request_stats_rebuild, week_of
from referrals.models import DeclineReason, Outcome
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_report_outcome,
    referral_thank,
)

PASSWORD = "a long and Unusual passphrase 8"


@dataclass(frozen=True)
class Journey:
    language: str  # Django language code, also the members' language
    locale: str  # the browser's locale, hence its Accept-Language
    html_lang: str  # <html lang="…">
    thanks: str  # the seeker's thank-you note


JOURNEYS = [
    pytest.param(Journey("en", "en-US", "en", "Thank you for the quick referral!"), id="en"),
    pytest.param(Journey("zh-hant", "zh-TW", "zh-Hant", "謝謝你這麼快就幫我內推！"), id="zh-hant"),
]


class Text:
    """gettext in one language."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, message: str, **params) -> str:
        with translation.override(self.language):
            text = translation.gettext(message)
        return text % params if params else text

    def label(self, choice) -> str:
        with translation.override(self.language):
            return str(getattr(choice, "label", choice))


def submit(page: Page, form_selector: str) -> None:
    form = page.locator(form_selector)
    expect(form).to_have_count(1)
    button = form.locator("button[type=submit], input[type=submit], button:not([type])").first
    with page.expect_navigation():
        button.click()


def log_in(page: Page, t: Text, email: str) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Log in"), exact=True).first.click()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "form:has(input[name=password])")
    expect(page.get_by_role("navigation", name=t("Main"))).to_contain_text(t("Referral inbox"))


def menu_links(page: Page):
    page.locator("details.menu > summary").click()
    return page.locator("details.menu .menu-panel")


def follow_menu(page: Page, t: Text, name: str) -> None:
    with page.expect_navigation():
        menu_links(page).get_by_role("link", name=t(name), exact=True).click()


def summary_figure(page: Page, t: Text, name: str):
    """The value of one figure of a page's summary (a <dl class="health-summary">)."""
    return (
        page.locator(".health-summary > div")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(t(name))}$")))
        .locator("dd")
    )


def a_week_of_requests(language: str):
    """This week at Acme, sent to the moderator Kai: one referred (outcome and thanks reported),
    one declined, one answered with a question, one waiting. Then the sweep's rollup."""
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體", aliases=["ACME"])
    kai = make_member("kai@example.com", "Kai Chen", language=language, password=PASSWORD)
    kai.is_staff = True
    kai.save()
    channel = make_channel(kai, acme, job_title="Process engineer")
    seekers = [
        make_member(f"seeker{i}@example.com", f"Seeker {i}", language=language, password=PASSWORD)
        for i in range(4)
    ]
    referred, declined, asked, _waiting = [make_request(s, channel) for s in seekers]
    referral_refer(request=referred, referrer=kai, note="Good luck!")
    referral_decline(request=declined, referrer=kai, reason=DeclineReason.values[0])
    referral_ask_for_info(request=asked, referrer=kai, question="Which fab?")
    referral_report_outcome(request=referred, seeker=referred.seeker, outcome=Outcome.INTERVIEWING)
    request_stats_rebuild()
    return kai, acme, referred, seekers[3]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_moderator_journey(journey: Journey, new_page, tmp_path):
    t = Text(journey.language)
    kai, acme, referred, member = a_week_of_requests(journey.language)
    referral_thank(request=referred, seeker=referred.seeker, message=journey.thanks)
    acme_name = acme.name_zh if journey.language == "zh-hant" else acme.name_en

    # 1. The moderator opens Community health from the account menu.
    page = new_page(journey.locale, label="moderator")
    log_in(page, t, kai.email)
    follow_menu(page, t, "Community health")
    expect(page).to_have_url(re.compile(re.escape(reverse("referrals:health")) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", journey.html_lang)
    expect(page.locator("h1")).to_have_text(t("Community health"))
    expect(page.locator("main")).not_to_contain_text(t("No figures yet."))

    # The summary: 4 requests, 3 answered, 1 of the 2 decided was a referral.
    expect(summary_figure(page, t, "Requests")).to_have_text("4")
    expect(summary_figure(page, t, "Response rate")).to_have_text("75%")
    expect(summary_figure(page, t, "Referral rate")).to_have_text("50%")
    expect(summary_figure(page, t, "Expiries")).to_have_text("0")

    # 2. The three charts are drawn, with a bar for this week's requests.
    charts = page.locator(".chart-card")
    expect(charts).to_have_count(3)
    for i in range(3):
        expect(charts.nth(i).locator("svg.chart")).to_be_visible()
    requests_chart = page.locator(".chart-requests")
    expect(requests_chart.locator("figcaption")).to_have_text(t("Requests and expiries per week"))
    heights = requests_chart.locator("svg rect.series-1").evaluate_all(
        "(bars) => bars.map((bar) => Number(bar.getAttribute('height')))"
    )
    assert len(heights) == 1 and heights[0] > 0, heights  # weeks without requests: no bar
    # One week with answers: a dot per rate, the response rate's (75%) above the referral's (50%).
    dots = page.locator(".chart-rates svg circle")
    expect(dots).to_have_count(2)
    response_y, referral_y = (
        float(page.locator(f".chart-rates svg circle.series-{k}").get_attribute("cy"))
        for k in (1, 2)
    )
    assert response_y < referral_y, (response_y, referral_y)

    # 3. The table, newest week first: this week's row, "so far", with its figures.
    weeks = page.locator("section[aria-labelledby=weeks-title] table")
    expect(weeks).to_be_visible()
    expect(weeks.locator("tbody tr")).to_have_count(12)
    this_week = weeks.locator("tbody tr").first
    expect(this_week).to_have_class(re.compile(r"\bis-current-week\b"))
    expect(this_week.locator("th")).to_contain_text(t("so far"))
    monday = week_of(timezone.now())
    expect(this_week.locator("th time")).to_have_attribute("datetime", monday.isoformat())
    expect(this_week.locator("td")).to_have_text(
        ["4", "3", "75%", "2", "1", "50%", re.compile(r"\S"), "0"]
    )
    busiest = page.locator("section[aria-labelledby=busiest-title] tbody tr")
    expect(busiest).to_have_count(1)
    expect(busiest.locator("th")).to_have_text(acme_name)

    # 4. The CSV link downloads the same figures, headed in the moderator's language.
    with page.expect_download() as started:
        page.locator(f'a[href="{reverse("referrals:health_csv")}"]').click()
    download = started.value
    assert re.fullmatch(r"guanxi-community-health-\d{8}\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes().decode("utf-8")
    assert content.startswith("\ufeff")  # for Excel
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows[0] == [
        t("Week starting"),
        t("Requests"),
        t("Responded"),
        t("Response rate (%)"),
        t("Decided"),
        t("Referred"),
        t("Referral rate (%)"),
        t("Median time to first response (hours)"),
        t("Expired"),
    ]
    assert len(rows) == 13
    week, *figures = rows[-1]
    assert week == monday.isoformat()
    assert (figures[:6], figures[7]) == (["4", "3", "75.0", "2", "1", "50.0"], "0")
    assert float(figures[6]) > 0  # the median time to first response, in hours

    # 5. As a referrer, the moderator sees their own impact: from their channels to the page.
    follow_menu(page, t, "My referrer channels")
    with page.expect_navigation():
        page.locator("main").get_by_role(
            "link", name=t("My impact as a referrer"), exact=True
        ).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("referrals:impact")) + "$"))
    expect(page.locator("h1")).to_have_text(t("My impact as a referrer"))
    expect(page.locator("#totals-title")).to_have_text(acme_name)
    expect(summary_figure(page, t, "Requests received")).to_have_text("4")
    expect(summary_figure(page, t, "Applicants referred")).to_have_text("1")
    expect(summary_figure(page, t, "Thank-yous received")).to_have_text("1")
    expect(summary_figure(page, t, "Most recent referral").locator("time")).to_be_visible()
    recent = page.locator(".impact-columns table").first
    expect(recent).to_be_visible()
    expect(recent.locator("tbody tr").first.locator("td")).to_have_text(["4", "4"])
    outcomes = page.locator(".impact-columns table").nth(1)
    expect(
        outcomes.locator("tbody tr").filter(has_text=t.label(Outcome.INTERVIEWING)).locator("td")
    ).to_have_text("1")
    expect(page.locator(".thanks-list")).to_contain_text(journey.thanks)

    # 6. A member who is not a moderator has no way to the dashboard, and it is not found.
    other = new_page(journey.locale, label="member")
    log_in(other, t, member.email)
    expect(menu_links(other).get_by_role("link", name=t("Community health"))).to_have_count(0)
    answer = other.goto(reverse("referrals:health"))
    assert answer is not None and answer.status == 404
    expect(other.locator("main")).not_to_contain_text(t("Week by week"))
    csv_answer = other.request.get(reverse("referrals:health_csv"))
    assert csv_answer.status == 404
    assert t("Week starting") not in csv_answer.text()
