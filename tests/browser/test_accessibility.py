"""The main pages of each role, in both languages, at a desktop and a phone width: axe-core finds
no serious or critical violation.

The journeys check every page they pass through (see conftest.py); this visits the pages they do
not: each role's lists, detail pages, forms and settings, with the data that fills them (open and
closed requests, an unavailable referrer, connections, a coffee chat, contacts, an event). Each
page is checked as served and again with every fold opened (the decision forms, the menus, the
phone's navigation and filters), so what is hidden at first is checked too. All findings are
listed at once.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from calendars.services import calendar_feed_start
from coffee.models import Mode
from coffee.services import coffee_confirm, coffee_propose
from companies.services import company_create
from conftest import make_channel, make_member, make_request
from contacts.models import InteractionKind
from contacts.services import contact_create, follow_up_create, interaction_log
from events.models import Event, EventKind, EventLanguage
from events.services import event_save
from network.models import Industry, Intent, Offer, RoleType
from network.services import (
    connection_accept,
    connection_send,
    meet_wish_create,
    network_profile_save,
)
from referrals.decision_links import email_link_path
from referrals.models import DeclineReason
from referrals.services import (
    channel_save,
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_thank,
)

LANGUAGES = {"en": "en-US", "zh-hant": "zh-TW"}
OPEN_FOLDS = """(scope) => {
  const closed = [...document.querySelectorAll(`${scope} details:not([open])`)];
  closed.forEach((d) => { d.open = true; });
  return closed.length;
}"""


def _sign_in(page, live_server, member) -> None:
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _listed(user, **profile):
    network_profile_save(user=user, listed=True, **profile)
    return user


def _world():
    """A small community with something on every page, made through the services."""
    acme = company_create(name_en="Acme Semiconductor", name_zh="愛客美半導體", aliases=["ACME"])
    tsmc = company_create(
        name_en="Taiwan Semiconductor Manufacturing", name_zh="台灣積體電路製造", aliases=["台積電"]
    )
    seeker = make_member("mei@example.com", "Mei Lin 林美")
    referrer = make_member("kai@example.com", "Kai Chen 陳凱")
    paused = make_member("dana@example.com", "Dana Huang")
    other = make_member("ivy@example.com", "Ivy Lee 李宜蓁")
    moderator = make_member("mod@example.com", "Moderator")
    moderator.is_staff = moderator.is_superuser = True
    moderator.save()

    channel = make_channel(referrer, acme, job_title="Process engineer", team="Packaging")
    referrer_tsmc = make_channel(
        referrer, tsmc, job_title="Design engineer", instructions="Include the job ID."
    )
    unavailable = make_channel(paused, acme, job_title="Product manager")
    unavailable.is_accepting = False
    channel_save(channel=unavailable)
    tsmc_channel = make_channel(other, tsmc, job_title="Data scientist")

    waiting = make_request(seeker, channel, position_title="Packaging engineer")
    asked = make_request(
        make_member("wendy@example.com", "Wendy Chang"), channel, position_title="Test engineer"
    )
    referral_ask_for_info(request=asked, referrer=referrer, question="Which fab do you prefer?")
    referred = make_request(
        make_member("leo@example.com", "Leo Wu"), channel, position_title="Yield engineer"
    )
    referral_refer(request=referred, referrer=referrer, note="Good luck!")
    referral_thank(request=referred, seeker=referred.seeker, message="Thank you so much!")
    declined = make_request(
        make_member("amy@example.com", "Amy Tsai"), channel, position_title="Sales engineer"
    )
    referral_decline(request=declined, referrer=referrer, reason=DeclineReason.values[0])

    for user, role, industry, city in [
        (seeker, RoleType.PEER, Industry.SOFTWARE, "Taipei"),
        (referrer, RoleType.SENIOR_LEADER, Industry.SEMICONDUCTORS, "Hsinchu"),
        (other, RoleType.SENIOR_LEADER, Industry.SEMICONDUCTORS, "台北"),
    ]:
        _listed(
            user,
            intents=[Intent.MENTOR, Intent.JOB_REFERRAL],
            offers=[Offer.MENTORING, Offer.REFERRALS],
            role_type=role,
            industry=industry,
            company="TSMC",
            job_title="Engineer",
            headline="Builds things",
            city=city,
            languages_spoken="Mandarin, English",
        )
    connection = connection_send(sender=referrer, recipient=seeker, note="Hi Mei, happy to help.")
    connection_accept(connection=connection, recipient=seeker)
    connection_send(sender=other, recipient=seeker, note="Hi Mei, shall we talk about data?")
    meet_wish_create(owner=seeker, role_type=RoleType.SENIOR_LEADER, city="Hsinchu")

    slot = (timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    chat = coffee_propose(
        proposer=seeker,
        invitee=referrer,
        goal="Advice on moving into semiconductors",
        mode=Mode.IN_PERSON,
        slots=[slot, slot + datetime.timedelta(days=1)],
    )
    coffee_confirm(chat=chat, member=referrer, slot_id=chat.slots.first().pk, place="Louisa Coffee")
    proposed = coffee_propose(
        proposer=other,
        invitee=seeker,
        goal="Data science in fabs",
        mode=Mode.ONLINE,
        slots=[slot + datetime.timedelta(days=2), slot + datetime.timedelta(days=4)],
    )

    contact = contact_create(owner=seeker, name="Kevin Lin", company="Acme", email="k@acme.test")
    interaction_log(
        owner=seeker,
        contact=contact,
        kind=InteractionKind.COFFEE,
        occurred_at=timezone.now() - datetime.timedelta(days=40),
        topics="Packaging",
    )
    follow_up_create(
        owner=seeker, contact=contact, topic="Send my notes", due_on=timezone.localdate()
    )
    contact_create(owner=seeker, name="Kevin Lin 林凱文", company="Acme")
    calendar_feed_start(member=seeker)  # the profile shows the feed's address and how-tos

    starts = timezone.now() + datetime.timedelta(days=10)
    event = event_save(
        event=Event(
            title="From QA to backend: a panel",
            description="Three engineers share how they switched roles.",
            kind=EventKind.TALK,
            language=EventLanguage.BOTH,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            time_zone="Asia/Taipei",
            place="Taipei Innovation Hub",
            is_published=True,
        )
    )

    return {
        None: [
            reverse("home"),
            reverse("companies:list"),
            reverse("companies:list") + "?q=ACME",
            acme.get_absolute_url(),
            reverse("guides:index"),
            reverse("guides:detail", args=["etiquette"]),
            reverse("events:list"),
            reverse("events:detail", args=[event.pk]),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
            # The e-mails' personal links, followed without signing in: the decision screen
            # waiting, after a question, and decided; the seeker's answer screen.
            email_link_path(purpose="decide", request_id=waiting.pk, member=referrer),
            email_link_path(purpose="decide", request_id=asked.pk, member=referrer),
            email_link_path(purpose="decide", request_id=declined.pk, member=referrer),
            email_link_path(purpose="answer", request_id=asked.pk, member=asked.seeker),
        ],
        seeker: [  # the public pages again where a member sees more than a visitor
            reverse("home"),
            # "People you know here" (Kevin Lin twice, and Kai, a connection who refers there),
            # and each card's line on the list and in search results.
            acme.get_absolute_url(),
            reverse("companies:list"),
            reverse("companies:list") + "?q=ACME",
            reverse("events:detail", args=[event.pk]),
            # The ask form's hints: Kai refers at TSMC too; then Kai's own channel.
            reverse("referrals:ask", args=[tsmc_channel.pk]),
            reverse("referrals:ask", args=[referrer_tsmc.pk]),
            reverse("referrals:my_requests"),
            reverse("referrals:my_request", args=[waiting.pk]),
            reverse("resumes:library"),
            reverse("notifications:list"),
            reverse("network:directory"),
            reverse("network:directory") + "?role_type=senior_leader&city=Hsinchu",
            reverse("network:member", args=[referrer.pk]),
            reverse("network:connect", args=[other.pk]),
            reverse("network:connections"),
            reverse("network:wishes"),
            reverse("network:profile_edit"),
            reverse("contacts:list"),
            reverse("contacts:detail", args=[contact.pk]),
            reverse("contacts:add"),
            reverse("contacts:gone_quiet"),
            reverse("contacts:duplicates"),
            reverse("contacts:import"),
            reverse("contacts:settings"),
            reverse("coffee:list"),
            reverse("coffee:detail", args=[chat.pk]),
            reverse("coffee:detail", args=[proposed.pk]),
            reverse("coffee:propose", args=[other.pk]),
            reverse("accounts:profile"),
            reverse("accounts:privacy"),
            reverse("tokens:list"),
            reverse("account_email"),
            reverse("account_change_password"),
            reverse("moderation:blocks"),
            reverse("feedback:create"),
            reverse("referrals:channel_choose_company"),
        ],
        referrer: [
            reverse("referrals:inbox"),
            reverse("referrals:inbox_request", args=[waiting.pk]),
            reverse("referrals:inbox_request", args=[asked.pk]),
            reverse("referrals:inbox_request", args=[referred.pk]),
            reverse("referrals:inbox_request", args=[declined.pk]),
            reverse("referrals:channels"),
            reverse("referrals:channel_edit", args=[channel.pk]),
            reverse("accounts:profile"),  # without a calendar feed: the button to turn it on
        ],
        moderator: [
            reverse("admin:index"),
            reverse("admin:companies_company_changelist"),
            reverse("admin:companies_company_change", args=[acme.pk]),
            reverse("admin:referrals_referralrequest_changelist"),
            reverse("admin:referrals_referralrequest_change", args=[waiting.pk]),
        ],
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_of_each_role_have_no_serious_accessibility_violation(
    new_page, live_server, axe
):
    visits = _world()
    # The warm-path parts are on the pages that should show them, so axe checks them too.
    seeker = User.objects.get(email="mei@example.com")
    shown = {
        (seeker, visits[seeker][1]): ".known-people",
        (seeker, visits[seeker][3]): ".known-count",
        (seeker, visits[seeker][5]): "#warm-others",
        (seeker, visits[seeker][6]): "#warm-referrer",
    }
    found = []
    checked = 0
    for language, locale in LANGUAGES.items():
        User.objects.update(language=language)
        for member, urls in visits.items():
            who = member.email if member else "anonymous"
            page = new_page(locale, label=f"{who}-{language}", check_accessibility=False)
            if member is not None:
                _sign_in(page, live_server, member)
            for i, url in enumerate(urls):
                response = page.goto(url)
                assert response.status == 200, (who, url, response.status)
                html_lang = page.evaluate("document.documentElement.lang").lower()
                assert html_lang.startswith(language[:2]), (who, url, html_lang)
                if (member, url) in shown:
                    assert page.locator(shown[member, url]).count(), (who, url, shown[member, url])
                found += axe.violations(page)
                # The header's folds (menus) are the same on every page: opened on the first.
                if page.evaluate(OPEN_FOLDS, "body" if i == 0 else "main"):
                    found += [f"{line} (folds open)" for line in axe.violations(page)]
                checked += 1
            page.context.close()
    assert checked > 100
    assert not found, f"axe-core finds {len(found)} serious or critical violations:\n" + "\n".join(
        found
    )
