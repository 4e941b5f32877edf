"""Resumes in object storage: every path a resume takes — the ask form, the referrer's download,
the member's export, decline and withdrawal, the retention purge, deleting a resume or an account
— on a real S3 server (moto's, started once per run by conftest), through django-storages and
boto3 as production runs them. After each step the bucket holds exactly the objects the Resume
rows name: no orphan, nothing missing. Always on S3, whatever GUANXI_TEST_S3 says; skipped only
when the server cannot start."""

import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from companies.services import company_create
from conftest import (
    assert_files_match_resumes,
    make_channel,
    make_request,
    pdf_bytes,
    pdf_upload,
    private_files,
)
from referrals.models import AskKind, ReferralRequest, Status
from referrals.services import ReferralError, referral_decline, referral_withdraw
from resumes.models import Resume, ResumeAccess
from resumes.s3 import PrivateS3Storage
from resumes.services import resume_create

pytestmark = pytest.mark.usefixtures("resumes_on_s3")


@pytest.fixture
def bucket_keys(s3_server, resumes_on_s3):
    """The keys in this test's bucket, listed by boto3 directly (not through the storage)."""
    return lambda: s3_server.keys(resumes_on_s3)


def _ask_form(**overrides):
    return {
        "kind": AskKind.REFERRAL,
        "position_title": "Backend engineer",
        "job_url": "https://acme.example/jobs/1",
        "job_id": "R-1",
        "location": "Taipei",
        "resume": "",
        "upload": pdf_upload("my cv.pdf", pdf_bytes("Alice Lin")),
        "keep_in_library": "",
        "note": "Five years of Django; I love semiconductors.",
        "confirm_instructions": "on",
        "confirm_accurate": "on",
        **overrides,
    }


def test_the_ask_form_stores_the_resume_in_the_bucket_and_the_referrer_reads_it_back(
    client, alice, bob, channel, bucket_keys
):
    client.force_login(alice)
    response = client.post(reverse("referrals:ask", args=[channel.pk]), _ask_form())
    assert response.status_code == 302
    referral = ReferralRequest.objects.get()
    resume = referral.resume
    assert isinstance(resume.file.storage, PrivateS3Storage)
    assert bucket_keys() == [resume.file.name]
    assert resume.file.name.startswith(f"resumes/{alice.pk}/") and "my cv" not in resume.file.name
    assert_files_match_resumes()

    client.force_login(bob)
    response = client.get(reverse("referrals:inbox_resume", args=[referral.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    with resume.file.open("rb") as stored:
        assert body == stored.read() and body.startswith(b"%PDF-")
    assert int(response["Content-Length"]) == len(body) == resume.size
    assert response["Content-Disposition"] == 'attachment; filename="my cv.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert ResumeAccess.objects.get().viewer == bob


def test_resumes_in_the_bucket_have_no_url_not_even_a_presigned_one(referral):
    with pytest.raises(ValueError):
        _ = referral.resume.file.url


def test_a_refused_request_leaves_no_object_behind(client, alice, channel, bucket_keys):
    make_request(alice, channel, upload=None, kind=AskKind.ADVICE)  # one open request at Acme
    with pytest.raises(ReferralError):
        make_request(alice, channel)  # a second one at the same company, with an upload
    assert bucket_keys() == []
    assert_files_match_resumes()


def test_decline_withdraw_and_the_retention_purge_keep_the_bucket_and_the_rows_equal(
    django_capture_on_commit_callbacks, alice, bob, dana, channel, bucket_keys
):
    other = make_channel(dana, company_create(name_en="Other Corp"))
    kept = make_request(alice, channel, keep_in_library=True)
    dropped = make_request(alice, other, keep_in_library=False, position_title="Data engineer")
    referral_decline(request=kept, referrer=bob, reason="no_opening")
    referral_withdraw(request=dropped, seeker=alice)
    assert len(bucket_keys()) == 2
    assert_files_match_resumes()  # closed, but within the retention period: both stay

    later = timezone.now() + timedelta(days=settings.RESUME_RETENTION_DAYS + 1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        call_command("referral_sweep", verbosity=0)
    assert list(Resume.objects.all()) == [kept.resume]
    assert bucket_keys() == [kept.resume.file.name]
    assert_files_match_resumes()


def test_deleting_a_resume_from_the_library_deletes_its_object(
    client, django_capture_on_commit_callbacks, alice, bucket_keys
):
    kept = resume_create(owner=alice, upload=pdf_upload(), title="Kept")
    gone = resume_create(owner=alice, upload=pdf_upload(), title="Gone")
    assert len(bucket_keys()) == 2
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("resumes:delete", args=[gone.pk])).status_code == 302
    assert bucket_keys() == [kept.file.name]
    assert_files_match_resumes()


def test_the_export_carries_the_files_from_the_bucket_and_leaving_deletes_them(
    client, django_capture_on_commit_callbacks, alice, charlie, channel, bucket_keys
):
    referral = make_request(alice, channel)
    library = resume_create(owner=alice, upload=pdf_upload(), title="Library copy")
    charlies = resume_create(owner=charlie, upload=pdf_upload(), title="Charlie's")
    client.force_login(alice)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("accounts:export")).content))
    for resume in (referral.resume, library):
        with resume.file.open("rb") as stored:
            assert archive.read(f"resumes/{resume.pk}.pdf") == stored.read()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:delete"), {"password": "correct horse 42", "confirm": "on"}
        )
    assert response.status_code == 302
    assert bucket_keys() == [charlies.file.name]
    assert_files_match_resumes()
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN and referral.resume_id is None


def test_an_object_missing_from_the_bucket_is_a_404_and_left_out_of_the_export(
    client, s3_server, resumes_on_s3, alice, bob, referral
):
    s3_server.client().delete_object(Bucket=resumes_on_s3, Key=referral.resume.file.name)
    assert private_files() == []
    client.force_login(bob)
    assert client.get(reverse("referrals:inbox_resume", args=[referral.pk])).status_code == 404
    client.force_login(alice)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("accounts:export")).content))
    assert not [name for name in archive.namelist() if name.startswith("resumes/")]
