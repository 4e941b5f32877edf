"""load_demo fills an empty database with a living community, once, and its logins work.

Loading plays two months of requests through the real services, so each load takes a few
seconds: the checks share one load per test.
"""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from companies.models import Company
from demo import data
from demo.loader import resume_pdf
from notifications.models import Notification
from referrals.models import ReferralRequest, ReferrerChannel, Status


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

    # A second run changes nothing.
    counts = (User.objects.count(), Company.objects.count(), ReferralRequest.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        User.objects.count(),
        Company.objects.count(),
        ReferralRequest.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_reset_replaces_the_demo_and_keeps_other_data():
    from conftest import make_member

    call_command("load_demo", verbosity=0)
    outsider = make_member("someone@example.com", "Someone Else")
    counts = (User.objects.count(), Company.objects.count(), ReferrerChannel.objects.count())
    call_command("load_demo", "--reset", verbosity=0)
    assert (
        User.objects.count(),
        Company.objects.count(),
        ReferrerChannel.objects.count(),
    ) == counts
    assert User.objects.filter(pk=outsider.pk).exists()


def test_demo_logins_prints_the_block(capsys):
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000" in out
    assert "/dev/inbox/" in out
    for email in (data.SEEKER_EMAIL, data.REFERRER_EMAIL, data.BOTH_EMAIL, data.ADMIN_EMAIL):
        assert email in out
    assert data.PASSWORD in out
