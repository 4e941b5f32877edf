"""The networking loop in a real browser, once in English and once in Traditional Chinese.

Alice says what she is looking for and what she can offer, finds Bob in the member directory
by role type, industry and city, and sends him a connection note pre-filled in her language.
Bob accepts. Alice proposes a coffee chat with three times; Bob picks one and names the café,
and both receive an iCalendar invitation. Once the time has passed Alice marks "we met": Bob is
in her contacts. She logs what they talked about, schedules a follow-up and asks for a daily
digest, which then reminds her of Bob, the topic to come back to and the last conversation.

Everything Alice and Bob do goes through the pages: clicks and form fills only. The test sets
up Bob's listed profile through the network services, delivers e-mails by running the queued
background tasks, and moves the chosen coffee time into the past through the ORM (a live
browser cannot wait for it). Expected texts come from gettext in the journey's language, so
the test holds before and after the catalogue is translated.
"""

import datetime
import io
import re
import zoneinfo
from dataclasses import dataclass

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from coffee.models import CoffeeChat, Mode
from coffee.models import Status as CoffeeStatus
from conftest import make_member, run_tasks
from contacts.models import Contact, FollowUp, Frequency, InteractionKind, ReminderSettings
from guanxi.formats import when
from network.models import (
    INTENT_PHRASES,
    Connection,
    ConnectionStatus,
    Industry,
    Intent,
    NetworkProfile,
    Offer,
    RoleType,
)
from network.services import network_profile_save
from notifications.models import Kind
from tests.browser.mail import expect_mail, link_in, mails_to

PASSWORD = "a long and Unusual passphrase 8"
ALICE_TZ = zoneinfo.ZoneInfo("Asia/Taipei")  # make_member's default
BOB_TZ = zoneinfo.ZoneInfo("America/Los_Angeles")  # a visiting Bob: invitations in his zone
INPUT_DATETIME = "%Y-%m-%dT%H:%M"  # what a datetime-local input takes


@dataclass(frozen=True)
class Journey:
    language: str  # Django language code, also both members' language
    locale: str  # the browser's locale, hence its Accept-Language
    html_lang: str  # <html lang="…">
    alice: str  # names, in the journey's language
    bob: str
    others: tuple[str, str, str]  # decoys the directory filters must leave out


