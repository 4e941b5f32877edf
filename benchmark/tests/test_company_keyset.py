"""The company list pages by cursor: walking "Next" then "Previous" visits every company once,
in the list's order, with the same number of queries on every page."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company
from companies.selectors import company_list
from companies.services import company_create


def _cursor(html: str, rel: str) -> str | None:
    match = re.search(rf'href="\?(after|before)=(\d+)" rel="{rel}"', html)
    return f"{match.group(1)}={match.group(2)}" if match else None


def test_walk_the_company_list_by_cursor(client, settings, db):
    settings.COMPANIES_PER_PAGE = 3
    for i in range(10):
        company = company_create(name_en=f"Firm {i:02d}")
        if i % 3 == 0:
            Company.objects.filter(pk=company.pk).update(active_referrer_count=i)
    expected = list(company_list())
    url = reverse("companies:list")
    seen, pages, queries = [], [], []
    query = ""
    while True:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{url}?{query}")
        queries.append(len(ctx.captured_queries))
        assert response.status_code == 200
        pages.append(list(response.context["page"]))
        seen += pages[-1]
        query = _cursor(response.content.decode(), "next")
        if not query:
            break
    assert seen == expected
    assert len(set(queries[1:])) == 1  # every page after the first costs the same
    # And back again with "Previous".
    back = []
    query = _cursor(client.get(f"{url}?after={seen[-4].pk}").content.decode(), "prev")
    while query:
        response = client.get(f"{url}?{query}")
        back = list(response.context["page"]) + back
        query = _cursor(response.content.decode(), "prev")
    assert back == expected[: len(back)] and back


def test_numbered_pages_and_junk_cursors_still_work(client, settings, db):
    settings.COMPANIES_PER_PAGE = 2
    for i in range(5):
        company_create(name_en=f"Firm {i}")
    assert len(client.get(reverse("companies:list"), {"page": 3}).context["page"]) == 1
    assert client.get(reverse("companies:list"), {"after": "junk"}).status_code == 200
    assert client.get(reverse("companies:list"), {"before": "999999"}).status_code == 200
