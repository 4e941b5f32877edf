"""The whole referral loop in a real browser, once in English and once in Traditional Chinese.

A seeker signs up, verifies the e-mail address, finds a company by a Chinese alias and asks for
a referral with a PDF. The referrer sees it in the Referral inbox, asks for more information,
the seeker answers, the referrer refers. The seeker sees the timeline, reports the outcome and
sends thanks; the referrer sees the thank-you. Everything goes through the pages: clicks and
form fills only. E-mails are delivered by running the queued background tasks.

Expected texts come from gettext in the journey's language, so the test holds before and after
the catalogue is translated.
"""

import re
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from companies.services import company_create
from conftest import make_channel, make_member, pdf_bytes
from notifications.models import Kind
from referrals.models import EventKind, ReferralRequest, Status
from tests.browser.mail import expect_mail, link_in, mails_to

PASSWORD = "a long and Unusual passphrase 8"


@dataclass(frozen=True)
class Journey:
    language: str  # Django language code
    locale: str  # the browser's locale, hence its Accept-Language
    html_lang: str  # <html lang="…">
    query: str  # what the seeker types into the company search
    seeker_email: str


JOURNEYS = [
    pytest.param(Journey("en", "en-US", "en", "台積電", "mei@example.com"), id="en"),
    # Simplified input must find the Traditional alias 台積電.
    pytest.param(
        Journey("zh-hant", "zh-TW", "zh-Hant", "台积电", "xiaomei@example.com"), id="zh-hant"
    ),
]


class Text:
    """gettext in one language."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, message: str, **params) -> str:
        with translation.override(self.language):
            text = translation.gettext(message)
        return text % params if params else text

    def status(self, status: Status) -> str:
        with translation.override(self.language):
            return str(status.label)

    def event(self, kind: EventKind) -> str:
        with translation.override(self.language):
            return str(kind.label)


# --- Helpers: the browser -------------------------------------------------------------------


def submit(page: Page, form_selector: str) -> None:
    """Click the submit button of the one form matching ``form_selector`` and wait for the page."""
    form = page.locator(form_selector)
    expect(form).to_have_count(1)
    button = form.locator("button[type=submit], input[type=submit], button:not([type])").first
    with page.expect_navigation():
        button.click()


def form_at(url: str) -> str:
    return f'form[action="{url}"]'


def reveal(page: Page, form_selector: str) -> None:
    """Open the folded <details> a form may sit in, as a person would: click its summary."""
    folded = page.locator(f"details:not([open]):has({form_selector})")
    for _ in range(folded.count()):
        folded.first.locator("summary").first.click()
    expect(page.locator(form_selector)).to_be_visible()


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def expect_language(page: Page, journey: Journey) -> None:
    expect(page.locator("html")).to_have_attribute("lang", journey.html_lang)


def log_in(page: Page, t: Text, email: str, password: str) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Log in"), exact=True).first.click()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page, "form:has(input[name=password])")
    expect(main_nav_link(page, t, "Referral inbox")).to_be_visible()


def follow(page: Page, href: str) -> None:
    with page.expect_navigation():
        page.locator(f'a[href="{href}"]').first.click()


def main_nav_link(page: Page, t: Text, name: str):
    """A link of the header's main navigation, by its translated name."""
    return page.get_by_role("navigation", name=t("Main")).get_by_role(
        "link", name=t(name), exact=True
    )


def nav(page: Page, t: Text, name: str) -> None:
    with page.expect_navigation():
        main_nav_link(page, t, name).click()


# --- Helpers: e-mail ------------------------------------------------------------------------


