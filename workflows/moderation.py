"""A moderator acting on a report: warn (a notification), suspend, remove the reported request
or what the member wrote about themselves, or dismiss — always logged, in one transaction."""

from django.db import transaction

from moderation.models import ModerationAction, Report
from moderation.services import member_profile_blank, member_suspend, moderation_action_record
from notifications.services import notify_moderation_warning
from referrals.services import referral_remove_by_moderator


@transaction.atomic
def moderation_act(*, moderator, report: Report, action: str, note: str = "") -> ModerationAction:
    """Warn, suspend, remove the reported content, or dismiss; always logged."""
    target = report.target
    if action == ModerationAction.Action.WARN and target is not None:
        notify_moderation_warning(recipient=target, note=note)
    elif action == ModerationAction.Action.SUSPEND and target is not None:
        member_suspend(member=target)
    elif action == ModerationAction.Action.REMOVE:
        if report.referral_request_id:
            referral_remove_by_moderator(request_id=report.referral_request_id)
        elif target is not None:
            member_profile_blank(member=target)
    return moderation_action_record(moderator=moderator, report=report, action=action, note=note)
