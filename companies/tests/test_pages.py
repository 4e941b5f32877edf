"""The public company list and company page, and their constant query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.services import company_create
from conftest import make_channel, make_member, make_request
from referrals.services import referral_decline, referral_refer


def _queries(client, url, **params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _companies(start: int, count: int):
    for i in range(start, start + count):
        company = company_create(
            name_en=f"Firm {i}", name_zh=f"公司{i}", aliases=[f"F{i}", f"Firma {i}"]
        )
        if i % 2:
            referrer = make_member(f"r{i}@example.com", f"Referrer {i}")
            make_channel(referrer, company)


def test_company_list_is_public(client, acme, channel):
    response = client.get(reverse("companies:list"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [acme]
    text = response.content.decode()
    assert "Acme Semiconductor" in text
    assert acme.get_absolute_url() in text


def test_company_list_orders_active_first(client, db):
    quiet = company_create(name_en="Aardvark Ltd")
    busy = company_create(name_en="Zebra Inc")
    make_channel(make_member("z@example.com", "Zed"), busy)
    response = client.get(reverse("companies:list"))
    assert list(response.context["page"]) == [busy, quiet]


def test_company_list_paginates(client, settings, db):
    settings.COMPANIES_PER_PAGE = 3
    _companies(0, 7)
    response = client.get(reverse("companies:list"), {"page": 3})
    assert response.status_code == 200
    assert len(response.context["page"]) == 1
    assert client.get(reverse("companies:list"), {"page": "junk"}).status_code == 200


def test_company_list_constant_queries(client, db):
    url = reverse("companies:list")
    _companies(0, 3)
    small = _queries(client, url)
    small_search = _queries(client, url, q="firm")
    _companies(3, 9)
    assert _queries(client, url) == small
    assert _queries(client, url, q="firm") == small_search


def test_company_list_constant_queries_signed_in(client, alice, db):
    client.force_login(alice)
    url = reverse("companies:list")
    _companies(0, 3)
    small = _queries(client, url)
    _companies(3, 9)
    assert _queries(client, url) == small


def test_company_page_is_public_and_shows_cards(client, acme, channel, dana_channel):
    response = client.get(acme.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Acme Semiconductor" in text and "愛客美半導體" in text
    assert "Bob Chen" in text and "Dana Huang" in text
    assert "bob@example.com" not in text  # contact details stay hidden


def test_company_page_unknown_is_404(client, db):
    assert client.get(reverse("companies:detail", args=["no-such-co"])).status_code == 404


def _cards(company, start: int, count: int):
    for i in range(start, start + count):
        referrer = make_member(f"card{i}@example.com", f"Card {i}")
        channel = make_channel(referrer, company, capacity=3, is_accepting=bool(i % 3))
        seeker = make_member(f"asker{i}@example.com", f"Asker {i}")
        if channel.is_accepting:
            referral = make_request(seeker, channel)
            if i % 2:
                referral_refer(request=referral, referrer=referrer)
            else:
                referral_decline(request=referral, referrer=referrer, reason="other")


def test_company_page_constant_queries(client, alice, acme):
    url = acme.get_absolute_url()
    _cards(acme, 0, 2)
    anonymous_small = _queries(client, url)
    client.force_login(alice)
    small = _queries(client, url)
    _cards(acme, 2, 6)
    assert _queries(client, url) == small
    assert _queries(client, url, sort="fast") == small
    client.logout()
    assert _queries(client, url) == anonymous_small


def test_company_page_numbers_its_cards_from_the_stored_count(client, acme):
    """'Referrers (n)' and the pages come from Company.referrer_count: no channel is counted."""
    _cards(acme, 0, 14)  # a third of them paused: they are still referrers, shown last
    acme.refresh_from_db()
    assert acme.referrer_count == 14
    url = acme.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    # (Without Redis the tests' shared cache is a database table: its reads are left out.)
    queries = [q["sql"] for q in ctx.captured_queries if "guanxi_cache" not in q["sql"]]
    assert not any("COUNT(" in sql.upper() for sql in queries)
    # The company, its aliases, then one page of cards.
    assert len(queries) == 3
    assert '<span class="count">（14）</span>' in response.content.decode()
    assert len(response.context["page"]) == 12
    second = client.get(url, {"page": 2})
    assert len(second.context["page"]) == 2
    names = {c.referrer.display_name for c in [*response.context["page"], *second.context["page"]]}
    assert names == {f"Card {i}" for i in range(14)}
