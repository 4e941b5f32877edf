from django.core.management.base import BaseCommand

from referrals.health import request_stats_refresh
from referrals.retention import resumes_purge_expired
from referrals.services import channels_resume_paused, referrals_expire_due, referrals_nudge_due


class Command(BaseCommand):
    help = (
        "The periodic referral work: resume channels whose pause ended, nudge referrers, expire "
        "unanswered requests, delete resumes past their retention period, and recompute this "
        "week's and last week's figures of the community-health dashboard. Run it every few "
        "minutes from a scheduler; it is safe to run twice or concurrently, since each step "
        "claims rows with a conditional update (the figures are replaced as a whole)."
    )

    def handle(self, *args, **options):
        resumed = channels_resume_paused()
        nudged = referrals_nudge_due()
        expired = referrals_expire_due()
        purged = resumes_purge_expired()
        stats = request_stats_refresh()
        self.stdout.write(
            f"resumed={resumed} nudged={nudged} expired={expired} resumes_purged={purged} "
            f"stats_rows={stats}"
        )
