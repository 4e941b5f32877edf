"""Resumes are seen only by their owner and by the addressed referrer of an open or recently
decided request; every look by someone else is logged and shown to the owner."""

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import RESUMES_ON_S3, make_request, page_text
from referrals.services import (
    referral_decline,
    referral_refer,
    referral_withdraw,
    referrals_expire_due,
)
from resumes.models import ResumeAccess


def _download(client, user, referral):
    client.force_login(user)
    return client.get(reverse("referrals:inbox_resume", args=[referral.pk]))


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_referrer_download_is_private_and_logged(client, alice, bob, referral):
    response = _download(client, bob, referral)
    assert response.status_code == 200
    assert _body(response).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="resume.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    access = ResumeAccess.objects.get()
    assert (access.resume, access.viewer, access.referral_request) == (
        referral.resume,
        bob,
        referral,
    )
    _download(client, bob, referral)
    assert ResumeAccess.objects.count() == 2  # each download is logged


def test_owner_sees_who_looked(client, alice, bob, referral):
    _download(client, bob, referral)
    client.force_login(alice)
    response = client.get(reverse("resumes:library"))
    assert response.status_code == 200
    assert [a.viewer for a in response.context["accesses"]] == [bob]
    text = page_text(response)
    assert "Bob Chen" in text
    assert "Backend engineer" in text
    assert "bob@example.com" not in text


def test_access_time_shown_in_the_owners_time_zone(client, alice, bob, referral):
    alice.time_zone = "America/New_York"
    alice.save(update_fields=["time_zone"])
    moment = dt.datetime(2026, 3, 2, 15, 30, tzinfo=dt.UTC)  # 10:30 in New York, 23:30 Taipei
    with time_machine.travel(moment, tick=False):
        _download(client, bob, referral)
    client.force_login(alice)
    text = page_text(client.get(reverse("resumes:library")))
    assert "2 Mar" in text and "10:30 AM" in text
    assert "11:30 PM" not in text
    assert "3:30 PM" not in text


def test_owner_download_is_not_logged(client, alice, referral):
    client.force_login(alice)
    response = client.get(reverse("resumes:download", args=[referral.resume.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert not ResumeAccess.objects.exists()


@pytest.mark.parametrize("decision", ["referred", "declined"])
def test_decided_requests_readable_within_retention(client, bob, referral, decision, settings):
    if decision == "referred":
        referral_refer(request=referral, referrer=bob)
    else:
        referral_decline(request=referral, referrer=bob, reason="other")
    days = settings.RESUME_RETENTION_DAYS
    with time_machine.travel(timezone.now() + timedelta(days=days - 1), tick=False):
        assert _download(client, bob, referral).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=days + 1), tick=False):
        assert _download(client, bob, referral).status_code == 404
    assert ResumeAccess.objects.count() == 1


def test_small_retention_window(client, bob, referral, settings):
    settings.RESUME_RETENTION_DAYS = 1
    referral_refer(request=referral, referrer=bob)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert _download(client, bob, referral).status_code == 404


def test_not_after_withdrawal(client, alice, bob, referral):
    referral_withdraw(request=referral, seeker=alice)
    assert _download(client, bob, referral).status_code == 404
    assert not ResumeAccess.objects.exists()


def test_not_after_expiry(client, bob, referral):
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        referrals_expire_due()
        assert _download(client, bob, referral).status_code == 404
    assert not ResumeAccess.objects.exists()


def test_others_never(client, alice, charlie, dana, dana_channel, referral):
    for other in (alice, charlie, dana):
        # alice owns the resume, but the inbox URL is not hers: 404 there as well.
        assert _download(client, other, referral).status_code == 404
    for other in (charlie, dana):
        client.force_login(other)
        assert client.get(reverse("resumes:download", args=[referral.resume.pk])).status_code == 404
    assert not ResumeAccess.objects.exists()


def test_advice_request_without_resume(client, alice, bob, channel):
    from referrals.models import AskKind

    referral = make_request(alice, channel, kind=AskKind.ADVICE, upload=None, resume=None)
    assert referral.resume is None
    assert _download(client, bob, referral).status_code == 404


@pytest.mark.skipif(RESUMES_ON_S3, reason="paths on disk; on S3: resumes/tests/test_on_s3.py")
def test_resume_files_have_no_public_url(client, referral, settings):
    from pathlib import Path

    path = Path(referral.resume.file.path).resolve()
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not path.is_relative_to(Path(public).resolve())
    # The storage makes up no URL at all, and nothing serves the paths either.
    with pytest.raises(ValueError):
        _ = referral.resume.file.url
    client.force_login(referral.seeker)
    assert client.get("/media/" + referral.resume.file.name).status_code == 404
    assert client.get("/" + referral.resume.file.name).status_code == 404
    # The stored name is generated by the server, not the member's file name.
    assert referral.resume.original_name not in referral.resume.file.name
