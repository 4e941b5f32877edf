"""Queries compiled once and run with each request's value (guanxi.compiled)."""

import pytest
from django.db.models import Q

from accounts.models import User
from companies.models import Company
from companies.selectors import company_by_slug
from guanxi.compiled import CompiledLookup


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


def test_a_query_must_use_its_value_once(db):
    twice = CompiledLookup(User, lambda pk: User.objects.filter(Q(pk=pk) | Q(pk__lt=pk)))
    with pytest.raises(ValueError):
        twice.lookup(1)


def test_an_unknown_company_page_is_404(db, client):
    assert client.get("/companies/nobody-here/").status_code == 404
