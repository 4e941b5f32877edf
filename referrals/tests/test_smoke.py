from django.core import mail

from conftest import run_tasks
from referrals.models import Status
from referrals.services import referral_refer


def test_request_then_refer_emails_both(alice, bob, referral):
    assert referral.status == Status.SUBMITTED
    run_tasks()
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    referral_refer(request=referral, referrer=bob)
    run_tasks()
    assert mail.outbox[-1].to == ["alice@example.com"]
