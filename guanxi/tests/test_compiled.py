"""Queries compiled once and run with each request's value (guanxi.compiled)."""

from datetime import datetime, timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from companies.models import Company
from companies.selectors import company_by_slug
from guanxi.compiled import CompiledLookup, CompiledQuery


def test_each_value_finds_its_own_row(alice, bob, django_assert_num_queries):
    members = CompiledLookup(User, lambda pk: User.objects.filter(pk=pk))
    with django_assert_num_queries(1):
        assert members.lookup(alice.pk) == alice
    assert members.lookup(bob.pk).email == bob.email
    assert members.lookup(0) is None


def test_text_values_are_bound_not_spliced(db, acme):
    assert company_by_slug(acme.slug) == acme
    assert company_by_slug(acme.slug).name_en == acme.name_en
    assert company_by_slug("nope") is None
    assert company_by_slug("acme' OR '1'='1") is None
    Company.objects.create(name_en="Globex", slug="globex")
    assert company_by_slug("globex").name_en == "Globex"


def test_a_value_may_be_used_more_than_once(alice, bob):
    twice = CompiledLookup(User, lambda pk: User.objects.filter(pk__gte=pk, pk__lte=pk))
    assert twice.lookup(alice.pk) == alice
    assert twice.lookup(bob.pk) == bob
    assert twice.lookup(0) is None


def test_an_unknown_company_page_is_404(db, client):
    assert client.get("/companies/nobody-here/").status_code == 404


def _companies_made_by(member, *, bottom=0, top=None):
    return (
        Company.objects.filter(created_by=member)
        .select_related("created_by")
        .prefetch_related("aliases")
        .annotate(alias_count=Count("aliases"))
        .order_by("name_en", "pk")[bottom:top]
    )


def _seen(companies) -> list[tuple]:
    return [
        (
            c.pk,
            c.name_en,
            c.alias_count,
            c.created_by.email,
            sorted(a.name for a in c.aliases.all()),
        )
        for c in companies
    ]


@pytest.fixture
def made(alice, bob):
    for n, member in enumerate([alice, bob, alice, alice]):
        company = Company.objects.create(
            name_en=f"Company {n}", slug=f"company-{n}", created_by=member
        )
        company.aliases.create(name=f"Alias {n}")
    return alice, bob


def test_rows_are_what_the_queryset_gives_for_each_value(made, django_assert_num_queries):
    companies = CompiledQuery(Company, lambda member: _companies_made_by(member), int)
    for member in made:
        with django_assert_num_queries(2):  # the rows, with their related row and annotation,
            rows = companies.rows(member.pk)  # and the prefetched aliases
        assert _seen(rows) == _seen(_companies_made_by(member))
        assert rows
    assert companies.rows(0) == []


def test_a_slice_pages_as_the_queryset_and_is_compiled_once(made):
    alice, _ = made
    companies = CompiledQuery(
        Company, lambda member, bottom, top: _companies_made_by(member, bottom=bottom, top=top), int
    )
    pages = companies.bind(alice.pk)
    assert _seen(pages[0:2]) == _seen(_companies_made_by(alice)[0:2])
    assert _seen(pages[2:4]) == _seen(_companies_made_by(alice)[2:4])
    assert _seen(pages[0:2]) == _seen(_companies_made_by(alice)[0:2])
    assert len(companies._compiled) == 2  # one compilation per slice, reused
    assert pages[4:4] == []  # the empty page of an empty list


def test_times_and_text_are_bound_as_values(alice, bob):
    joined = CompiledQuery(
        User,
        lambda before, email: User.objects.filter(date_joined__lte=before).exclude(email=email),
        datetime,
        str,
    )
    now = timezone.now()
    assert set(joined.rows(now, bob.email)) == {alice}
    assert joined.rows(now - timedelta(days=1), bob.email) == []
    assert set(joined.rows(now, "' OR '1'='1")) == {alice, bob}


def test_a_value_read_while_building_would_be_frozen_so_each_must_be_used(db):
    frozen = CompiledQuery(User, lambda pk: User.objects.filter(pk=1), int)
    with pytest.raises(ValueError):
        frozen.rows(2)


def test_only_the_latest_shapes_stay_compiled(made):
    alice, _ = made
    companies = CompiledQuery(
        Company, lambda member, bottom, top: _companies_made_by(member, bottom=bottom, top=top), int
    )
    pages = companies.bind(alice.pk)
    for top in range(1, CompiledQuery.KEPT + 10):
        assert len(pages[0:top]) == min(top, 3)
    assert len(companies._compiled) == CompiledQuery.KEPT
    assert ("default", ("bottom", 0), ("top", 1)) not in companies._compiled
