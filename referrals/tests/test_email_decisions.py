"""Deciding from the e-mail (referrals.decision_links, referrals/views/email_decisions.py).

The referrer's e-mails carry a personal link to a one-page decision screen, the seeker's "needs
information" e-mail a link to answer. A link names one request and one member; anything else
is a 404. Opening it changes nothing and signs nobody in; a POST decides with CSRF, through the
inbox's services, and the timeline says "from the e-mail link".
"""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_channel, make_request, page_text, run_tasks
from guanxi.logs import redact
from notifications.models import EmailSettings, Kind
from notifications.services import email_settings_save
from notifications.tasks import summary_email
from referrals.decision_links import (
    ANSWER,
    COOKIE_NAME,
    DECIDE,
    email_link_path,
    email_link_token,
)
from referrals.models import EventKind, ReferralRequest, RequestEvent, Status
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_withdraw,
    referrals_expire_due,
    referrals_nudge_due,
)
from resumes.models import ResumeAccess

LINK = re.compile(r"https?://[^\s\"'<>]+?(/from-email/(decide|answer)/\d+/[^/\s\"'<>]+/)")


def _links(message) -> list[str]:
    html = next(c for c, t in message.alternatives if t == "text/html")
    text = list(dict.fromkeys(m.group(1) for m in LINK.finditer(message.body)))
    assert text == list(dict.fromkeys(m.group(1) for m in LINK.finditer(html)))
    return text


def _mails_to(member) -> list:
    run_tasks()
    return [m for m in mail.outbox if member.email in m.to]


def _decide_path(referral, member) -> str:
    return email_link_path(purpose=DECIDE, request_id=referral.pk, member=member)


def _answer_path(referral, member) -> str:
    return email_link_path(purpose=ANSWER, request_id=referral.pk, member=member)


def _screen(referral, purpose=DECIDE) -> str:
    return reverse(f"referrals:email_{purpose}", args=[referral.pk])


@pytest.fixture
def visitor():
    """A browser that is not signed in, with Django's CSRF checks on."""
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")


def _open(client, path):
    """Follow an e-mail's link: the token goes into the cookie; the screen, without it."""
    response = client.get(path)
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


def _csrf(client) -> str:
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def _post(client, url, data):
    return client.post(url, {**data, "csrfmiddlewaretoken": _csrf(client)})


def _state(referral):
    row = ReferralRequest.objects.get(pk=referral.pk)
    return row.status, row.updated_at, list(row.events.values_list("kind", flat=True))


# --- The e-mails ----------------------------------------------------------------------------


def test_the_new_request_e_mail_carries_the_referrers_link(alice, bob, channel):
    referral = make_request(alice, channel)
    (message,) = _mails_to(bob)
    assert _links(message) == [_decide_path(referral, bob)]
    assert "Decide now, without signing in" in message.body
    assert "Please do not forward this e-mail." in message.body
    # The signed-in page stays there, and so does the one-click unsubscribe.
    assert settings.SITE_URL + referral.get_inbox_url() in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_reminder_and_the_answer_e_mails_carry_it_too(alice, bob, channel):
    referral = make_request(alice, channel)
    _mails_to(bob)
    with time_machine.travel(timezone.now() + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS)):
        assert referrals_nudge_due() == 1
    nudge = _mails_to(bob)[-1]
    assert _links(nudge) == [_decide_path(referral, bob)]


def test_the_needs_info_e_mail_carries_the_seekers_link(alice, bob, referral):
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    (message,) = _mails_to(alice)
    assert _links(message) == [_answer_path(referral, alice)]
    assert "Answer now, without signing in" in message.body


def test_e_mails_in_chinese_word_the_link_in_chinese(alice, bob, channel):
    bob.language = "zh-hant"
    bob.save(update_fields=["language"])
    referral = make_request(alice, channel)
    (message,) = _mails_to(bob)
    assert _links(message) == [_decide_path(referral, bob)]
    with translation.override("zh-hant"):
        label = translation.gettext("Decide now, without signing in")
    assert label != "Decide now, without signing in" and label in message.body


def test_the_daily_summary_links_to_the_decision_screen(alice, bob, referral):
    notification = bob.notifications.get(kind=Kind.NEW_REQUEST)
    message = summary_email(notifications=[notification], day="2026-01-01")
    assert _links(message) == [_decide_path(referral, bob)]


