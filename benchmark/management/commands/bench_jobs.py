"""Periodic-job measurements for the benchmark: the expiry sweep (rolled back), digest reset."""

import json

from django.core.management.base import BaseCommand

from benchmark.measure import digest_reset, digest_status, time_expiry_sweep


class Command(BaseCommand):
    help = "Print JSON: time the expiry sweep (rolled back), or reset digests before timing them."

    def add_arguments(self, parser):
        parser.add_argument("job", choices=["expiry", "digest-reset", "digest-status"])

    def handle(self, *args, job, **options):
        jobs = {"expiry": time_expiry_sweep, "digest-reset": digest_reset}
        result = jobs.get(job, digest_status)()
        self.stdout.write(json.dumps(result))
