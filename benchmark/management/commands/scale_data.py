"""Fill the database with deterministic synthetic data at a named size."""

import json
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import User
from benchmark.data import SIZES
from benchmark.scale import load


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with deterministic synthetic data: members, companies "
        "with aliases, referrer channels, referral requests in every state with their events, "
        "profiles, contacts, interactions and follow-ups. Sizes: tiny (tests), small (10 k "
        "members), large (1 M members; PostgreSQL only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--factor", type=float, default=1.0, help="Multiply every count (tests use 2)."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, size, seed, factor, json: bool = False, **options):
        if size == "large" and connection.vendor != "postgresql":
            raise CommandError("The large size needs PostgreSQL (COPY); set DATABASE_URL.")
        if User.objects.exists():
            raise CommandError("The database already has members; scale_data needs an empty one.")
        chosen = SIZES[size].scaled(factor) if factor != 1.0 else SIZES[size]
        out = self.stdout.write if not json else (lambda _msg: None)
        out(f"scale_data {size} (seed {seed}, {connection.vendor}): {chosen}")
        started = time.monotonic()
        summary = load(size=chosen, seed=seed, out=out)
        summary["size"] = size
        summary["seed"] = seed
        summary["total_seconds"] = round(time.monotonic() - started, 1)
        summary["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if json:
            self.stdout.write(_dumps(summary))
        else:
            for label, n in summary["rows"].items():
                out(f"  {label}: {n:,} rows")
            out(f"done in {summary['total_seconds']} s, peak memory {summary['peak_rss_mb']} MB")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