def test_links_turned_off_the_e_mail_leads_to_the_signed_in_page(alice, bob, channel):
    email_settings_save(
        member=bob, emailed_kinds=[Kind.NEW_REQUEST], delivery="as_it_happens", action_links=False
    )
    referral = make_request(alice, channel)
    (message,) = _mails_to(bob)
    assert _links(message) == []
    assert "/from-email/" not in message.body
    assert "Open it on Guanxi:" in message.body
    assert settings.SITE_URL + referral.get_inbox_url() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_links_turned_off_the_links_already_sent_stop_working(alice, bob, referral, visitor):
    path = _decide_path(referral, bob)
    assert visitor.get(path).status_code == 302
    email_settings_save(
        member=bob, emailed_kinds=[Kind.NEW_REQUEST], delivery="as_it_happens", action_links=False
    )
    assert visitor.get(path).status_code == 404
    assert visitor.get(_screen(referral)).status_code == 404


def test_the_setting_is_on_the_notification_e_mails_page(bob, client):
    client.force_login(bob)
    page = client.get(reverse("notifications:settings"))
    assert 'name="action_links"' in page.content.decode() and "checked" in page.content.decode()
    response = client.post(
        reverse("notifications:settings"), {"emailed_kinds": ["new_request"], "delivery": "daily"}
    )
    assert response.status_code == 302
    assert EmailSettings.objects.get(member=bob).action_links is False
    client.post(
        reverse("notifications:settings"),
        {"emailed_kinds": ["new_request"], "delivery": "daily", "action_links": "on"},
    )
    assert EmailSettings.objects.get(member=bob).action_links is True


# --- Opening the link -----------------------------------------------------------------------


def test_the_link_moves_its_token_into_a_cookie_of_the_screens_path(bob, referral, visitor):
    token = email_link_token(purpose=DECIDE, request_id=referral.pk, member=bob)
    response = visitor.get(_decide_path(referral, bob))
    assert response.status_code == 302
    assert response["Location"] == _screen(referral)
    assert token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == token
    assert cookie["path"] == _screen(referral)
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 24 * 3600


def test_the_screen_shows_the_request_and_changes_nothing(alice, bob, referral, visitor):
    before = _state(referral)
    page = _open(visitor, _decide_path(referral, bob))
    assert page.status_code == 200
    text = page_text(page)
    for shown in (referral.note, referral.position_title, referral.job_id, referral.job_url):
        assert shown in text
    assert reverse("referrals:email_refer", args=[referral.pk]) in text
    assert reverse("referrals:email_ask_for_info", args=[referral.pk]) in text
    assert reverse("referrals:email_decline", args=[referral.pk]) in text
    assert reverse("referrals:email_decide_resume", args=[referral.pk]) in text
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    # Opening it is not even "viewed": mail scanners open links. Nothing at all changed.
    assert _state(referral) == before == (Status.SUBMITTED, before[1], [EventKind.SUBMITTED])
    assert not ResumeAccess.objects.exists()
    assert not bob.notifications.exclude(kind=Kind.NEW_REQUEST).exists()
    assert not alice.notifications.exists()


def test_the_screen_carries_the_packet_for_the_companys_tool(alice, bob, referral, visitor):
    """The referrer refers in their company's tool first: the packet is on the screen, without
    the inbox's resume link (a signed-in page); the screen's own download is the logged one."""
    text = _open(visitor, _decide_path(referral, bob)).content.decode()
    packet = text.split("data-packet", 1)[1].split("</details>\n")[0]
    for shown in (alice.email, referral.job_id, referral.position_title):
        assert shown in packet
    assert reverse("referrals:inbox_resume", args=[referral.pk]) not in text
    assert reverse("referrals:email_decide_resume", args=[referral.pk]) in text


def test_nobody_is_signed_in(bob, referral, visitor):
    page = _open(visitor, _decide_path(referral, bob))
    assert page.wsgi_request.user.is_anonymous
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    _post(visitor, reverse("referrals:email_decline", args=[referral.pk]), {"reason": "no_opening"})
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    # The rest of the site is as for anyone signed out.
    inbox = visitor.get(reverse("referrals:inbox"))
    assert inbox.status_code == 302 and "/accounts/login/" in inbox["Location"]
    assert visitor.get(referral.get_inbox_url()).status_code == 302


def test_the_page_speaks_the_referrers_language(alice, bob, referral, visitor):
    bob.language = "zh-hant"
    bob.save(update_fields=["language"])
    page = _open(visitor, _decide_path(referral, bob))
    assert page["Content-Language"] == "zh-hant"
    assert 'lang="zh-Hant"' in page.content.decode()


