"""A member's account settings in a real browser, once in English and once in Traditional Chinese.

Tokens: the member signs in, makes a read-only personal access token on the API tokens page, sees
it once (never again on a later visit), reads their requests through the JSON API with it, is
refused a write, revokes it on the page, and the API then refuses the token.

Notification e-mails: the member turns one kind of e-mail off and asks for a daily summary; what
happens next follows that choice (the kind turned off is never e-mailed, the other is held for the
summary), and every e-mail carries the one-click unsubscribe headers of RFC 8058. The link of an
e-mail opened in a browser that is not signed in stops that kind; a mail client's one-click POST,
without cookies, stops the summary.

The member acts through the pages; the test sets up the other side (a referrer who asks,
refers and declines) through the services and delivers e-mails by running the queued tasks.
Expected texts come from gettext in the journey's language.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from api.models import AccessToken, Scope
from companies.services import company_create
from conftest import make_channel, make_member, make_request, run_tasks
from notifications.messages import notification_text
from notifications.models import Delivery, EmailSettings, Kind, Notification
from notifications.tasks import summaries_enqueue_due
from notifications.unsubscribe import SUMMARY, unsubscribe_token
from referrals.models import DeclineReason, Status
from referrals.services import referral_ask_for_info, referral_decline, referral_refer
from tests.browser.mail import mails_to

PASSWORD = "a long and Unusual passphrase 8"
TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")  # make_member's time zone


@dataclass(frozen=True)
class Journey:
    language: str  # Django language code, also the member's language
    locale: str  # the browser's locale, hence its Accept-Language
    html_lang: str  # <html lang="…">
    name: str  # the member's name
    token_name: str  # what the member calls the token


JOURNEYS = [
    pytest.param(Journey("en", "en-US", "en", "Mei Lin", "My job-search spreadsheet"), id="en"),
    pytest.param(Journey("zh-hant", "zh-TW", "zh-Hant", "林美", "求職試算表"), id="zh-hant"),
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


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def expect_language(page: Page, journey: Journey) -> None:
    expect(page.locator("html")).to_have_attribute("lang", journey.html_lang)


def log_in(page: Page, t: Text, email: str) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Log in"), exact=True).first.click()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "form:has(input[name=password])")
    expect(page.get_by_role("navigation", name=t("Main"))).to_contain_text(t("Referral inbox"))


def account_menu(page: Page, t: Text, name: str) -> None:
    """Open the header's account menu and follow one of its links, as a person would."""
    page.locator("details.menu > summary").click()
    with page.expect_navigation():
        page.locator("details.menu .menu-panel").get_by_role(
            "link", name=t(name), exact=True
        ).click()


def kind_box(page: Page, kind: str):
    return page.locator(f"input[name=emailed_kinds][value={kind}]")


def delivery_radio(page: Page, delivery: str):
    return page.locator(f"input[name=delivery][value={delivery}]")


# --- Helpers: e-mail ------------------------------------------------------------------------


def unsubscribe_path(message) -> str:
    """The path of the one-click link in ``message``'s List-Unsubscribe header (RFC 2369: one
    URL in angle brackets), checked to come with RFC 8058's List-Unsubscribe-Post."""
    headers = message.extra_headers
    assert headers.get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click", headers
    found = re.fullmatch(r"<(https?://[^>]+)>", headers.get("List-Unsubscribe", ""))
    assert found, headers
    path = urlsplit(found.group(1)).path
    assert path.startswith("/notifications/unsubscribe/"), path
    # The body offers the same link to a person reading it.
    assert found.group(1) in message.body
    return path


def headline(notification: Notification, language: str) -> str:
    with translation.override(language):
        return notification_text(notification)


def email_settings(member) -> EmailSettings:
    return EmailSettings.objects.get(member=member)


# --- Set-up ---------------------------------------------------------------------------------


