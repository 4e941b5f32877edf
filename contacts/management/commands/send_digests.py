from django.core.management.base import BaseCommand

from contacts.tasks import digests_enqueue_due


class Command(BaseCommand):
    help = (
        "Queue the contacts reminder digests that are due: today's for members who chose daily, "
        "this week's for weekly. Run it every hour or so from a scheduler; each member gets one "
        "digest per period however often it runs."
    )

    def handle(self, *args, **options):
        queued = digests_enqueue_due()
        self.stdout.write(f"digests_queued={queued}")
