"""Company search in both scripts: names, aliases, case and width, Simplified input, typos."""

import pytest
from django.urls import reverse

from companies.search import search_key
from companies.selectors import company_search
from companies.services import company_create


@pytest.fixture
def companies(db):
    return {
        "google": company_create(
            name_en="Google", website="https://google.com", aliases=["谷歌", "Alphabet"]
        ),
        "tsmc": company_create(
            name_en="TSMC",
            name_zh="台積電",
            website="https://tsmc.com",
            aliases=["Taiwan Semiconductor Manufacturing Company", "台灣積體電路製造"],
        ),
        "amazon": company_create(name_en="Amazon", name_zh="亞馬遜", website="https://amazon.com"),
        "mediatek": company_create(name_en="MediaTek", name_zh="聯發科"),
    }


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Google", "google"),
        ("google", "google"),
        ("GOOGLE", "google"),
        ("谷歌", "google"),
        ("alphabet", "google"),
        ("TSMC", "tsmc"),
        ("tsmc", "tsmc"),
        ("ＴＳＭＣ", "tsmc"),  # full-width
        ("ｔｓｍｃ", "tsmc"),
        ("台積電", "tsmc"),
        ("台积电", "tsmc"),  # Simplified input finds the Traditional name
        ("積電", "tsmc"),
        ("taiwan semiconductor", "tsmc"),
        ("亞馬遜", "amazon"),
        ("亚马逊", "amazon"),
        ("聯發科", "mediatek"),
        ("联发科", "mediatek"),
        ("Media Tek", "mediatek"),
        ("Gooogle", "google"),  # typos
        ("Amazn", "amazon"),
        ("Mediatec", "mediatek"),
    ],
)
def test_search_finds(companies, query, expected):
    results = list(company_search(query))
    assert results, query
    assert results[0] == companies[expected], (query, results)


def test_search_misses_unrelated(companies):
    assert list(company_search("Zzyzx Quantum")) == []


def test_empty_query_lists_everything(companies):
    assert len(company_search("   ")) == 4


def test_prefix_matches_rank_first(db):
    ameta = company_create(name_en="Cameta")
    meta = company_create(name_en="Meta", name_zh="臉書")
    assert list(company_search("meta")) == [meta, ameta]


def test_search_key_folds_case_width_and_script():
    assert search_key("ＴＳＭＣ") == search_key("tsmc") == "tsmc"
    assert search_key("台積電") == search_key("台积电")
    assert search_key("Acme, Inc.") == "acmeinc"


def test_company_list_page_search(client, companies):
    for query, expected in [("谷歌", "google"), ("台积电", "tsmc"), ("Amazn", "amazon")]:
        response = client.get(reverse("companies:list"), {"q": query})
        assert response.status_code == 200
        assert response.context["query"] == query
        assert list(response.context["page"])[0] == companies[expected]
        assert companies[expected].name_en in response.content.decode()
