"""Our Jinja2 engine (guanxi/jinja2.py): texts translated when a template is compiled, one
catalogue for both engines, URLs as reverse() makes them, one site header for both engines."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from conftest import make_member
from guanxi.jinja2 import url
from guanxi.management.commands.makemessages import jinja_code_only
from network.tests.utils import make_profile


def render(source: str, language: str, **values) -> str:
    with translation.override(language):
        return engines["jinja2"].from_string(source).render(values)


def test_fixed_texts_are_translated_when_the_template_is_compiled():
    env = engines["jinja2"].env
    source = '<h1>{{ _("Companies") }}</h1>{{ icon("users") }}'
    compiled = env.for_language("zh-hant").compile(source, raw=True)
    assert "公司" in compiled and "'Companies'" not in compiled
    assert "<svg" in compiled  # the icon too
    assert render(source, "zh-hant").startswith("<h1>公司</h1>")
    assert render(source, "en").startswith("<h1>Companies</h1>")


def test_a_text_without_values_is_escaped_and_values_are_escaped_in_a_trusted_text():
    # As {% translate %}: the text is escaped. As {% blocktranslate %}: the values are.
    assert render("{{ _(\"Guanxi 關係 — today's passer-by is tomorrow's guide.\") }}", "en") == (
        "Guanxi 關係 — today&#39;s passer-by is tomorrow&#39;s guide."
    )
    html = render('{{ _("Companies matching “%(query)s”", query=q) }}', "zh-hant", q="<b>")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html != "Companies matching “&lt;b&gt;”"  # translated


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1</strong> active referrer"), (2, "2</strong> active referrers")]
)
def test_plurals_are_chosen_when_the_page_renders(count, expected):
    source = (
        '{{ ngettext("<strong>%(counter)s</strong> active referrer", '
        '"<strong>%(counter)s</strong> active referrers", n, counter=n) }}'
    )
    assert render(source, "en", n=count) == "<strong>" + expected


def test_a_message_held_in_a_variable_is_translated_when_the_page_renders():
    assert render("{{ _(message) }}", "zh-hant", message="Companies") == "公司"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("companies:list", []),
        ("companies:detail", ["google"]),
        ("companies:detail", ["tsmc-2"]),
        ("network:member", [42]),
    ],
)
def test_urls_are_what_reverse_makes(name, args):
    from django.utils.encoding import iri_to_uri

    assert url(name, *args) == iri_to_uri(reverse(name, args=args))
    assert url(name, *args) == iri_to_uri(reverse(name, args=args))  # remembered, still right


def test_messages_are_extracted_from_inside_html_quotes_at_their_lines():
    source = '<nav aria-label="{{ _(\'Main\') }}">\n{# don\'t\n mind #}\n<p>{{ _("Hi") }}</p>'
    code = jinja_code_only(source)
    lines = code.split("\n")
    assert "_('Main')" in lines[0]
    assert '_("Hi")' in lines[3]
    assert "don't" not in code


def _header(html: str) -> str:
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group()
    header = re.sub(r'( aria-current="page"| ?is-current)', "", header)
    header = re.sub(r'name="next" value="[^"]*"', "", header)  # the page's own address
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", header)


@pytest.mark.parametrize("signed_in", [True, False])
def test_both_engines_show_the_same_site_header(client, alice, signed_in):
    if signed_in:
        client.force_login(alice)
    jinja_page = client.get(reverse("companies:list"))  # a Jinja2 page
    django_page = client.get(reverse("events:list"))  # a Django page
    assert jinja_page.templates[0].name.endswith(".jinja")
    assert not django_page.templates[0].name.endswith(".jinja")
    assert _header(jinja_page.content.decode()) == _header(django_page.content.decode())
    assert ("Log out" in _header(jinja_page.content.decode())) is signed_in


def test_a_page_masks_one_csrf_token_however_many_forms_it_shows(client, alice):
    # The directory shows a form per member card; Django's lazy csrf_input masked a new token
    # (32 draws from the system's random source) for every one of them.
    client.force_login(alice)
    make_profile(alice)
    for n in range(6):
        make_profile(make_member(f"member{n}@example.com", f"Member {n}"))
    html = client.get(reverse("network:directory")).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) >= 6
    assert len(set(tokens)) == 1


def test_a_token_is_made_only_when_a_form_asks_for_one(client):
    page = engines["jinja2"].from_string("<p>{{ request.path }}</p>")
    request = RequestFactory().get("/")
    assert page.render({}, request=request) == "<p>/</p>"
    assert "CSRF_COOKIE" not in request.META  # nothing asked for a token: no cookie to set
    form = engines["jinja2"].from_string("{{ csrf_input }}{{ csrf_input }}{{ csrf_token }}")
    html = form.render({}, request=request)
    values = re.findall(r'value="([^"]+)"', html)
    assert len(values) == 2 and values[0] == values[1] and html.endswith(values[0])
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