def test_the_resume_download_is_logged_as_from_the_inbox(alice, bob, referral, visitor):
    _open(visitor, _decide_path(referral, bob))
    response = visitor.get(reverse("referrals:email_decide_resume", args=[referral.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Referrer-Policy"] == "same-origin"
    access = ResumeAccess.objects.get()
    assert (access.viewer, access.referral_request_id) == (bob, referral.pk)
    # Without the cookie, nothing.
    resume_url = reverse("referrals:email_decide_resume", args=[referral.pk])
    assert Client().get(resume_url).status_code == 404


def test_the_screen_without_its_cookie_says_how_to_get_back(bob, referral, visitor):
    page = visitor.get(_screen(referral))
    assert page.status_code == 404
    assert "Open the link in your e-mail again" in page_text(page)
    assert referral.position_title not in page_text(page)


# --- Foreign and broken links: 404 ----------------------------------------------------------


def test_a_link_for_request_a_opens_nothing_of_request_b(alice, charlie, bob, channel, visitor):
    a = make_request(alice, channel)
    b = make_request(charlie, channel)
    token_a = email_link_token(purpose=DECIDE, request_id=a.pk, member=bob)
    swapped = reverse("referrals:email_decide_link", args=[b.pk, token_a])
    assert visitor.get(swapped).status_code == 404
    # A's cookie (a browser would not even send it there) opens nothing of B.
    _open(visitor, _decide_path(a, bob))
    assert visitor.get(_screen(b)).status_code == 404
    assert visitor.get(reverse("referrals:email_decide_resume", args=[b.pk])).status_code == 404
    response = _post(
        visitor, reverse("referrals:email_decline", args=[b.pk]), {"reason": "no_opening"}
    )
    assert response.status_code == 404
    assert ReferralRequest.objects.get(pk=b.pk).status == Status.SUBMITTED


def test_a_tampered_link_is_a_404(bob, referral, visitor):
    token = email_link_token(purpose=DECIDE, request_id=referral.pk, member=bob)
    value, signature = token.rsplit(":", 1)
    broken = [
        f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{value[:-1]}x:{signature}",
        "nothing",
    ]
    for bad in broken:
        url = reverse("referrals:email_decide_link", args=[referral.pk, bad])
        response = visitor.get(url)
        assert response.status_code == 404, bad
        assert response["Referrer-Policy"] == "no-referrer"
    visitor.cookies[COOKIE_NAME] = broken[0]
    assert visitor.get(_screen(referral)).status_code == 404


def test_another_referrers_or_the_seekers_link_is_a_404(alice, dana, bob, referral, visitor):
    for member in (dana, alice):
        assert visitor.get(_decide_path(referral, member)).status_code == 404
    # The seeker's answer token does not decide, nor the referrer's answer.
    seeker_token = email_link_token(purpose=ANSWER, request_id=referral.pk, member=alice)
    url = reverse("referrals:email_decide_link", args=[referral.pk, seeker_token])
    assert visitor.get(url).status_code == 404
    assert visitor.get(_answer_path(referral, bob)).status_code == 404


def test_a_link_whose_referrer_is_no_longer_the_requests_is_a_404(bob, dana, referral, visitor):
    path = _decide_path(referral, bob)
    referral.channel.__class__.objects.filter(pk=referral.channel_id).update(referrer=dana)
    assert visitor.get(path).status_code == 404


def test_a_new_password_or_address_kills_the_links_sent(bob, referral, visitor):
    path = _decide_path(referral, bob)
    bob.set_password("another long passphrase 9")
    bob.save()
    assert visitor.get(path).status_code == 404
    path = _decide_path(referral, bob)
    assert visitor.get(path).status_code == 302
    bob.email = "bob@elsewhere.example"
    bob.save()
    assert visitor.get(path).status_code == 404


def test_a_suspended_referrers_link_is_a_404(bob, referral, visitor):
    path = _decide_path(referral, bob)
    bob.is_active = False
    bob.save()
    assert visitor.get(path).status_code == 404


def test_a_token_never_reaches_the_log(bob, referral, visitor, caplog):
    token = email_link_token(purpose=DECIDE, request_id=referral.pk, member=bob)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        visitor.get(reverse("referrals:email_decide_link", args=[referral.pk, token + "x"]))
    logged = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert logged and all(token not in line for line in logged)
    assert any(f"/from-email/decide/{referral.pk}/…" in line for line in logged)
    assert redact(f"/notifications/unsubscribe/{token}/") == "/notifications/unsubscribe/…/"
    kept = f"/from-email/decide/{referral.pk}/decline/"
    assert redact(kept) == kept


# --- Deciding -------------------------------------------------------------------------------


def _timeline_marks(client, member, url, language):
    member.language = language
    member.save(update_fields=["language"])
    client.force_login(member)
    text = page_text(client.get(url))
    with translation.override(language):
        return (
            translation.gettext("decided from the e-mail link") in text,
            translation.gettext("answered from the e-mail link") in text,
        )


@pytest.mark.parametrize(
    "action, data, status, kind",
    [
        ("email_refer", {"note": "Done!", "contact": ""}, Status.REFERRED, EventKind.REFERRED),
        (
            "email_ask_for_info",
            {"question": "Which team?", "contact": ""},
            Status.NEEDS_INFO,
            EventKind.NEEDS_INFO,
        ),
        (
            "email_decline",
            {"reason": "no_opening", "note": "Not this year."},
            Status.DECLINED,
            EventKind.DECLINED,
        ),
    ],
)
def test_each_decision_is_made_and_marked_on_both_timelines(
    alice, bob, referral, visitor, client, action, data, status, kind
):
    _open(visitor, _decide_path(referral, bob))
    response = _post(visitor, reverse(f"referrals:{action}", args=[referral.pk]), data)
    assert response.status_code == 302 and response["Location"] == _screen(referral)
    assert response["Referrer-Policy"] == "same-origin"
    referral.refresh_from_db()
    assert referral.status == status
    event = referral.events.get(kind=kind)
    assert event.via_email_link and event.actor == bob
    assert referral.first_response_at is not None  # counted as the inbox's answers are
    assert alice.notifications.filter(referral_request=referral).count() == 1
    for language in ("en", "zh-hant"):
        for member, url in ((alice, referral.get_absolute_url()), (bob, referral.get_inbox_url())):
            assert _timeline_marks(client, member, url, language) == (True, False)
    # The screen now: the outcome once closed; the other two decisions while "needs info".
    page = page_text(visitor.get(_screen(referral)))
    has_forms = reverse("referrals:email_refer", args=[referral.pk]) in page
    assert has_forms == (status == Status.NEEDS_INFO)


def test_a_refused_form_shows_its_errors_and_changes_nothing(bob, referral, visitor):
    _open(visitor, _decide_path(referral, bob))
    before = _state(referral)
    response = _post(visitor, reverse("referrals:email_decline", args=[referral.pk]), {})
    assert response.status_code == 400
    assert "Please check the form." in page_text(response)
    assert _state(referral) == before


def test_csrf_is_enforced(bob, referral, visitor):
    _open(visitor, _decide_path(referral, bob))
    url = reverse("referrals:email_decline", args=[referral.pk])
    assert visitor.post(url, {"reason": "no_opening"}).status_code == 403
    forged = {"reason": "no_opening", "csrfmiddlewaretoken": "x" * 64}
    assert visitor.post(url, forged).status_code == 403
    # A browser's form POST names its origin; from a page under "no-referrer" it would say
    # "null", which is refused: why the screens keep the site's "same-origin".
    token = {"reason": "no_opening", "csrfmiddlewaretoken": _csrf(visitor)}
    assert visitor.post(url, token, HTTP_ORIGIN="null").status_code == 403
    assert ReferralRequest.objects.get(pk=referral.pk).status == Status.SUBMITTED
    assert visitor.post(url, token, HTTP_ORIGIN="http://testserver").status_code == 302


def test_get_does_not_decide(bob, referral, visitor):
    _open(visitor, _decide_path(referral, bob))
    for name in ("email_refer", "email_ask_for_info", "email_decline"):
        assert visitor.get(reverse(f"referrals:{name}", args=[referral.pk])).status_code == 405
    assert ReferralRequest.objects.get(pk=referral.pk).status == Status.SUBMITTED


def test_posts_are_rate_limited(bob, referral, visitor):
    _open(visitor, _decide_path(referral, bob))
    url = reverse("referrals:email_ask_for_info", args=[referral.pk])
    for _ in range(20):
        assert _post(visitor, url, {"question": ""}).status_code == 400
    refused = _post(visitor, url, {"question": "Which team?"})
    assert refused.status_code == 429
    assert "Too many attempts" in page_text(refused)
    assert ReferralRequest.objects.get(pk=referral.pk).status == Status.SUBMITTED


# --- Closed requests show what happened -----------------------------------------------------


@pytest.mark.parametrize("ending", ["referred", "declined", "withdrawn", "expired"])
def test_a_closed_request_shows_its_outcome_not_the_form(alice, bob, referral, visitor, ending):
    path = _decide_path(referral, bob)
    if ending == "referred":
        referral_refer(request=referral, referrer=bob)
    elif ending == "declined":
        referral_decline(request=referral, referrer=bob, reason="no_opening")
    elif ending == "withdrawn":
        referral_withdraw(request=referral, seeker=alice)
    else:
        with time_machine.travel(referral.expires_at + timedelta(minutes=1)):
            assert referrals_expire_due() == 1
    page = _open(visitor, path)
    assert page.status_code == 200
    text = page_text(page)
    assert "<form" not in text.split("<main", 1)[1].split("</main>")[0]
    assert referral.position_title in text
    assert referral.note not in text  # the seeker's note and resume go with the decision
    assert reverse("referrals:email_decide_resume", args=[referral.pk]) not in text
    assert "data-packet" not in text and referral.seeker.email not in text
    closed = ReferralRequest.objects.get(pk=referral.pk)
    assert closed.status == ending
    assert str(closed.status_label) in text


def test_deciding_on_a_request_closed_meanwhile_shows_what_happened(alice, bob, referral, visitor):
    _open(visitor, _decide_path(referral, bob))
    referral_withdraw(request=referral, seeker=alice)
    response = _post(
        visitor, reverse("referrals:email_refer", args=[referral.pk]), {"note": "", "contact": ""}
    )
    assert response.status_code == 409
    assert "no longer possible" in page_text(response)
    assert ReferralRequest.objects.get(pk=referral.pk).status == Status.WITHDRAWN


# --- The seeker answers ---------------------------------------------------------------------


def test_the_seeker_answers_from_the_link(alice, bob, referral, visitor, client):
    referral_ask_for_info(request=referral, referrer=bob, question="Which team do you want?")
    page = _open(visitor, _answer_path(referral, alice))
    assert page.status_code == 200
    assert "Which team do you want?" in page_text(page)
    assert page["Referrer-Policy"] == "same-origin"
    assert page.wsgi_request.user.is_anonymous
    before = _state(referral)
    visitor.get(_screen(referral, ANSWER))
    assert _state(referral) == before
    url = reverse("referrals:email_answer_send", args=[referral.pk])
    assert visitor.post(url, {"answer": "Platform."}).status_code == 403  # CSRF
    response = _post(visitor, url, {"answer": "Platform."})
    assert response.status_code == 302
    assert response["Location"] == _screen(referral, ANSWER)
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    event = referral.events.get(kind=EventKind.INFO_PROVIDED)
    assert event.via_email_link and event.actor == alice and event.message == "Platform."
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    after = page_text(visitor.get(_screen(referral, ANSWER)))
    assert "Your answer has been sent back to the referrer." in after
    assert url not in after
    for language in ("en", "zh-hant"):
        for member, page_url in (
            (alice, referral.get_absolute_url()),
            (bob, referral.get_inbox_url()),
        ):
            assert _timeline_marks(client, member, page_url, language) == (False, True)


def test_the_answer_link_is_the_seekers_alone(alice, bob, charlie, channel, visitor):
    referral = make_request(alice, channel)
    other = make_request(charlie, channel)
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    assert visitor.get(_answer_path(referral, charlie)).status_code == 404
    token = email_link_token(purpose=ANSWER, request_id=referral.pk, member=alice)
    swapped = reverse("referrals:email_answer_link", args=[other.pk, token])
    assert visitor.get(swapped).status_code == 404
    _open(visitor, _answer_path(referral, alice))
    response = _post(
        visitor, reverse("referrals:email_answer_send", args=[other.pk]), {"answer": "Hi"}
    )
    assert response.status_code == 404
    assert not RequestEvent.objects.filter(kind=EventKind.INFO_PROVIDED).exists()


def test_an_answer_link_after_the_answer_shows_no_form(alice, bob, referral, visitor):
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    path = _answer_path(referral, alice)
    referral_decline(request=referral, referrer=bob, reason="no_opening")
    page = _open(visitor, path)
    assert page.status_code == 200
    assert reverse("referrals:email_answer_send", args=[referral.pk]) not in page_text(page)
    assert "No question is waiting for your answer" in page_text(page)


def test_the_inbox_page_still_marks_viewed_and_the_link_still_decides(
    alice, bob, dana, acme, visitor, client
):
    """The signed-in inbox keeps its own behaviour; the link works on a viewed request too."""
    referral = make_request(alice, make_channel(dana, acme, job_title="PM"))
    client.force_login(dana)
    client.get(referral.get_inbox_url())
    assert ReferralRequest.objects.get(pk=referral.pk).status == Status.VIEWED
    _open(visitor, _decide_path(referral, dana))
    _post(visitor, reverse("referrals:email_refer", args=[referral.pk]), {"note": ""})
    assert ReferralRequest.objects.get(pk=referral.pk).status == Status.REFERRED
