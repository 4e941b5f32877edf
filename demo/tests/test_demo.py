"""load_demo fills an empty database with a living community, once, and its logins work.

Loading plays two months of requests through the real services, so each load takes a few
seconds: the checks share one load per test.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import EmailValidator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from coffee.models import CoffeeChat
from coffee.models import Status as CoffeeStatus
from coffee.selectors import chat_sections
from companies.models import Company
from companies.selectors import company_search
from conftest import page_text
from contacts.models import Contact, ContactImport, FollowUp, Interaction, ReminderSettings
from contacts.selectors import duplicate_groups, gone_quiet
from demo import data
from demo.loader import demo_email, resume_pdf
from events.models import Event, EventKind, Rsvp
from events.selectors import past_events, upcoming_events
from network.models import (
    Connection,
    ConnectionStatus,
    MatchNotice,
    MeetWish,
    NetworkProfile,
    Shortlist,
)
from network.selectors import incoming_requests, wish_matches, wishes_of
from notifications.models import Notification
from referrals.models import ReferralRequest, ReferrerChannel, Status

NETWORK_MODELS = (
    NetworkProfile,
    MeetWish,
    Shortlist,
    Connection,
    CoffeeChat,
    Contact,
    Interaction,
    FollowUp,
    Event,
    Rsvp,
)


def network_counts():
    return tuple(model.objects.count() for model in NETWORK_MODELS)


def test_resume_pdf_is_a_readable_pdf():
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(resume_pdf([("h1", "Emily Chen"), ("p", "Backend (Go)")])))
    assert len(reader.pages) == 1
    assert "Emily Chen" in reader.pages[0].extract_text()


@pytest.mark.django_db
def test_load_demo_fills_every_part_of_the_site_once(client):
    call_command("load_demo", verbosity=0)

    assert 28 <= Company.objects.count() <= 35
    for name in ("Google", "TSMC", "Amazon", "Meta"):
        assert Company.objects.filter(name_en=name).exists()
    tsmc = Company.objects.get(name_en="TSMC")
    assert tsmc.name_zh == "台積電"
    assert "台湾积体电路" in set(tsmc.aliases.values_list("name", flat=True))
    # Google, Meta and LINE go by their English names in Taiwan, in Chinese pages too; the
    # Chinese names some people type still find them.
    for name, alias in [("Google", "谷歌"), ("Meta", "臉書"), ("LINE", "連我")]:
        company = Company.objects.get(name_en=name)
        with translation.override("zh-hant"):
            assert company.display_name == name
        assert company.other_name == ""
        assert company in company_search(alias)
    assert 55 <= ReferrerChannel.objects.count() <= 70
    assert 35 <= User.objects.filter(referral_requests__isnull=False).distinct().count() <= 50

    statuses = set(ReferralRequest.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert ReferralRequest.objects.exclude(outcome="").exists()
    assert ReferralRequest.objects.filter(thanked_at__isnull=False).exists()

    # Paused (with and without a date) and full referrers, and real-looking metrics.
    paused = ReferrerChannel.objects.filter(is_accepting=False)
    assert paused.filter(paused_until__isnull=False).exists()
    assert paused.filter(paused_until__isnull=True).exists()
    assert any(c.is_full for c in ReferrerChannel.objects.filter(is_accepting=True))
    assert ReferrerChannel.objects.filter(median_response_seconds__isnull=False).count() > 30
    assert ReferrerChannel.objects.filter(last_referred_at__isnull=False).count() > 20

    # Spread over the last two months, not all at once.
    dates = ReferralRequest.objects.dates("created_at", "day")
    assert len(dates) > 30

    # Nothing left for the worker to e-mail.
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert not DBTaskResult.objects.exists()

    # The fixed logins open on their stories.
    seeker = User.objects.get(email=data.SEEKER_EMAIL)
    assert seeker.language == "en"
    mine = set(ReferralRequest.objects.filter(seeker=seeker).values_list("status", flat=True))
    assert {Status.NEEDS_INFO, Status.SUBMITTED, Status.REFERRED, Status.DECLINED} <= mine

    referrer = User.objects.get(email=data.REFERRER_EMAIL)
    assert referrer.language == "zh-hant"
    assert set(referrer.channels.values_list("company__name_en", flat=True)) == {"Google", "TSMC"}
    inbox = ReferralRequest.objects.filter(channel__referrer=referrer)
    assert inbox.filter(status__in=[Status.SUBMITTED, Status.VIEWED]).count() >= 3

    both = User.objects.get(email=data.BOTH_EMAIL)
    assert both.channels.exists() and both.referral_requests.exists()

    admin = User.objects.get(email=data.ADMIN_EMAIL)
    assert admin.is_staff and admin.is_superuser

    # Every demo login works with the shared password.
    for email in (data.SEEKER_EMAIL, data.REFERRER_EMAIL, data.BOTH_EMAIL, data.ADMIN_EMAIL):
        client.logout()
        response = client.post("/accounts/login/", {"login": email, "password": data.PASSWORD})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk)

    check_networking(seeker=seeker, referrer=referrer, both=both, admin=admin)
    response = client.get("/network/")
    assert response.status_code == 200

    # A second run changes nothing.
    counts = (
        User.objects.count(),
        Company.objects.count(),
        ReferralRequest.objects.count(),
        *network_counts(),
    )
    call_command("load_demo", verbosity=0)
    assert (
        User.objects.count(),
        Company.objects.count(),
        ReferralRequest.objects.count(),
        *network_counts(),
    ) == counts


@pytest.mark.django_db
def test_every_demo_member_can_sign_in_and_reset_their_password(client, mailoutbox):
    """Every address the demo makes is a real-looking one, even for a name written only in
    Chinese (which slugifies to nothing), and the member can use it on the login form."""
    call_command("load_demo", verbosity=0)
    members = list(User.objects.filter(email__endswith=f"@{data.DOMAIN}").order_by("pk"))
    assert len(members) >= 100
    invalid = []
    for member in members:
        try:  # a dot-atom local part: no dot first, last or twice in a row
            EmailValidator()(member.email)
        except ValidationError:
            invalid.append(member.email)
    assert invalid == []
    assert len({m.email for m in members}) == len(members)

    login = reverse("account_login")
    for n, member in enumerate(members):
        client.logout()
        # Each from their own address, as members are: the login rate limit is per address.
        ip = f"10.0.{n // 200}.{n % 200 + 1}"
        response = client.post(
            login, {"login": member.email, "password": data.PASSWORD}, REMOTE_ADDR=ip
        )
        assert response.status_code == 302, (member.email, page_text(response)[:500])
        assert client.session.get("_auth_user_id") == str(member.pk), member.email

    # Those whose name has no Latin letters were the ones who could not get a reset e-mail.
    client.logout()
    chinese_only = [m for m in members if not re.search("[A-Za-z]", m.display_name)]
    assert chinese_only
    for n, member in enumerate(chinese_only):
        response = client.post(
            reverse("account_reset_password"),
            {"email": member.email},
            REMOTE_ADDR=f"10.1.0.{n + 1}",
        )
        assert response.status_code == 302, (member.email, page_text(response)[:500])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in chinese_only)


def test_a_demo_address_is_valid_even_for_a_name_slugify_cannot_spell():
    assert demo_email("Ya-Chu", "Chang", tag=".s3") == f"yachu.chang.s3@{data.DOMAIN}"
    assert demo_email("Marcus", "O'Neill", tag="12") == f"marcus.oneill12@{data.DOMAIN}"
    assert demo_email("品睿", "Chen", tag="5") == f"chen5@{data.DOMAIN}"
    assert demo_email("雅筑", "張", tag=".s7") == f"member.s7@{data.DOMAIN}"


def check_networking(*, seeker, referrer, both, admin):
    now = timezone.now()

    # Profiles for most members, with intents and offers, in the directory.
    assert NetworkProfile.objects.count() >= 80
    assert NetworkProfile.objects.filter(listed=True).count() >= 60
    assert NetworkProfile.objects.exclude(intents="").count() >= 60
    assert NetworkProfile.objects.exclude(offers="").count() >= 60
    role_types = set(NetworkProfile.objects.values_list("role_type", flat=True))
    assert {"hiring_manager", "founder", "investor", "senior_leader", "expert", "peer"} <= (
        role_types
    )

    # People I want to meet: every description of the fixed logins has current matches, and
    # members who joined later were announced.
    for owner in (seeker, both):
        wishes = list(wishes_of(owner))
        assert len(wishes) >= 2
        wish_matches(owner=owner, wishes=wishes)
        assert all(w.match_count >= 1 for w in wishes), [(str(w), w.match_count) for w in wishes]
        assert Shortlist.objects.filter(owner=owner).count() >= 3
    assert MatchNotice.objects.filter(wish__owner=seeker).exists()

    # Connections: a web of accepted ones, and requests waiting for seeker@ and referrer@.
    assert Connection.objects.filter(status=ConnectionStatus.ACCEPTED).count() >= 30
    for member in (seeker, referrer):
        waiting = list(incoming_requests(member))
        assert len(waiting) >= 2
        assert all(c.note.strip() for c in waiting)
    mine = Connection.objects.filter(Q(sender=seeker) | Q(recipient=seeker))
    assert mine.filter(status=ConnectionStatus.ACCEPTED).count() >= 3

    # Coffee chats in every state; referrer@ has proposals to answer with times still ahead.
    assert set(CoffeeChat.objects.values_list("status", flat=True)) == set(CoffeeStatus.values)
    to_answer = chat_sections(referrer)["to_answer"]
    assert len(to_answer) >= 1
    assert all(slot.starts_at > now for chat in to_answer for slot in chat.slots.all())
    upcoming = chat_sections(seeker)["upcoming"]
    assert any(c.status == CoffeeStatus.CONFIRMED and c.starts_at > now for c in upcoming)
    assert CoffeeChat.objects.filter(
        status=CoffeeStatus.HAPPENED, happened_at__lt=now, proposer=seeker
    ).exists()

    # Contacts: from Guanxi, by hand and from LinkedIn; histories with topics; people who
    # went quiet and overdue follow-ups; a digest preference.
    for owner in (seeker, both):
        mine = Contact.objects.filter(owner=owner)
        assert {"guanxi", "manual", "linkedin"} <= set(mine.values_list("source", flat=True))
        assert mine.exclude(tags="").exclude(how_we_met="").filter(cadence_days__isnull=False)
        assert Interaction.objects.filter(contact__owner=owner).exclude(topics="").count() >= 3
        quiet = list(gone_quiet(owner))
        assert len(quiet) >= 3
        assert FollowUp.objects.filter(
            contact__owner=owner, done_at__isnull=True, due_on__lt=now.date()
        ).exists()
        assert FollowUp.objects.filter(
            contact__owner=owner, done_at__isnull=True, due_on__gt=now.date()
        ).exists()
        assert ReminderSettings.objects.get(member=owner).frequency in ("daily", "weekly")
        assert ContactImport.objects.filter(owner=owner, created_count__gte=3).exists()
    assert duplicate_groups(seeker)

    # Community events by the moderator: a talk, an online session and a meetup to come, one
    # past; people have answered.
    coming = list(upcoming_events())
    assert {EventKind.TALK, EventKind.ONLINE, EventKind.MEETUP} <= {e.kind for e in coming}
    assert all(e.starts_at > now for e in coming)
    assert len(past_events()) >= 1
    assert set(Event.objects.values_list("created_by", flat=True)) == {admin.pk}
    assert all(e.going_count >= 3 for e in coming)
    assert Rsvp.objects.filter(member=seeker, status="going").exists()


@pytest.mark.django_db
def test_reset_replaces_the_demo_and_keeps_other_data():
    from conftest import make_member
    from contacts.services import contact_create
    from events.services import event_save
    from network.services import network_profile_save

    call_command("load_demo", verbosity=0)
    outsider = make_member("someone@example.com", "Someone Else")
    network_profile_save(user=outsider, intents=["mentor"], offers=[], listed=True)
    demo_member = User.objects.get(email=data.REFERRER_EMAIL)
    their_contact = contact_create(owner=outsider, name="Kevin", member=demo_member)
    start = timezone.now() + timedelta(days=3)
    their_event = event_save(
        event=Event(
            title="Not the demo's",
            kind=EventKind.MEETUP,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            is_published=True,
            created_by=outsider,
        )
    )
    counts = (
        User.objects.count(),
        Company.objects.count(),
        ReferrerChannel.objects.count(),
        *network_counts(),
    )
    call_command("load_demo", "--reset", verbosity=0)
    assert (
        User.objects.count(),
        Company.objects.count(),
        ReferrerChannel.objects.count(),
        *network_counts(),
    ) == counts
    assert User.objects.filter(pk=outsider.pk).exists()
    assert NetworkProfile.objects.filter(user=outsider).exists()
    assert Event.objects.filter(pk=their_event.pk).exists()
    their_contact.refresh_from_db()  # kept; the old demo member it pointed at is gone
    assert their_contact.member_id is None

    # Nothing of the demo survives a clear, and nothing else goes with it.
    from demo.loader import demo_clear

    demo_clear()
    demo = f"@{data.DOMAIN}"
    assert not User.objects.filter(email__endswith=demo).exists()
    assert list(NetworkProfile.objects.values_list("user", flat=True)) == [outsider.pk]
    assert not Connection.objects.exists() and not CoffeeChat.objects.exists()
    assert list(Contact.objects.values_list("pk", flat=True)) == [their_contact.pk]
    assert list(Event.objects.values_list("pk", flat=True)) == [their_event.pk]


def test_demo_logins_prints_the_block(capsys):
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000" in out
    assert "/dev/inbox/" in out
    for email in (data.SEEKER_EMAIL, data.REFERRER_EMAIL, data.BOTH_EMAIL, data.ADMIN_EMAIL):
        assert email in out
    assert data.PASSWORD in out
