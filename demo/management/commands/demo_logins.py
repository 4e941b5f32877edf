from django.conf import settings
from django.core.management.base import BaseCommand

from demo import data


class Command(BaseCommand):
    help = "Print where the site runs and the demo logins."

    def handle(self, *args, **options):
        site = settings.SITE_URL
        rows = [
            (
                data.SEEKER_EMAIL,
                "seeker: My requests; connection requests, coffee, Keep in touch (English)",
            ),
            (
                data.REFERRER_EMAIL,
                "referrer at Google and TSMC: Referral inbox; coffee to plan (中文)",
            ),
            (data.BOTH_EMAIL, "seeker and referrer at Microsoft; meeting founders and investors"),
            (data.ADMIN_EMAIL, f"moderator: {site}/admin/"),
        ]
        width = max(len(email) for email, _ in rows)
        lines = [
            "",
            "Guanxi 關係 — demo",
            f"  Site:      {site}",
            f"  Dev inbox: {site}/dev/inbox/  (e-mails sent while you try it)",
            f"  Password for every demo login: {data.PASSWORD}",
            *(f"    {email.ljust(width)}  {what}" for email, what in rows),
            "",
        ]
        self.stdout.write("\n".join(lines))
