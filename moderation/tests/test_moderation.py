import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from accounts.models import MemberSession
from conftest import make_request, run_tasks
from moderation.models import Block, ModerationAction, Report
from referrals.models import ReferralRequest
from referrals.services import ReferralError


def test_party_to_a_request_can_report_it_and_block(client, alice, bob, referral):
    client.force_login(bob)
    url = reverse("moderation:report") + f"?request={referral.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "spam", "details": "Copy-paste", "block": "on"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.target, report.referral_request) == (bob, alice, referral)
    assert Block.objects.filter(blocker=bob, blocked=alice).exists()


def test_outsiders_cannot_report_a_request_they_cannot_see(client, charlie, dana, referral):
    for member in (charlie, dana):
        client.force_login(member)
        url = reverse("moderation:report") + f"?request={referral.pk}"
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "spam"}).status_code == 404
    assert Report.objects.count() == 0


def test_reporting_a_profile_and_bad_ids(client, alice, bob):
    client.force_login(alice)
    base = reverse("moderation:report")
    assert client.get(f"{base}?member={bob.pk}").status_code == 200
    assert client.get(f"{base}?member=999999").status_code == 404
    assert client.get(f"{base}?member=abc").status_code == 404
    assert client.get(f"{base}?member={alice.pk}").status_code == 404
    response = client.post(f"{base}?member={bob.pk}", {"reason": ""})
    assert response.status_code == 200 and Report.objects.count() == 0


def test_blocked_seeker_cannot_send_requests(alice, bob, channel):
    Block.objects.create(blocker=bob, blocked=alice)
    with pytest.raises(ReferralError, match="cannot send requests to this referrer"):
        make_request(alice, channel)
    assert ReferralRequest.objects.count() == 0


def test_block_and_unblock_views(client, alice, bob):
    client.force_login(bob)
    client.post(reverse("moderation:block", args=[alice.pk]))
    assert "Alice Lin" in client.get(reverse("moderation:blocks")).content.decode()
    client.post(reverse("moderation:unblock", args=[alice.pk]))
    assert not Block.objects.exists()
    assert client.get(reverse("moderation:block", args=[alice.pk])).status_code == 405


def _admin_action(client, staff, action, report):
    client.force_login(staff)
    return client.post(
        reverse("admin:moderation_report_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [report.pk]},
    )


def test_moderator_warn_suspend_remove_are_logged(client, staff, alice, bob, charlie, referral):
    report = Report.objects.create(
        reporter=bob, target=alice, reason="spam", referral_request=referral
    )
    _admin_action(client, staff, "report_warn", report)
    run_tasks()
    assert mail.outbox[-1].to == ["alice@example.com"]

    alice_client = client.__class__()
    alice_client.force_login(alice)
    assert MemberSession.objects.filter(member=alice).count() == 1
    _admin_action(client, staff, "report_suspend", report)
    alice.refresh_from_db()
    assert not alice.is_active
    assert not MemberSession.objects.filter(member=alice).exists()
    assert alice_client.get(reverse("referrals:my_requests")).status_code == 302

    _admin_action(client, staff, "report_remove", report)
    assert not ReferralRequest.objects.filter(pk=referral.pk).exists()
    bob.channels.get().refresh_from_db()
    assert bob.channels.get().open_count == 0

    actions = list(ModerationAction.objects.order_by("created_at").values_list("action", flat=True))
    assert actions == ["warn", "suspend", "remove"]
    assert set(ModerationAction.objects.values_list("moderator", flat=True)) == {staff.pk}
    report.refresh_from_db()
    assert report.state == Report.State.ACTIONED