JOURNEYS = [
    pytest.param(
        Journey("en", "en-US", "en", "Alice Lin", "Bob Chen", ("Carol Wu", "Dave Ho", "Erin Tsai")),
        id="en",
    ),
    pytest.param(
        Journey("zh-hant", "zh-TW", "zh-Hant", "林愛麗", "陳柏宇", ("吳佳玲", "何大衛", "蔡怡君")),
        id="zh-hant",
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

    def plural(self, singular: str, plural: str, count: int, **params) -> str:
        with translation.override(self.language):
            text = translation.ngettext(singular, plural, count)
        return text % {"counter": count, **params}

    def label(self, choice) -> str:
        """The translated label of a model choice (or any lazy string)."""
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


def follow(page: Page, href: str) -> None:
    with page.expect_navigation():
        page.locator(f'a[href="{href}"]').first.click()


def click_link(page: Page, name: str, scope: str = "main") -> None:
    with page.expect_navigation():
        page.locator(scope).get_by_role("link", name=name, exact=True).first.click()


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def expect_language(page: Page, journey: Journey) -> None:
    expect(page.locator("html")).to_have_attribute("lang", journey.html_lang)


def main_nav_link(page: Page, t: Text, name: str):
    return page.get_by_role("navigation", name=t("Main")).get_by_role(
        "link", name=t(name), exact=True
    )


def subnav(page: Page, t: Text, name: str) -> None:
    """A tab of the networking sub-navigation (directory, connections, contacts, ...)."""
    with page.expect_navigation():
        page.get_by_role("navigation", name=t("Networking")).get_by_role(
            "link", name=t(name), exact=True
        ).click()


def log_in(page: Page, t: Text, email: str) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Log in"), exact=True).first.click()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "form:has(input[name=password])")
    expect(main_nav_link(page, t, "Network")).to_be_visible()


def choice(page: Page, field: str, label: str):
    """A checkbox or radio button of one form field, by its visible label."""
    return page.locator(f"#field-{field}").get_by_label(label, exact=True)


# --- Helpers: e-mail ------------------------------------------------------------------------


def invitation(message) -> icalendar.Event:
    """The one VEVENT of the .ics attached to ``message``."""
    files = [a for a in message.attachments if a[0].endswith(".ics")]
    assert len(files) == 1, [a[0] for a in message.attachments]
    _name, content, mimetype = files[0]
    assert mimetype.startswith("text/calendar"), mimetype
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["method"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    return event


# --- Set-up ---------------------------------------------------------------------------------


def listed_member(email: str, name: str, language: str, **profile):
    """A member with a listed network profile, made through the network service."""
    user = make_member(email, name, language=language, password=PASSWORD)
    network_profile_save(user=user, listed=True, **profile)
    return user


def local_input(moment: datetime.datetime, tz) -> str:
    return timezone.localtime(moment, tz).strftime(INPUT_DATETIME)


# --- The journey ----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_networking_journey(journey: Journey, new_page, artifacts):
    t = Text(journey.language)
    zh = journey.language == "zh-hant"
    lang = journey.language
    if zh:
        city, city_query, bob_city = "台北", "新竹", "新竹市"
        headline = "在台積電帶製程整合團隊"
        topic = "從軟體轉到半導體產業的經驗"
        goal = "請教從軟體轉到半導體業的建議"
        place = "新竹市東區光復路二段 101 號，路易莎咖啡"
        topics = "CoWoS 團隊的招募計畫、工作簽證的時程"
        follow_up_topic = "寄給他我整理的封裝技術筆記"
        notes = "他建議我先讀先進封裝的入門書。"
    else:
        city, city_query, bob_city = "Taipei", "hsinchu", "Hsinchu"
        headline = "Leads process integration at TSMC"
        topic = "moving from software into semiconductors"
        goal = "Advice on moving from software into semiconductors"
        place = "Louisa Coffee, 101 Guangfu Rd Sec 2, Hsinchu"
        topics = "hiring plans of the CoWoS team; work visa timeline"
        follow_up_topic = "Send him my notes on advanced packaging"
        notes = "He suggested I start with an introduction to advanced packaging."

    alice = make_member("alice@example.com", journey.alice, language=lang, password=PASSWORD)
    bob = listed_member(
        "bob@example.com",
        journey.bob,
        lang,
        intents=[Intent.BUSINESS_PROSPECTS],
        offers=[Offer.MENTORING, Offer.INDUSTRY_INSIGHT],
        role_type=RoleType.SENIOR_LEADER,
        industry=Industry.SEMICONDUCTORS,
        company="台積電" if zh else "TSMC",
        job_title="處長" if zh else "Director",
        headline=headline,
        city=bob_city,
        languages_spoken="華語、英語" if zh else "Mandarin, English",
    )
    bob.time_zone = BOB_TZ.key
    bob.save(update_fields=["time_zone"])
    # Each decoy misses exactly one of Alice's three filters.
    carol, dave, erin = journey.others
    listed_member(
        "carol@example.com", carol, lang, intents=[], offers=[Offer.REFERRALS],
        role_type=RoleType.SENIOR_LEADER, industry=Industry.SOFTWARE, city=bob_city,
    )  # fmt: skip
    listed_member(
        "dave@example.com", dave, lang, intents=[], offers=[Offer.REFERRALS],
        role_type=RoleType.PEER, industry=Industry.SEMICONDUCTORS, city=bob_city,
    )  # fmt: skip
    listed_member(
        "erin@example.com", erin, lang, intents=[], offers=[Offer.REFERRALS],
        role_type=RoleType.SENIOR_LEADER, industry=Industry.SEMICONDUCTORS, city="台北",
    )  # fmt: skip

    a = new_page(journey.locale, label="alice")
    b = new_page(journey.locale, label="bob")

    # 1. Alice signs in and says what she is looking for and what she can offer.
    log_in(a, t, alice.email)
    expect_language(a, journey)
    a.locator("details.menu > summary").click()
    with a.expect_navigation():
        a.locator("details.menu").get_by_role("link", name=t("Profile"), exact=True).click()
    expect(a.locator("h1")).to_have_text(t("Your profile"))  # one page, the network part in it
    intents = [Intent.MENTOR, Intent.JOB_REFERRAL]
    offers = [Offer.RESUME_REVIEW, Offer.MOCK_INTERVIEWS]
    for intent in intents:
        choice(a, "intents", t.label(intent)).check()
    for offer in offers:
        choice(a, "offers", t.label(offer)).check()
    a.fill("input[name=headline]", "軟體工程師，想轉往半導體業" if zh else "Software engineer")
    a.fill("input[name=city]", city)
    a.select_option("select[name=role_type]", label=t.label(RoleType.PEER))
    a.select_option("select[name=industry]", label=t.label(Industry.SOFTWARE))
    expect(a.locator("input[name=listed]")).to_be_checked()  # a first save lists her
    submit(a, "form:has(input[name=listed])")
    expect(a).to_have_url(re.compile(re.escape(reverse("accounts:profile")) + "$"))
    expect_message(a, t("Your profile is saved. You are listed in the directory."))
    follow(a, reverse("network:member", args=[alice.pk]))
    profile = NetworkProfile.objects.get(user=alice)
    assert profile.listed
    assert set(profile.intent_list) == {str(i) for i in intents}
    assert set(profile.offer_list) == {str(o) for o in offers}
    for label in [*map(t.label, intents), *map(t.label, offers)]:
        expect(a.locator(".member-profile .pill-list")).to_contain_text([label])

    # 2. She finds Bob in the directory by role type, industry and city ...
    with a.expect_navigation():
        main_nav_link(a, t, "Network").click()
    expect(a.locator("h1")).to_have_text(t("Member directory"))
    filters = "form.directory-filters"
    a.select_option(f"{filters} select[name=role_type]", label=t.label(RoleType.SENIOR_LEADER))
    a.select_option(f"{filters} select[name=industry]", label=t.label(Industry.SEMICONDUCTORS))
    a.fill(f"{filters} input[name=city]", city_query)
    submit(a, filters)
    results = a.locator("main")
    expect(results).to_contain_text(
        t.plural("%(counter)s member found.", "%(counter)s members found.", 1)
    )
    expect(a.locator(".member-card")).to_have_count(1)
    expect(a.locator(".member-card")).to_contain_text(journey.bob)
    for decoy in journey.others:
        expect(results).not_to_contain_text(decoy)

    # ... opens his page and connects with a note pre-filled in her language.
    follow(a, reverse("network:member", args=[bob.pk]))
    expect(a.locator("h1")).to_have_text(journey.bob)
    expect(a.locator(".member-profile")).to_contain_text(t.label(RoleType.SENIOR_LEADER))
    click_link(a, t("Connect with a note"))
    note_box = a.locator("textarea[name=note]")
    placeholder = t("[the topic you would like to discuss]")
    # "First" in the order of the choices: a job referral comes before a mentor.
    expected_note = t(
        "Hi %(name)s, thanks for connecting. I am looking for %(intent)s and wondered if I "
        "could ask for a moment of your time to discuss %(topic)s.",
        name=journey.bob,
        intent=t.label(INTENT_PHRASES[Intent.JOB_REFERRAL]),
        topic=placeholder,
    )
    expect(note_box).to_have_value(expected_note)
    prefilled = note_box.input_value()
    assert journey.bob in prefilled
    assert bool(re.search(r"[\u4e00-\u9fff]", prefilled.replace(journey.bob, ""))) == zh
    note = prefilled.replace(placeholder, topic)
    note_box.fill(note)
    submit(a, "form:has(textarea[name=note])")
    expect_message(a, t("Your note is on its way to %(name)s.", name=journey.bob))
    connection = Connection.objects.get(sender=alice, recipient=bob)
    assert connection.note == note and connection.status == ConnectionStatus.PENDING
    request_mail = expect_mail(bob.email, t.language, 1, Kind.CONNECTION_REQUEST)
    assert topic in request_mail.body

    # 3. Bob sees the request under Connections, in his language, and accepts it.
    log_in(b, t, bob.email)
    expect_language(b, journey)
    with b.expect_navigation():
        main_nav_link(b, t, "Network").click()
    subnav(b, t, "Connections")
    request_card = b.locator(".connection-request").filter(has_text=journey.alice)
    expect(request_card).to_contain_text(note)
    submit(b, form_at(reverse("network:connection_accept", args=[connection.pk])))
    expect_message(b, t("You are now connected with %(name)s.", name=journey.alice))
    expect(b.locator("main table")).to_contain_text(journey.alice)
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ACCEPTED
    accepted_mail = expect_mail(alice.email, t.language, 1, Kind.CONNECTION_ACCEPTED)

    # 4. Alice follows the e-mail to Bob's page and proposes a coffee chat: a goal, in person,
    # three times.
    bob_page = reverse("network:member", args=[bob.pk])
    assert link_in(accepted_mail, r"^/network/members/\d+/$") == bob_page
    a.goto(bob_page)
    expect(a.locator("main aside")).to_contain_text(t("Connected"))
    click_link(a, t("Propose a coffee chat"))
    a.fill("input[name=goal]", goal)
    choice(a, "mode", t.label(Mode.IN_PERSON)).check()
    a.select_option("select[name=duration]", label=t("45 minutes"))
    tomorrow = timezone.localtime(timezone.now(), ALICE_TZ).date() + datetime.timedelta(days=1)
    slots = [
        datetime.datetime.combine(tomorrow + datetime.timedelta(days=d), time, tzinfo=ALICE_TZ)
        for d, time in [(0, datetime.time(10, 0)), (1, datetime.time(15, 30)),
                        (2, datetime.time(8, 15))]
    ]  # fmt: skip
    for i, slot in enumerate(slots, start=1):
        a.fill(f"input[name=slot_{i}]", local_input(slot, ALICE_TZ))
    submit(a, "form:has(input[name=goal])")
    chat = CoffeeChat.objects.get(proposer=alice, invitee=bob)
    expect(a).to_have_url(re.compile(re.escape(chat.get_absolute_url()) + "$"))
    expect_message(
        a,
        t(
            "Your invitation has been sent to %(name)s. They will choose a time and the place.",
            name=journey.bob,
        ),
    )
    assert sorted(s.starts_at for s in chat.slots.all()) == slots
    assert chat.mode == Mode.IN_PERSON and chat.duration_minutes == 45
    proposal_mail = expect_mail(bob.email, t.language, 2, Kind.COFFEE_PROPOSED)

    # 5. Bob opens the chat from the e-mail, picks the second time (shown in his own time
    # zone) and names the café.
    b.goto(link_in(proposal_mail, r"^/coffee/\d+/$"))
    expect_language(b, journey)
    expect(b.locator("h1")).to_have_text(goal)
    chosen = slots[1]
    with translation.override(lang), timezone.override(BOB_TZ):
        chosen_label = when(chosen, "weekday_time")
    choice(b, "slot", chosen_label).check()
    b.fill("input[name=place]", place)
    submit(b, form_at(reverse("coffee:respond", args=[chat.pk])))
    expect_message(b, t("Your coffee chat is confirmed. You both receive a calendar invitation."))
    expect(b.locator(".coffee-when")).to_contain_text(place)
    chat.refresh_from_db()
    assert chat.status == CoffeeStatus.CONFIRMED and chat.starts_at == chosen

    # Both get an e-mail with an invitation: the chosen instant, in their own time zone, and
    # the place Bob named.
    for person, other, tz, count in [(alice, bob, ALICE_TZ, 2), (bob, alice, BOB_TZ, 3)]:
        event = invitation(expect_mail(person.email, t.language, count, Kind.COFFEE_CONFIRMED))
        start = event.decoded("dtstart")
        assert start == chosen, (start, chosen)
        assert event["dtstart"].params.get("TZID") == tz.key
        assert event.decoded("dtend") - start == datetime.timedelta(minutes=45)
        assert str(event["location"]) == place
        assert str(event["summary"]) == t("Coffee chat with %(name)s", name=other.public_name)

    # 6. The chat takes place. (Set-up: the browser cannot wait, so the chosen time moves an
    # hour into the past.) Alice marks it: Bob lands in her contacts with a coffee chat.
    CoffeeChat.objects.filter(pk=chat.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    a.goto(chat.get_absolute_url())
    submit(a, form_at(reverse("coffee:happened", args=[chat.pk])))
    expect_message(
        a,
        t(
            "Glad you met. %(name)s is now in your contacts, with this chat in the history.",
            name=journey.bob,
        ),
    )
    chat.refresh_from_db()
    assert chat.status == CoffeeStatus.HAPPENED
    contact = Contact.objects.get(owner=alice, member=bob)
    assert contact.interactions.filter(kind=InteractionKind.COFFEE).count() == 1

    # 7. On Bob's contact page she logs what they talked about ...
    with a.expect_navigation():
        main_nav_link(a, t, "Network").click()
    subnav(a, t, "My contacts")
    follow(a, contact.get_absolute_url())
    expect(a.locator("h1")).to_have_text(journey.bob)
    expect(a.locator(".timeline")).to_contain_text(t.label(InteractionKind.COFFEE))
    click_link(a, t("Log a conversation"))
    choice(a, "kind", t.label(InteractionKind.COFFEE)).check()
    # The form offers the current minute, seconds cut off; the connection (accepted seconds
    # ago) may be later than that, so she says the next minute and this log is the latest.
    # The service accepts up to ten minutes ahead.
    logged_at = timezone.localtime(timezone.now(), ALICE_TZ) + datetime.timedelta(minutes=1)
    logged_at = logged_at.replace(second=0, microsecond=0)
    a.fill("input[name=occurred_at]", logged_at.strftime(INPUT_DATETIME))
    a.fill("input[name=topics]", topics)
    a.fill("textarea[name=notes]", notes)
    submit(a, "form:has(input[name=topics])")
    expect_message(a, t("Logged. Would you like to schedule a follow-up on what you talked about?"))
    expect(a.locator(".timeline")).to_contain_text(topics)

    # ... schedules a follow-up due today that names the topic to come back to ...
    click_link(a, t("Schedule a follow-up"))
    today = timezone.localtime(timezone.now(), ALICE_TZ).date()
    with translation.override(lang):
        today_shown = when(today, "date")
    a.fill("input[name=topic]", follow_up_topic)
    a.fill("input[name=due_on]", today.isoformat())
    submit(a, "form:has(input[name=topic])")
    expect_message(a, t("The follow-up is scheduled."))
    expect(a.locator(".due-list")).to_contain_text(follow_up_topic)
    expect(a.locator(".due-list")).to_contain_text(t("Due %(date)s", date=today_shown))
    assert FollowUp.objects.get(contact=contact).due_on == today

    # ... and asks for a daily reminder digest.
    click_link(a, t("My contacts"), scope=".breadcrumbs")
    click_link(a, t("Reminders"), scope="nav.contacts-nav")
    choice(a, "frequency", t.label(Frequency.DAILY)).check()
    submit(a, "form:has(input[name=frequency])")
    expect_message(a, t("Your reminder settings are saved."))
    expect(a.locator("main")).to_contain_text(journey.bob)  # the keep-in-touch list
    assert ReminderSettings.objects.get(member=alice).frequency == Frequency.DAILY
    a.screenshot(path=str(artifacts / f"networking-{lang}-alice.png"), full_page=True)

    # 8. The scheduler runs the digest: Alice's names Bob, the topic to come back to and what
    # they last talked about, in her language.
    call_command("send_digests", stdout=io.StringIO())
    digest = expect_digest(alice, t)
    contact.refresh_from_db()
    last = contact.last_interaction
    assert last.topics == topics, "the logged conversation is the latest"
    with translation.override(lang), timezone.override(ALICE_TZ):
        kind = str(last.get_kind_display())
        last_date = when(last.occurred_at, "date")
    html = digest.alternatives[0][0]
    for text in [
        journey.bob,
        "台積電" if zh else "TSMC",  # his company and role, from his network profile
        "處長" if zh else "Director",
        t("Follow-up due %(date)s: %(topic)s", date=today_shown, topic=follow_up_topic),
        t("Last conversation: %(kind)s on %(date)s.", kind=kind, date=last_date),
        t("Topics: %(topics)s", topics=topics),
    ]:
        assert text in digest.body, (text, digest.body)
        assert text in html.replace("&#x27;", "'"), (text, html)
    # Bob never asked for a digest.
    assert len(mails_to(bob.email)) == 3

    # Bob's side of the chat, for a look.
    b.goto(chat.get_absolute_url())
    expect(b.locator("main")).to_contain_text(t.label(CoffeeStatus.HAPPENED))
    b.screenshot(path=str(artifacts / f"networking-{lang}-bob.png"), full_page=True)


def expect_digest(member, t: Text) -> mail.EmailMessage:
    """Deliver the queued digest: ``member`` gets exactly one, in their language."""
    before = len(mails_to(member.email))
    run_tasks()
    received = mails_to(member.email)
    assert len(received) == before + 1, [m.subject for m in received]
    digest = received[-1]
    subject = t.plural(
        "[Guanxi] %(counter)s person to get back to",
        "[Guanxi] %(counter)s people to get back to",
        1,
    )
    assert digest.subject == subject, (digest.subject, subject)
    assert digest.extra_headers.get("Content-Language") == t.language
    return digest