# --- The journey ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_referral_journey(journey: Journey, new_page, artifacts):
    t = Text(journey.language)
    zh = journey.language == "zh-hant"
    tsmc = company_create(
        name_en="Taiwan Semiconductor Manufacturing",
        name_zh="台灣積體電路製造",
        website="https://www.tsmc.com",
        aliases=["台積電", "TSMC"],
    )
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體", aliases=["ACME"])
    bob = make_member("bob@example.com", "Bob Chen", language=journey.language, password=PASSWORD)
    channel = make_channel(
        bob,
        tsmc,
        job_title="Senior process engineer",
        team="Advanced packaging",
        instructions="Please include the job ID.",
    )
    company_name = tsmc.name_zh if zh else tsmc.name_en
    # What people type: in the journey's language (CJK through forms, e-mails and pages).
    if zh:
        position = "製程整合工程師"
        note = "我在 3D 封裝有六年經驗，希望到新竹參與 CoWoS 的開發。"
        question = "你比較想去哪一座廠？可以搬到台南嗎？"
        answer = "哪一座廠都可以，下個月就能搬到台南。"
        refer_note = "已經在內部系統推薦你了，祝順利！"
        thanks = "非常感謝你抽空幫我內推！"
    else:
        position = "Process integration engineer"
        note = "Six years in 3D packaging; I want to work on CoWoS in Hsinchu."
        question = "Which fab would you prefer, and can you relocate to Tainan?"
        answer = "Any fab; I can move to Tainan next month."
        refer_note = "Referred you through the internal portal. Good luck!"
        thanks = "Thank you so much for taking the time to refer me!"

    seeker = new_page(journey.locale, label="seeker")
    referrer = new_page(journey.locale, label="referrer")

    # 1. The seeker signs up; the browser's language is the interface's language.
    seeker.goto("/")
    expect_language(seeker, journey)
    with seeker.expect_navigation():
        seeker.get_by_role("link", name=t("Sign up"), exact=True).first.click()
    seeker.fill("input[name=email]", journey.seeker_email)
    seeker.fill("input[name=password1]", PASSWORD)
    seeker.fill("input[name=password2]", PASSWORD)
    submit(seeker, "form:has(input[name=password2])")
    expect(seeker).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect_language(seeker, journey)

    # 2. ... and verifies the address from the e-mail, in the journey's language.
    (verification,) = mails_to(journey.seeker_email)
    subject = re.sub(r"^\[[^\]]*\]\s*", "", verification.subject)  # less "[Guanxi] "
    assert bool(re.search(r"[\u4e00-\u9fff]", subject)) == zh, verification.subject
    confirm_path = link_in(verification, r"/accounts/confirm-email/[^/]+/$")
    seeker.goto(confirm_path)
    expect_language(seeker, journey)
    # (allauth signs a fresh key into the form's action, so match the path's start only.)
    submit(seeker, 'form[action^="/accounts/confirm-email/"]')
    # Confirming in the browser that signed up logs the seeker in.
    expect(main_nav_link(seeker, t, "My requests")).to_be_visible()
    assert EmailAddress.objects.get(email=journey.seeker_email).verified

    # 3. The seeker finds the company by its Chinese alias.
    nav(seeker, t, "Companies")
    search = seeker.locator("input[name=q]")
    search.fill(journey.query)
    with seeker.expect_navigation():
        search.press("Enter")
    results = seeker.locator("main")
    expect(results).to_contain_text(company_name)
    expect(results).not_to_contain_text(acme.name_zh if zh else acme.name_en)
    follow(seeker, tsmc.get_absolute_url())
    expect(seeker.locator("h1")).to_contain_text(company_name)
    expect(seeker.locator("main")).to_contain_text(bob.public_name)
    expect(seeker.locator("main")).to_contain_text(channel.job_title)

    # 4. ... and asks Bob for a referral with a PDF.
    follow(seeker, reverse("referrals:ask", args=[channel.pk]))
    expect(seeker.locator("main")).to_contain_text(channel.instructions)
    ask_form = "form:has([name=position_title])"
    seeker.check(f"{ask_form} input[name=kind][value=referral]")
    seeker.fill(f"{ask_form} [name=position_title]", position)
    seeker.fill(f"{ask_form} [name=job_url]", "https://careers.tsmc.com/job/12345")
    seeker.fill(f"{ask_form} [name=job_id]", "12345")
    seeker.fill(f"{ask_form} [name=location]", "新竹" if zh else "Hsinchu")
    seeker.set_input_files(
        "input[name=upload]",
        files=[{"name": "resume.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    seeker.fill(f"{ask_form} [name=note]", note)
    seeker.check(f"{ask_form} input[name=confirm_instructions]")
    seeker.check(f"{ask_form} input[name=confirm_accurate]")
    submit(seeker, ask_form)

    referral = ReferralRequest.objects.get(seeker__email=journey.seeker_email)
    assert referral.channel == channel and referral.status == Status.SUBMITTED
    assert referral.resume is not None
    expect(seeker).to_have_url(re.compile(re.escape(referral.get_absolute_url()) + "$"))
    expect_message(
        seeker,
        t(
            "Your request has been sent to %(name)s. We will e-mail you when they answer.",
            name=bob.public_name,
        ),
    )
    expect(seeker.locator("main")).to_contain_text(t.status(Status.SUBMITTED))
    seeker_name = referral.seeker.public_name

    # The referrer is told by e-mail, in their language, with a link to the inbox.
    new_request_mail = expect_mail(bob.email, journey.language, 1, Kind.NEW_REQUEST)
    assert link_in(new_request_mail, r"/inbox/\d+/$") == referral.get_inbox_url()

    # 5. The referrer finds it in the Referral inbox and opens it.
    log_in(referrer, t, bob.email, PASSWORD)
    expect_language(referrer, journey)
    nav(referrer, t, "Referral inbox")
    expect(referrer.locator("main")).to_contain_text(position)
    expect(referrer.locator("main")).to_contain_text(seeker_name)
    follow(referrer, referral.get_inbox_url())
    main = referrer.locator("main")
    expect(main).to_contain_text(position)
    expect(main).to_contain_text(note)
    expect(main).to_contain_text("12345")
    resume_url = reverse("referrals:inbox_resume", args=[referral.pk])
    expect(referrer.locator(f'a[href="{resume_url}"]').first).to_be_visible()
    resume = referrer.request.get(resume_url)
    assert resume.ok and resume.body().startswith(b"%PDF"), resume.status
    referral.refresh_from_db()
    assert referral.status == Status.VIEWED

    # 6. ... and asks for more information.
    info_form = form_at(reverse("referrals:ask_for_info", args=[referral.pk]))
    reveal(referrer, info_form)
    referrer.fill(f"{info_form} [name=question]", question)
    submit(referrer, info_form)
    expect_message(referrer, t("Your question has been sent to the seeker."))
    expect_mail(journey.seeker_email, journey.language, 2, Kind.NEEDS_INFO)

    # 7. The seeker sees the question under "My requests" and answers it.
    nav(seeker, t, "My requests")
    expect(seeker.locator("main")).to_contain_text(position)
    expect(seeker.locator("main")).to_contain_text(t.status(Status.NEEDS_INFO))
    follow(seeker, referral.get_absolute_url())
    expect(seeker.locator("main")).to_contain_text(question)
    answer_form = form_at(reverse("referrals:answer", args=[referral.pk]))
    reveal(seeker, answer_form)
    seeker.fill(f"{answer_form} [name=answer]", answer)
    submit(seeker, answer_form)
    expect_message(seeker, t("Your answer has been sent back to the referrer."))
    expect_mail(bob.email, journey.language, 2, Kind.INFO_PROVIDED)

    # 8. The referrer reads the answer and refers.
    nav(referrer, t, "Referral inbox")
    follow(referrer, referral.get_inbox_url())
    expect(referrer.locator("main")).to_contain_text(answer)
    refer_form = form_at(reverse("referrals:refer", args=[referral.pk]))
    reveal(referrer, refer_form)
    referrer.fill(f"{refer_form} [name=note]", refer_note)
    submit(referrer, refer_form)
    expect_message(referrer, t("Marked as referred. Thank you for opening the door."))
    referral.refresh_from_db()
    assert referral.status == Status.REFERRED
    expect_mail(journey.seeker_email, journey.language, 3, Kind.REFERRED)

    # 9. The seeker sees the whole timeline, reports the outcome and sends thanks.
    nav(seeker, t, "My requests")
    follow(seeker, referral.get_absolute_url())
    main = seeker.locator("main")
    expect(main).to_contain_text(t.status(Status.REFERRED))
    expect(main).to_contain_text(refer_note)
    outcome_form = form_at(reverse("referrals:outcome", args=[referral.pk]))
    reveal(seeker, outcome_form)
    outcome = seeker.locator(f"{outcome_form} [name=outcome]")
    if outcome.first.get_attribute("type") == "radio":
        seeker.check(f"{outcome_form} input[name=outcome][value=interviewing]")
    else:
        outcome.select_option("interviewing")
    submit(seeker, outcome_form)
    expect_message(seeker, t("Thank you for the update. Your referrer will see it."))
    thank_form = form_at(reverse("referrals:thank", args=[referral.pk]))
    reveal(seeker, thank_form)
    seeker.fill(f"{thank_form} [name=message]", thanks)
    submit(seeker, thank_form)
    expect_message(seeker, t("Your thank-you has been sent."))

    timeline = [
        EventKind.SUBMITTED,
        EventKind.VIEWED,
        EventKind.NEEDS_INFO,
        EventKind.INFO_PROVIDED,
        EventKind.VIEWED,  # the answer sends it back to the referrer, who opens it again
        EventKind.REFERRED,
        EventKind.OUTCOME,
        EventKind.THANKED,
    ]
    assert list(referral.events.values_list("kind", flat=True)) == timeline
    # The timeline shows every step, oldest first, with what each side wrote.
    expect(seeker.locator(".timeline .event-title")).to_have_text(
        [t.event(kind) for kind in timeline]
    )
    for text in (question, answer, refer_note, thanks):
        expect(seeker.locator(".timeline")).to_contain_text(text)
    seeker.screenshot(
        path=str(artifacts / f"journey-{journey.language}-seeker.png"), full_page=True
    )

    # 10. The referrer is told, and sees the thank-you on the request.
    expect_mail(bob.email, journey.language, 4, Kind.THANKED)  # after the outcome's
    nav(referrer, t, "Referral inbox")
    follow(referrer, referral.get_inbox_url())
    main = referrer.locator("main")
    expect(main).to_contain_text(thanks)
    expect(main).to_contain_text(t.event(EventKind.THANKED))
    expect(main).to_contain_text(t.status(Status.REFERRED))
    referrer.screenshot(
        path=str(artifacts / f"journey-{journey.language}-referrer.png"), full_page=True
    )
