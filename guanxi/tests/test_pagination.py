"""The paginators that count less: uncounted pages, capped and pre-counted pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.models import Company
from guanxi.compiled import CompiledQuery
from guanxi.pagination import CappedPaginator, CountedPaginator, UncountedPaginator


@pytest.fixture
def companies(db):
    # Names sort in the opposite order of creation, so order by name is not order by pk.
    Company.objects.bulk_create(
        Company(name_en=f"Company {99 - i:02d}", slug=f"company-{i}") for i in range(45)
    )
    return Company.objects.order_by("name_en", "pk")


def test_uncounted_pages_walk_every_row_once_in_order(companies):
    paginator = UncountedPaginator(companies, 20)
    seen, number = [], 1
    while True:
        page = paginator.get_page(number)
        seen.extend(c.name_en for c in page)
        if not page.has_next():
            break
        number = page.next_page_number()
    assert seen == [c.name_en for c in companies]
    assert number == 3
    assert (page.start_index(), page.end_index()) == (41, 45)
    assert page.has_previous() and page.previous_page_number() == 2


def test_uncounted_pages_of_a_compiled_query_are_the_querysets(companies):
    compiled = CompiledQuery(
        Company, lambda least, bottom, top: companies.filter(pk__gte=least)[bottom:top], int
    )
    paginator = UncountedPaginator(compiled.bind(0), 20)
    pages = [paginator.get_page(n) for n in (1, 2, 3)]
    assert [c.name_en for p in pages for c in p] == [c.name_en for c in companies]
    assert [p.has_next() for p in pages] == [True, True, False]


def test_uncounted_page_runs_one_query_and_no_count(companies):
    paginator = UncountedPaginator(companies, 20)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(2)
        names = [c.name_en for c in page]
    assert len(queries) == 1
    assert "COUNT(" not in queries[0]["sql"].upper()
    assert names == [c.name_en for c in companies[20:40]]
    assert page.has_next()


def test_uncounted_page_past_the_end_shows_the_first(companies):
    page = UncountedPaginator(companies, 20).get_page(9)
    assert page.number == 1
    assert [c.name_en for c in page] == [c.name_en for c in companies[:20]]


def test_bad_page_numbers_show_the_first(companies):
    paginator = UncountedPaginator(companies, 20)
    assert paginator.get_page("abc").number == 1
    assert paginator.get_page("-3").number == 1


def test_counted_paginator_uses_the_given_count(companies):
    paginator = CountedPaginator(companies, 20, count=45)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.num_pages == 3
        assert len(paginator.get_page(3)) == 5
    assert not any("COUNT(" in q["sql"].upper() for q in queries)


def test_capped_counts_stop_at_the_cap_and_ignore_the_lists_order(companies, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    with CaptureQueriesContext(connection) as queries:
        paginator = CappedPaginator(companies, 20)
        assert paginator.count == 31
        assert paginator.is_capped
    (count_sql,) = [q["sql"] for q in queries]
    assert "COUNT(" in count_sql.upper() and "ORDER BY" not in count_sql.upper()
    assert [c.name_en for c in paginator.page(1)] == [c.name_en for c in companies[:20]]

    monkeypatch.setattr(CappedPaginator, "cap", 100)
    paginator = CappedPaginator(companies, 20)
    assert (paginator.count, paginator.is_capped, paginator.num_pages) == (45, False, 3)
