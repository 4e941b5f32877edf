from datetime import timedelta

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from companies.services import company_create
from conftest import assert_files_match_resumes, make_channel, make_request
from conftest import private_files as _files
from referrals.retention import resumes_purge_expired
from referrals.services import referral_decline, referral_withdraw
from resumes.models import Resume
from resumes.services import resume_delete


def test_resume_of_closed_request_is_deleted_after_retention_unless_kept(
    django_capture_on_commit_callbacks, alice, bob, dana, channel
):
    other = make_channel(dana, company_create(name_en="Other Corp"))
    kept = make_request(alice, channel, keep_in_library=True)
    dropped = make_request(alice, other, keep_in_library=False, position_title="Data engineer")
    referral_decline(request=kept, referrer=bob, reason="no_opening")
    referral_withdraw(request=dropped, seeker=alice)
    assert len(_files()) == 2
    assert_files_match_resumes()  # declined and withdrawn: both kept within the retention

    later = timezone.now() + timedelta(days=settings.RESUME_RETENTION_DAYS - 1)
    with time_machine.travel(later):
        assert resumes_purge_expired() == 0

    later = timezone.now() + timedelta(days=settings.RESUME_RETENTION_DAYS + 1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        call_command("referral_sweep", verbosity=0)
        assert resumes_purge_expired() == 0  # safe to run twice
    assert list(Resume.objects.values_list("pk", flat=True)) == [kept.resume_id]
    assert len(_files()) == 1
    dropped.refresh_from_db()
    assert dropped.resume_id is None
    assert_files_match_resumes()


def test_open_request_keeps_its_resume(alice, channel):
    make_request(alice, channel, keep_in_library=False)
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        assert resumes_purge_expired() == 0


def test_deleting_a_resume_or_its_owner_leaves_no_file(
    django_capture_on_commit_callbacks, alice, charlie, channel
):
    request = make_request(alice, channel)
    with django_capture_on_commit_callbacks(execute=True):
        resume_delete(resume=request.resume)
    assert _files() == []
    assert_files_match_resumes()
    make_request(charlie, channel)
    assert len(_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        charlie.delete()
    assert _files() == []
    assert_files_match_resumes()