@pytest.fixture
def api(chromium, live_server):
    """Makes a cookie-less HTTP client for the JSON API, as a script would be, in a language."""
    contexts = []

    def client(locale: str):
        context = chromium.new_context(base_url=live_server.url, locale=locale)
        contexts.append(context)
        return context.request

    yield client
    for context in contexts:
        context.close()


def referrer_world(language: str):
    """A referrer with a channel at two companies, made through the services."""
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體", aliases=["ACME"])
    globex = company_create(name_en="Globex Systems", name_zh="環宇系統")
    kai = make_member("kai@example.com", "Kai Chen", language=language)
    return (
        kai,
        make_channel(kai, acme, job_title="Process engineer"),
        make_channel(kai, globex, job_title="Design engineer"),
    )


# --- The token journey ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_token_journey(journey: Journey, new_page, api):
    t = Text(journey.language)
    mei = make_member("mei@example.com", journey.name, language=journey.language, password=PASSWORD)
    _kai, channel, _other = referrer_world(journey.language)
    position = "製程整合工程師" if journey.language == "zh-hant" else "Process integration engineer"
    referral = make_request(mei, channel, position_title=position)

    page = new_page(journey.locale, label="member")

    # 1. The member signs in and finds the API tokens in the account menu.
    log_in(page, t, mei.email)
    account_menu(page, t, "API tokens")
    expect(page).to_have_url(re.compile(re.escape(reverse("tokens:list")) + "$"))
    expect_language(page, journey)
    expect(page.locator("h1")).to_have_text(t("Personal access tokens"))
    main = page.locator("main")
    expect(main).to_contain_text(t("You have no tokens yet."))

    # 2. ... makes a read-only token with a name.
    create_form = form_at(reverse("tokens:list"))
    page.fill(f"{create_form} input[name=name]", journey.token_name)
    page.check(f"{create_form} input[name=scope][value={Scope.READ}]")
    submit(page, create_form)

    # 3. It is shown once, with how to use it; only its start stays in the list.
    shown = page.locator(".token-created")
    expect(shown).to_be_visible()
    expect(shown.locator("h2")).to_contain_text(journey.token_name)
    expect(shown).to_contain_text(t("Copy it now: you will not see it again."))
    raw = page.locator("#new-token").input_value()
    assert re.fullmatch(r"gx_[a-z0-9]{10}_\S{40,}", raw), raw
    expect(shown.locator(".token-example")).to_contain_text(f"Authorization: Bearer {raw}")
    token = AccessToken.objects.get(member=mei)
    assert (token.name, token.scope, token.revoked_at) == (journey.token_name, Scope.READ, None)
    row = page.locator(".token-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(journey.token_name)
    expect(row).to_contain_text(token.hint)
    expect(row).to_contain_text(t.label(Scope.READ))
    expect(row).to_contain_text(t("Never used"))
    expect(row).not_to_contain_text(raw)

    # 4. Reloading the page (the form's POST answered with a redirect, so a reload repeats the
    # GET) neither shows it again nor makes a second token.
    expect(page).to_have_url(re.compile(re.escape(reverse("tokens:list")) + "$"))
    page.reload()
    expect(page.locator(".token-created")).to_have_count(0)
    expect(page.locator("#new-token")).to_have_count(0)
    assert raw not in page.content()
    expect(page.locator(".token-list tbody tr")).to_have_count(1)
    assert AccessToken.objects.filter(member=mei).count() == 1

    # 5. A script with the token reads the member's requests...
    client = api(journey.locale)
    bearer = {"Authorization": f"Bearer {raw}"}
    read = client.get("/api/requests", headers=bearer)
    assert read.status == 200, read.text()
    items = read.json()["items"]
    assert [(i["id"], i["position_title"]) for i in items] == [(referral.pk, position)]
    with translation.override(journey.language):
        assert items[0]["status_label"] == str(referral.get_status_display())

    # ... but may not act: a read-only token is refused a write, in the member's language.
    withdraw = f"/api/requests/{referral.pk}/withdraw"
    write = client.post(withdraw, headers=bearer)
    assert write.status == 403, write.text()
    assert write.json()["code"] == "read_only_token"
    assert write.json()["detail"] == t(
        "This token may only read. Create a token with write access to do this."
    )
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED

    # 6. The page now shows when the token was last used.
    page.reload()
    row = page.locator(".token-list tbody tr")
    expect(row).not_to_contain_text(t("Never used"))
    token.refresh_from_db()
    assert token.last_used_at is not None
    last_used = row.locator("td").nth(3).locator("time")
    expect(last_used).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T"))

    # 7. The member revokes it on the page (after the browser's "are you sure?").
    page.once("dialog", lambda dialog: dialog.accept())
    submit(page, form_at(reverse("tokens:revoke", args=[token.pk])))
    expect(page).to_have_url(re.compile(re.escape(reverse("tokens:list")) + "$"))
    expect_message(
        page, t("The token “%(name)s” is revoked. It no longer works.", name=journey.token_name)
    )
    row = page.locator(".token-list tbody tr")
    expect(row).to_have_class(re.compile(r"\btoken-revoked\b"))
    expect(row.get_by_role("button")).to_have_count(0)
    token.refresh_from_db()
    assert token.revoked_at is not None

    # 8. The same request is now refused: the token no longer works.
    refused = client.get("/api/requests", headers=bearer)
    assert refused.status == 401, refused.text()
    assert refused.json()["code"] == "invalid_token"
    assert refused.headers.get("www-authenticate", "").startswith("Bearer")


# --- The notification e-mails journey -------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_notification_settings_journey(journey: Journey, new_page, api):
    t = Text(journey.language)
    mei = make_member("mei@example.com", journey.name, language=journey.language, password=PASSWORD)
    kai, channel, other_channel = referrer_world(journey.language)
    settings_url = reverse("notifications:settings")

    member = new_page(journey.locale, label="member")

    # 1. The member opens the notification e-mails from the account menu: everything is on, as
    # it happens.
    log_in(member, t, mei.email)
    account_menu(member, t, "Notification e-mails")
    expect(member).to_have_url(re.compile(re.escape(settings_url) + "$"))
    expect_language(member, journey)
    expect(member.locator("h1")).to_have_text(t("Notification e-mails"))
    expect(kind_box(member, Kind.NEEDS_INFO)).to_be_checked()
    expect(kind_box(member, Kind.REFERRED)).to_be_checked()
    expect(delivery_radio(member, Delivery.AS_IT_HAPPENS)).to_be_checked()
    form = form_at(settings_url)
    expect(member.locator(form)).to_contain_text(t.label(Kind.NEEDS_INFO))

    # 2. ... turns off the e-mails of a referrer's questions, asks for a daily summary, saves.
    kind_box(member, Kind.NEEDS_INFO).uncheck()
    delivery_radio(member, Delivery.DAILY).check()
    submit(member, form)
    expect_message(member, t("Your notification e-mail settings are saved."))
    saved = email_settings(mei)
    assert saved.kinds_not_emailed == [Kind.NEEDS_INFO]
    assert saved.delivery == Delivery.DAILY

    # 3. A reload keeps the choice.
    member.reload()
    expect(kind_box(member, Kind.NEEDS_INFO)).not_to_be_checked()
    expect(kind_box(member, Kind.REFERRED)).to_be_checked()
    expect(kind_box(member, Kind.DECLINED)).to_be_checked()
    expect(delivery_radio(member, Delivery.DAILY)).to_be_checked()
    expect(delivery_radio(member, Delivery.AS_IT_HAPPENS)).not_to_be_checked()

    # 4. A referrer asks a question (a kind turned off: no e-mail ever) and refers (held for the
    # daily summary: no e-mail yet).
    referral = make_request(mei, channel)
    referral_ask_for_info(request=referral, referrer=kai, question="Which fab?")
    referral_refer(request=referral, referrer=kai, note="Good luck!")
    run_tasks()
    assert mails_to(mei.email) == []
    asked = Notification.objects.get(recipient=mei, kind=Kind.NEEDS_INFO)
    referred = Notification.objects.get(recipient=mei, kind=Kind.REFERRED)
    assert asked.email_skipped_at is not None and referred.email_held_at is not None

    # 5. The next morning's summary tells of the referral only, and can be left in one click.
    tomorrow = timezone.localdate(timezone=TAIPEI) + datetime.timedelta(days=1)
    morning = datetime.datetime.combine(tomorrow, datetime.time(9), tzinfo=TAIPEI)
    assert summaries_enqueue_due(now=morning) == 1
    run_tasks()
    (summary,) = mails_to(mei.email)
    assert summary.extra_headers.get("Content-Language") == journey.language
    assert headline(referred, journey.language) in summary.body
    assert headline(asked, journey.language) not in summary.body
    summary_unsubscribe = unsubscribe_path(summary)
    assert summary_unsubscribe == reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(member_id=mei.pk, name=SUMMARY)]
    )

    # 6. The member goes back to e-mails as they happen. A request at another company is
    # declined: that e-mail comes at once, with its own unsubscribe link.
    delivery_radio(member, Delivery.AS_IT_HAPPENS).check()
    submit(member, form)
    expect_message(member, t("Your notification e-mail settings are saved."))
    declined = make_request(mei, other_channel)
    referral_decline(request=declined, referrer=kai, reason=DeclineReason.values[0])
    run_tasks()
    received = mails_to(mei.email)
    assert len(received) == 2, [m.subject for m in received]
    declined_mail = received[-1]
    declined_note = Notification.objects.get(recipient=mei, kind=Kind.DECLINED)
    assert headline(declined_note, journey.language) in declined_mail.subject
    declined_unsubscribe = unsubscribe_path(declined_mail)
    assert declined_unsubscribe != summary_unsubscribe

    # 7. Opened in a browser that is not signed in, the link asks first (a link scanner that
    # opens it changes nothing), then stops that kind of e-mail.
    stranger = new_page(journey.locale, label="signed-out")
    stranger.goto(declined_unsubscribe)
    expect_language(stranger, journey)
    expect(stranger.locator("h1")).to_have_text(t("Unsubscribe from these e-mails?"))
    expect(stranger.locator("main")).to_contain_text(t.label(Kind.DECLINED))
    expect(stranger.get_by_role("link", name=t("Log in"), exact=True).first).to_be_visible()
    assert Kind.DECLINED not in email_settings(mei).kinds_not_emailed
    submit(stranger, form_at(declined_unsubscribe))
    expect(stranger.locator("h1")).to_have_text(t("You are unsubscribed"))
    expect(stranger.locator("main")).to_contain_text(t.label(Kind.DECLINED))
    assert set(email_settings(mei).kinds_not_emailed) == {Kind.NEEDS_INFO, Kind.DECLINED}

    # 8. The member's settings page shows that kind off, and only what was chosen besides.
    member.reload()
    expect(kind_box(member, Kind.DECLINED)).not_to_be_checked()
    expect(kind_box(member, Kind.NEEDS_INFO)).not_to_be_checked()
    expect(kind_box(member, Kind.REFERRED)).to_be_checked()
    expect(delivery_radio(member, Delivery.AS_IT_HAPPENS)).to_be_checked()

    # 9. A mail client's one-click unsubscribe (RFC 8058: a POST, no cookies) from the summary
    # turns off the e-mails of every kind.
    one_click = api(journey.locale).post(
        summary_unsubscribe, form={"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status == 200, one_click.text()
    member.reload()
    boxes = member.locator("input[name=emailed_kinds]")
    expect(boxes.first).to_be_visible()
    assert boxes.count() > 3
    for i in range(boxes.count()):
        expect(boxes.nth(i)).not_to_be_checked()
