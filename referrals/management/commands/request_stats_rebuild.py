import time

from django.core.management.base import BaseCommand

from referrals.health import request_stats_rebuild


class Command(BaseCommand):
    help = (
        "Recompute every week of the community-health figures (referrals.WeeklyRequestStats) "
        "from the referral requests: after loading data in bulk, or to repair them. The sweep "
        "keeps the current and the previous week up to date on its own."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = request_stats_rebuild()
        self.stdout.write(f"stats_rows={rows} seconds={time.monotonic() - started:.1f}")
