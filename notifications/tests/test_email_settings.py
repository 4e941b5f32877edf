"""A member's notification e-mail settings: which kinds are e-mailed, and when. The page, who
may see and change it, and what the e-mail task does with the choice when it runs."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from conftest import make_channel, make_request, page_text, run_tasks
from notifications.models import (
    OPTIONAL_EMAIL_KINDS,
    Delivery,
    EmailSettings,
    Kind,
    Notification,
)
from notifications.services import (
    EmailSettingsError,
    email_settings_save,
    notify_moderation_warning,
)
from referrals.services import referral_refer

URL = reverse("notifications:settings")


def _all_but(*kinds):
    return [k for k in OPTIONAL_EMAIL_KINDS if k not in kinds]


def _checked(html, name, value) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}" value="{value}"[^>]*>', html).group()
    return " checked" in tag


def _as_it_happens(member, kinds):
    email_settings_save(member=member, emailed_kinds=kinds, delivery=Delivery.AS_IT_HAPPENS)


def _post(client, kinds, delivery=Delivery.AS_IT_HAPPENS, **extra):
    return client.post(URL, {"emailed_kinds": list(kinds), "delivery": delivery, **extra})


# --- The page ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, db):
    for response in (client.get(URL), client.post(URL, {"delivery": "daily"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not EmailSettings.objects.exists()


def test_by_default_every_kind_is_e_mailed_as_it_happens(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["emailed_kinds"].value() == list(OPTIONAL_EMAIL_KINDS)
    assert form["delivery"].value() == Delivery.AS_IT_HAPPENS
    html = response.content.decode()
    for kind in OPTIONAL_EMAIL_KINDS:
        assert f'value="{kind}"' in html
    # In-app only: not offered. The moderators' messages: shown, always on, not a choice.
    assert f'value="{Kind.WITHDRAWN}"' not in html
    assert f'value="{Kind.WARNING}"' not in html
    text = page_text(response)
    assert "Message from the moderators" in text
    assert "they cannot be turned off" in text


def test_kinds_are_grouped_by_place_with_a_sentence_each(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    groups = response.context["groups"]
    labels = [str(g["label"]) for g in groups]
    assert labels == [
        "Referral inbox",
        "My requests",
        "Connections",
        "People I want to meet",
        "Coffee chats",
        "Events",
    ]
    listed = [item["box"].data["value"] for g in groups for item in g["kinds"]]
    assert sorted(listed) == sorted(OPTIONAL_EMAIL_KINDS)
    text = page_text(response)
    assert "Someone asks you for a referral, an advice chat or a resume review." in text
    assert "A member invites you for a coffee chat." in text
    inbox = groups[0]
    assert [item["box"].data["value"] for item in inbox["kinds"]] == [
        Kind.NEW_REQUEST,
        Kind.NUDGE,
        Kind.INFO_PROVIDED,
        Kind.OUTCOME,
        Kind.THANKED,
    ]


def test_save_and_read_back(client, alice):
    client.force_login(alice)
    response = _post(client, _all_but(Kind.NUDGE, Kind.NEW_MATCH), Delivery.DAILY)
    assert response.status_code == 302 and response["Location"] == URL
    saved = EmailSettings.objects.get(member=alice)
    assert saved.kinds_not_emailed == [Kind.NUDGE, Kind.NEW_MATCH]
    assert saved.delivery == Delivery.DAILY

    response = client.get(URL)
    assertContains(response, "Your notification e-mail settings are saved.")
    assert response.context["form"]["delivery"].value() == Delivery.DAILY
    assert response.context["form"]["emailed_kinds"].value() == _all_but(Kind.NUDGE, Kind.NEW_MATCH)
    html = response.content.decode()
    assert _checked(html, "delivery", Delivery.DAILY)
    assert not _checked(html, "delivery", Delivery.AS_IT_HAPPENS)
    assert not _checked(html, "emailed_kinds", Kind.NUDGE)
    assert _checked(html, "emailed_kinds", Kind.NEW_REQUEST)

    # Everything off, as it happens: a valid choice too.
    response = _post(client, [], Delivery.AS_IT_HAPPENS)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.kinds_not_emailed == list(OPTIONAL_EMAIL_KINDS)
    assert saved.delivery == Delivery.AS_IT_HAPPENS


@pytest.mark.parametrize(
    "data",
    [
        {"emailed_kinds": [Kind.NEW_REQUEST], "delivery": "hourly"},
        {"emailed_kinds": [Kind.NEW_REQUEST]},
        {"emailed_kinds": [Kind.NEW_REQUEST, "bogus"], "delivery": "daily"},
        # The moderators' messages and in-app-only kinds are not the member's to choose.
        {"emailed_kinds": [Kind.WARNING], "delivery": "daily"},
        {"emailed_kinds": [Kind.WITHDRAWN], "delivery": "daily"},
    ],
)
def test_bad_input_saves_nothing_and_says_why(client, alice, data):
    email_settings_save(member=alice, emailed_kinds=_all_but(Kind.NUDGE), delivery="as_it_happens")
    client.force_login(alice)
    response = client.post(URL, data)
    assert response.status_code == 200
    assertContains(response, "Please check the form.")
    text = page_text(response)
    assert (
        "Please choose when you want your e-mails." in text
        or "Please choose only from the notifications listed." in text
    )
    saved = EmailSettings.objects.get(member=alice)
    assert saved.kinds_not_emailed == [Kind.NUDGE]
    assert saved.delivery == Delivery.AS_IT_HAPPENS


def test_bad_input_is_explained_in_chinese(client, alice):
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.post(URL, {"emailed_kinds": ["bogus"], "delivery": "hourly"})
    assert response.status_code == 200
    text = page_text(response)
    assert "請選擇寄送電子郵件的時機。" in text
    assert "請只從列出的通知中選擇。" in text
    assert not EmailSettings.objects.exists()
    _no_english(response)
    response = client.post(URL, {"emailed_kinds": [], "delivery": "daily"}, follow=True)
    assertContains(response, "電子郵件通知設定已儲存。")
    _no_english(response)


def _no_english(response):
    """The check of tests/test_page_language.py: no stray English on a Chinese page."""
    from tests.test_page_language import _readable_text, _strays

    stored = ["Alice Lin", "A"]  # her name, and its initial on the avatar
    text = _readable_text(response.content.decode(), "zh", stored=stored)
    assert _strays(text, "zh", set()) == []


def test_the_service_refuses_what_the_page_does_not_offer(alice):
    for kinds, delivery in [([Kind.WARNING], "daily"), ([], "weekly"), (["bogus"], "daily")]:
        with pytest.raises(EmailSettingsError):
            email_settings_save(member=alice, emailed_kinds=kinds, delivery=delivery)
    assert not EmailSettings.objects.exists()


def test_each_member_sees_and_changes_only_their_own(client, alice, bob):
    client.force_login(alice)
    _post(client, [Kind.REFERRED], Delivery.DAILY, member=bob.pk, member_id=bob.pk)
    assert not EmailSettings.objects.filter(member=bob).exists()

    client.force_login(bob)
    response = client.get(URL)
    assert response.context["form"]["emailed_kinds"].value() == list(OPTIONAL_EMAIL_KINDS)
    assert response.context["form"]["delivery"].value() == Delivery.AS_IT_HAPPENS
    _post(client, _all_but(Kind.THANKED))
    assert EmailSettings.objects.get(member=bob).kinds_not_emailed == [Kind.THANKED]
    alices = EmailSettings.objects.get(member=alice)
    assert alices.kinds_not_emailed == _all_but(Kind.REFERRED)
    assert alices.delivery == Delivery.DAILY


def test_linked_from_the_notifications_and_account_pages(client, alice):
    client.force_login(alice)
    link = f'href="{URL}"'
    for page in ("notifications:list", "accounts:profile", "account_email"):
        assertContains(client.get(reverse(page)), link)
    # Among the account settings' tabs, marked as the current one on its own page.
    assertContains(client.get(URL), f'<a href="{URL}" aria-current="true">', html=False)
    assertNotContains(client.get(reverse("account_email")), f'<a href="{URL}" aria-current')


# --- What the e-mail task does with the choice ------------------------------------------------


def test_a_kind_turned_off_is_not_e_mailed_nor_marked(alice, bob, channel):
    _as_it_happens(bob, _all_but(Kind.NEW_REQUEST))
    referral = make_request(alice, channel)
    run_tasks()
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=bob, kind=Kind.NEW_REQUEST)
    assert notification.emailed_at is None
    assert notification.email_skipped_at is not None
    # Other kinds, and other members, are e-mailed as before.
    referral_refer(request=referral, referrer=bob)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_the_choice_is_read_when_the_e_mail_is_sent_not_when_queued(alice, bob, channel):
    make_request(alice, channel)  # the e-mail to bob is queued now...
    _as_it_happens(bob, _all_but(Kind.NEW_REQUEST))
    run_tasks()  # ...and skipped when it runs
    assert mail.outbox == []
    assert Notification.objects.get(recipient=bob).emailed_at is None

    # And the other way round: turned back on before it runs, it is sent.
    _as_it_happens(bob, [])
    make_request(alice, make_channel(bob, _company("Globex")))
    _as_it_happens(bob, OPTIONAL_EMAIL_KINDS)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[bob.email]]


def test_a_skipped_e_mail_is_not_sent_by_a_second_run(alice, bob, channel):
    from notifications.tasks import send_notification_email

    email_settings_save(member=bob, emailed_kinds=[], delivery="as_it_happens")
    make_request(alice, channel)
    run_tasks()
    email_settings_save(member=bob, emailed_kinds=OPTIONAL_EMAIL_KINDS, delivery="as_it_happens")
    send_notification_email.call(notification_id=Notification.objects.get(recipient=bob).pk)
    assert mail.outbox == []


def test_daily_members_get_no_e_mail_as_it_happens(alice, bob, channel):
    email_settings_save(member=bob, emailed_kinds=OPTIONAL_EMAIL_KINDS, delivery="daily")
    make_request(alice, channel)
    run_tasks()
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=bob)
    assert notification.emailed_at is None and notification.email_held_at is not None


def test_moderators_messages_are_always_e_mailed_at_once(bob):
    email_settings_save(member=bob, emailed_kinds=[], delivery="daily")
    notify_moderation_warning(recipient=bob, note="Please keep requests polite.")
    run_tasks()
    assert [m.to for m in mail.outbox] == [[bob.email]]
    assert Notification.objects.get(recipient=bob, kind=Kind.WARNING).emailed_at is not None


def _company(name):
    from companies.services import company_create

    return company_create(name_en=name, name_zh="", website=f"https://{name.lower()}.example")


def test_the_members_data_export_holds_their_choice(client, alice):
    import io
    import json
    import zipfile

    email_settings_save(member=alice, emailed_kinds=_all_but(Kind.NUDGE), delivery="daily")
    client.force_login(alice)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("accounts:export")).content))
    exported = json.loads(archive.read("data.json"))["notification_email_settings"]
    assert [(e["kinds_not_emailed"], e["delivery"]) for e in exported] == [
        ([Kind.NUDGE], Delivery.DAILY)
    ]
