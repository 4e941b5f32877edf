"""The member directory: filters, paging, constant queries, and saving members to meet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from conftest import make_member, page_text
from network.models import Industry, Intent, Offer, RoleType, Shortlist
from network.services import shortlist_add
from network.tests.utils import make_profile


@pytest.fixture
def people(alice, bob, charlie, dana):
    make_profile(alice, intents=[Intent.JOB_REFERRAL])
    make_profile(
        bob,
        intents=[Intent.COFOUNDER],
        offers=[Offer.REFERRALS, Offer.MOCK_INTERVIEWS],
        role_type=RoleType.HIRING_MANAGER,
        industry=Industry.SEMICONDUCTORS,
        company="Acme Semiconductor",
        job_title="Engineering manager",
        city="Hsinchu",
        languages="Mandarin, English",
    )
    make_profile(
        dana,
        intents=[Intent.MENTOR],
        offers=[Offer.RESUME_REVIEW],
        role_type=RoleType.FOUNDER,
        industry=Industry.SOFTWARE,
        company="Dana Labs",
        city="Taipei",
        languages="English, Taiwanese",
    )
    make_profile(charlie, listed=False, offers=[Offer.REFERRALS], company="Acme")
    return alice, bob, charlie, dana


def _names(client, **params):
    response = client.get(reverse("network:directory"), params)
    assert response.status_code == 200
    return {p.user.display_name for p in response.context["page"].object_list}


def test_directory_needs_a_login(client, db):
    response = client.get(reverse("network:directory"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_listed_members_other_than_me_appear(client, people):
    alice, *_ = people
    client.force_login(alice)
    assert _names(client) == {"Bob Chen", "Dana Huang"}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"offer": "referrals"}, {"Bob Chen"}),
        ({"offer": "resume_review"}, {"Dana Huang"}),
        ({"intent": "mentor"}, {"Dana Huang"}),
        ({"intent": "cofounder"}, {"Bob Chen"}),
        ({"role_type": "founder"}, {"Dana Huang"}),
        ({"industry": "semiconductors"}, {"Bob Chen"}),
        ({"company": "acme"}, {"Bob Chen"}),
        ({"city": "taipei"}, {"Dana Huang"}),
        ({"language": "english"}, {"Bob Chen", "Dana Huang"}),
        ({"language": "taiwanese"}, {"Dana Huang"}),
        ({"language": "english", "city": "hsinchu"}, {"Bob Chen"}),
        ({"offer": "referrals", "city": "taipei"}, set()),
        ({"offer": "not-a-choice"}, {"Bob Chen", "Dana Huang"}),
    ],
)
def test_filters(client, people, params, expected):
    client.force_login(people[0])
    assert _names(client, **params) == expected


def test_an_intent_is_matched_whole_not_as_a_substring(client, people):
    """'mentor' must not match 'mentoring': values are stored as |a|b|."""
    alice, bob, *_ = people
    make_profile(bob, offers=[Offer.MENTORING])
    client.force_login(alice)
    assert _names(client, intent="mentor") == {"Dana Huang"}


def test_cards_show_the_profile_and_the_empty_result_explains(client, people):
    client.force_login(people[0])
    page = page_text(client.get(reverse("network:directory"), {"company": "acme"}))
    assert "Engineering manager at Acme Semiconductor" in page
    assert "Mock interviews" in page
    empty = page_text(client.get(reverse("network:directory"), {"company": "nowhere"}))
    assert "Nobody matches all of these filters" in empty


def _many_members(n, start=0):
    for i in range(start, start + n):
        member = make_member(f"m{i}@example.com", f"Member {i}")
        make_profile(
            member,
            intents=[Intent.MENTOR],
            offers=[Offer.REFERRALS, Offer.INDUSTRY_INSIGHT],
            role_type=RoleType.EXPERT,
            industry=Industry.SOFTWARE,
            company=f"Company {i}",
            city="Taipei",
            languages="Mandarin",
        )


def _count_queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("network:directory"), params)
    assert response.status_code == 200
    # Without Redis the tests' shared cache (the directory's version) is a database table.
    return len([q for q in ctx.captured_queries if "guanxi_cache" not in q["sql"]]), response


@pytest.mark.parametrize("params", [{}, {"offer": "referrals", "city": "taipei"}])
def test_directory_runs_a_constant_number_of_queries(client, alice, params):
    client.force_login(alice)
    _many_members(3)
    shortlist_add(owner=alice, member=make_member("s@example.com", "Saved"))
    small, response = _count_queries(client, params)
    assert len(response.context["page"].object_list) == 3
    _many_members(40, start=3)
    large, response = _count_queries(client, params)
    assert len(response.context["page"].object_list) == 24  # a full page
    assert small == large


def test_paging_keeps_the_filters(client, alice):
    _many_members(30)
    client.force_login(alice)
    response = client.get(reverse("network:directory"), {"city": "Taipei"})
    html = response.content.decode()
    assert "city=Taipei&amp;page=2" in html
    second = client.get(reverse("network:directory"), {"city": "Taipei", "page": 2})
    assert len(second.context["page"].object_list) == 6


def test_save_adds_to_my_list_and_back_to_the_page(client, people):
    alice, bob, charlie, dana = people
    client.force_login(alice)
    back = reverse("network:directory") + "?city=Hsinchu"
    response = client.post(reverse("network:shortlist_add", args=[bob.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Shortlist.objects.filter(owner=alice, member=bob).exists()
    page = page_text(client.get(back))
    assert "Saved" in page
    # Saving again only changes the note; unlisted members cannot be saved.
    client.post(reverse("network:shortlist_add", args=[bob.pk]), {"note": "Chip talk"})
    assert Shortlist.objects.get(owner=alice, member=bob).note == "Chip talk"
    assert client.post(reverse("network:shortlist_add", args=[charlie.pk])).status_code == 404
    # Off-site "next" is ignored.
    response = client.post(
        reverse("network:shortlist_add", args=[dana.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("network:wishes")


def test_saving_yourself_is_refused(client, people):
    alice = people[0]
    client.force_login(alice)
    response = client.post(reverse("network:shortlist_add", args=[alice.pk]), follow=True)
    assert "You cannot save yourself." in page_text(response)
    assert not Shortlist.objects.exists()


def test_removing_from_the_list_is_for_its_owner_only(client, people):
    alice, bob, charlie, _dana = people
    entry = shortlist_add(owner=alice, member=bob)
    url = reverse("network:shortlist_remove", args=[entry.pk])
    client.force_login(charlie)
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    client.force_login(alice)
    assert client.post(url).status_code == 302
    assert not Shortlist.objects.exists()


def test_broad_results_stop_counting_at_the_cap(client, alice, monkeypatch):
    from guanxi.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    _many_members(5)
    client.force_login(alice)
    filters = {"city": "taipei"}
    url = reverse("network:directory")
    text = page_text(client.get(url, filters, HTTP_ACCEPT_LANGUAGE="en"))
    assert "More than 3 members found." in text
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    text = page_text(client.get(url, filters, HTTP_ACCEPT_LANGUAGE="en"))
    assert "5 members found." in text


def test_browsing_everyone_pages_without_counting(client, alice, monkeypatch):
    """Unfiltered, the directory shows no total and pages by "Previous" and "Next"."""
    monkeypatch.setattr("network.views.MEMBERS_PER_PAGE", 2)
    _many_members(5)
    client.force_login(alice)
    url = reverse("network:directory")
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if "network_networkprofile" in sql]
    assert "members found" not in page_text(first)
    assert first.context["page"].has_next() and not first.context["page"].has_previous()
    assertContains(first, 'href="?page=2" rel="next"')
    seen = [p.user.display_name for p in first.context["page"]]
    last = client.get(url, {"page": 3})
    assert [p.user.display_name for p in last.context["page"]] == ["Member 0"]
    assert not last.context["page"].has_next() and last.context["page"].has_previous()
    assertContains(last, 'href="?page=2" rel="prev"')
    assert seen == ["Member 4", "Member 3"]  # newest profiles first
    # A page past the end (an old link) shows the first page rather than nothing.
    beyond = client.get(url, {"page": 9})
    assert [p.user.display_name for p in beyond.context["page"]] == seen
    # Junk in the page number is the first page too.
    assert client.get(url, {"page": "x"}).context["page"].number == 1


@pytest.fixture
def bilingual(alice, bob, charlie, dana, acme):
    """Members who write their city, languages and company each in their own way."""
    from companies.services import company_create

    company_create(name_en="Google", aliases=["谷歌", "Alphabet"])
    make_profile(bob, company="Google Taiwan", city="Taipei City", languages="Mandarin, English")
    make_profile(charlie, company="谷歌", city="臺北市", languages="中文、台語")
    make_profile(dana, company="愛客美半導體", city="新竹", languages="English, Japanese")
    return alice, bob, charlie, dana


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"city": "台北"}, {"Bob Chen", "Charlie Wu"}),
        ({"city": "臺北"}, {"Bob Chen", "Charlie Wu"}),
        ({"city": "Taipei"}, {"Bob Chen", "Charlie Wu"}),
        ({"city": "台北市"}, {"Bob Chen", "Charlie Wu"}),
        ({"city": "Hsinchu"}, {"Dana Huang"}),
        ({"city": "ｈｓｉｎｃｈｕ"}, {"Dana Huang"}),
        ({"company": "谷歌"}, {"Bob Chen", "Charlie Wu"}),
        ({"company": "google"}, {"Bob Chen", "Charlie Wu"}),
        ({"company": "Alphabet"}, {"Bob Chen", "Charlie Wu"}),
        ({"company": "ACME"}, {"Dana Huang"}),  # an alias of 愛客美半導體
        ({"company": "Acme Semiconductor"}, {"Dana Huang"}),
        ({"language": "中文"}, {"Bob Chen", "Charlie Wu"}),
        ({"language": "華語"}, {"Bob Chen", "Charlie Wu"}),
        ({"language": "Mandarin"}, {"Bob Chen", "Charlie Wu"}),
        ({"language": "Chinese"}, {"Bob Chen", "Charlie Wu"}),
        ({"language": "Taiwanese"}, {"Charlie Wu"}),
        ({"language": "英文"}, {"Bob Chen", "Dana Huang"}),
        ({"language": "日文"}, {"Dana Huang"}),
        ({"city": "新北"}, set()),
        ({"company": "Amazon"}, set()),
        ({"language": "中文", "city": "Taipei", "company": "谷歌"}, {"Bob Chen", "Charlie Wu"}),
    ],
)
def test_filters_match_both_languages_and_company_aliases(client, bilingual, params, expected):
    client.force_login(bilingual[0])
    assert _names(client, **params) == expected


@pytest.mark.parametrize(
    "params", [{"city": "台北", "language": "中文", "company": "谷歌"}, {"company": "ACME"}]
)
def test_bilingual_filters_keep_the_number_of_queries_constant(client, alice, params):
    from companies.services import company_create

    company_create(name_en="Google", aliases=["谷歌"])
    client.force_login(alice)
    _many_members(3)
    small, _response = _count_queries(client, params)
    _many_members(40, start=3)
    large, _response = _count_queries(client, params)
    plain, _response = _count_queries(client, {"city": "x"})
    assert small == large == plain
