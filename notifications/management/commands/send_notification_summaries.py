from django.core.management.base import BaseCommand

from notifications.tasks import summaries_enqueue_due


class Command(BaseCommand):
    help = (
        "Queue the daily notification summaries that are due: one for each member who chose a "
        "daily summary and has notifications waiting, once their day has reached 8 o'clock. "
        "Run it every hour from a scheduler; each member gets at most one summary a day."
    )

    def handle(self, *args, **options):
        queued = summaries_enqueue_due()
        self.stdout.write(f"summaries_queued={queued}")
