from django.utils.translation import gettext as _

from accounts.sessions import member_sessions_end
from guanxi.ratelimit import Limit, hit
from moderation.models import Block, ModerationAction, Report

REPORTS_PER_DAY = Limit("reports", 20, 86400)


class ModerationError(Exception):
    pass


def is_blocked(*, blocker_id: int, blocked_id: int) -> bool:
    return Block.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()


def block_create(*, blocker, blocked) -> Block:
    if blocker.pk == blocked.pk:
        raise ModerationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


def block_delete(*, blocker, blocked_id: int) -> None:
    Block.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()


def report_create(*, reporter, target, reason: str, details: str = "", referral_request=None):
    if reporter.pk == getattr(target, "pk", None):
        raise ModerationError(_("You cannot report yourself."))
    if hit(REPORTS_PER_DAY, str(reporter.pk)):
        raise ModerationError(_("You have sent many reports today. Please try again tomorrow."))
    return Report.objects.create(
        reporter=reporter,
        target=target,
        reason=reason,
        details=details.strip(),
        referral_request=referral_request,
    )


def member_suspend(*, member) -> None:
    """Suspend a member: they can no longer sign in, and are signed out everywhere now."""
    member.is_active = False
    member.save(update_fields=["is_active"])
    member_sessions_end(member)


def member_profile_blank(*, member) -> None:
    """Remove what a member wrote about themselves (their name and headline)."""
    member.headline = ""
    member.display_name = _("A Guanxi member")
    member.save(update_fields=["headline", "display_name"])


def moderation_action_record(
    *, moderator, report: Report, action: str, note: str = ""
) -> ModerationAction:
    """Close ``report`` as dismissed or actioned, and log what the moderator did."""
    target = report.target
    report.state = (
        Report.State.DISMISSED
        if action == ModerationAction.Action.DISMISS
        else Report.State.ACTIONED
    )
    report.save(update_fields=["state"])
    return ModerationAction.objects.create(
        moderator=moderator, report=report, target=target, action=action, note=note
    )
