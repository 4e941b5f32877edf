import time

from django.core.management.base import BaseCommand

from demo.loader import demo_clear, demo_is_loaded, demo_load


class Command(BaseCommand):
    help = (
        "Fill the database with a demo community: about 30 real-world companies, 60 referrers, "
        "40 seekers and requests in every state over the last 60 days, plus the networking side: "
        "profiles, people to meet, connections, coffee chats, contacts with follow-ups and "
        "community events. Safe to run twice: it "
        "does nothing when the demo is already loaded, unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo members, companies and events first, then load the demo afresh.",
        )

    def handle(self, *args, reset=False, **options):
        if demo_is_loaded():
            if not reset:
                self.stdout.write("Demo data is already loaded (use --reset to reload it).")
                return
            demo_clear()
            self.stdout.write("Removed the previous demo data.")
        started = time.monotonic()
        loader = demo_load(stdout=self.stdout if options["verbosity"] > 1 else None)
        seconds = time.monotonic() - started
        network = loader.network
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {seconds:.1f}s: {len(loader.companies)} companies, "
                f"{len(loader.channels)} referrer channels, {len(loader.seekers) + 2} seekers, "
                f"{sum(1 for p in loader.plans if p.request)} requests; "
                f"{network.counts['profiles']} network profiles, "
                f"{network.counts['connections']} connections, "
                f"{network.counts['coffee']} coffee chats, {network.counts['events']} events."
            )
        )
