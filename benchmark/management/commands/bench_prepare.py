"""Sign in the benchmark members and profile each page in-process (queries, SQL time)."""

import json

from django.core.management.base import BaseCommand

from benchmark.measure import (
    create_sessions,
    pages,
    persona_ids,
    personas_prepare,
    profile_pages,
)


class Command(BaseCommand):
    help = "Print JSON: session cookies for the busy members, the pages, and their SQL profile."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        ids = persona_ids()
        personas_prepare(ids)  # a database loaded before the moderators' dashboard
        page_list = pages()
        result = {
            "sessions": create_sessions(ids),
            "pages": [{"name": p.name, "url": p.url, "key": p.key} for p in page_list],
            "sql": profile_pages(page_list, ids[0], repeat=repeat),
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))
