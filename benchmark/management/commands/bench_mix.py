"""Sign in the community mix's members and find its pages and write targets (JSON)."""

import json

from django.core.management.base import BaseCommand

from benchmark.measure import community_plan


class Command(BaseCommand):
    help = "Print JSON: the community mix's members (with sessions), companies and write targets."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=600)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, members, seed, **options):
        plan = community_plan(members=members, seed=seed)
        self.stdout.write(json.dumps(plan, ensure_ascii=False))
