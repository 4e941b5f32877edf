"""``{% fragment %}``: a cached piece of a page is shown again only while what it shows is the
same, for the same member, page, language and time zone."""

import pytest
from django.core.cache import caches
from django.core.paginator import Paginator
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from companies.models import Company
from conftest import make_member
from guanxi.templatetags.fragments import fingerprint


class Counter:
    """A context value that counts how often the fragment body is rendered."""

    def __init__(self):
        self.renders = 0

    def __str__(self):
        self.renders += 1
        return str(self.renders)


def render(source, *, path="/", user=None, csrf="", **context):
    request = RequestFactory().get(path)
    template = Template("{% load fragments %}" + source)
    context = {"request": request, "user": user, "csrf_token": csrf, **context}
    return template.render(Context(context))


def test_same_content_is_rendered_once(db):
    acme = Company.objects.create(name_en="Acme", slug="acme")
    counter = Counter()
    source = "{% fragment company %}{{ company.name_en }} {{ counter }}{% endfragment %}"
    first = render(source, company=acme, counter=counter)
    again = render(source, company=Company.objects.get(pk=acme.pk), counter=counter)
    assert first == again == "Acme 1"
    assert counter.renders == 1


def test_any_change_to_the_object_renders_again(db):
    acme = Company.objects.create(name_en="Acme", slug="acme")
    source = (
        "{% fragment company %}{{ company.name_en }} ({{ company.active_referrer_count }})"
        "{% endfragment %}"
    )
    assert render(source, company=acme) == "Acme (0)"
    Company.objects.filter(pk=acme.pk).update(active_referrer_count=3)
    assert render(source, company=Company.objects.get(pk=acme.pk)) == "Acme (3)"
    Company.objects.filter(pk=acme.pk).update(name_en="Acme Semi")
    assert render(source, company=Company.objects.get(pk=acme.pk)) == "Acme Semi (3)"


def test_related_objects_loaded_with_a_row_are_part_of_its_content(db):
    from referrals.models import ReferrerChannel

    bob = make_member("bob@example.com", "Bob")
    acme = Company.objects.create(name_en="Acme", slug="acme")
    channel = ReferrerChannel.objects.create(referrer=bob, company=acme, job_title="Engineer")
    source = "{% fragment channel %}{{ channel.referrer.display_name }}{% endfragment %}"

    def loaded():
        return ReferrerChannel.objects.select_related("referrer").get(pk=channel.pk)

    assert render(source, channel=loaded()) == "Bob"
    User.objects.filter(pk=bob.pk).update(display_name="Bob Chen")
    assert render(source, channel=loaded()) == "Bob Chen"


def test_rows_of_a_page_or_a_query_are_its_content(db):
    Company.objects.create(name_en="Acme", slug="acme")
    source = "{% fragment page %}{% for c in page %}{{ c.name_en }};{% endfor %}{% endfragment %}"

    def page():
        return Paginator(Company.objects.order_by("pk"), 10).get_page(1)

    assert render(source, page=page()) == "Acme;"
    Company.objects.create(name_en="Bolt", slug="bolt")
    assert render(source, page=page()) == "Acme;Bolt;"
    assert render(source, page=Company.objects.order_by("-pk")) == "Bolt;Acme;"


def test_a_keyset_page_is_fingerprinted_by_its_rows(db):
    from companies.selectors import company_list_page

    acme = Company.objects.create(name_en="Acme", slug="acme")
    source = (
        "{% fragment page %}{% for c in page %}{{ c.name_en }} {{ c.active_referrer_count }};"
        "{% endfor %}{% endfragment %}"
    )
    assert render(source, page=company_list_page(per_page=10)) == "Acme 0;"
    Company.objects.filter(pk=acme.pk).update(active_referrer_count=2)
    assert render(source, page=company_list_page(per_page=10)) == "Acme 2;"


@translation.override("en")
def test_never_shared_between_members_pages_languages_or_time_zones(db):
    alice = make_member("alice@example.com", "Alice")
    bob = make_member("bob@example.com", "Bob")
    counter = Counter()
    source = "{% fragment %}{{ counter }}{% endfragment %}"
    assert render(source, user=alice, counter=counter) == "1"
    assert render(source, user=SimpleLazyObject(lambda: alice), counter=counter) == "1"
    assert render(source, user=bob, counter=counter) == "2"
    assert render(source, user=bob, path="/?page=2", counter=counter) == "3"
    with translation.override("zh-hant"):
        assert render(source, user=bob, path="/?page=2", counter=counter) == "4"
    with timezone.override("America/Los_Angeles"):
        assert render(source, user=bob, path="/?page=2", counter=counter) == "5"
    assert render(source, user=bob, path="/?page=2", counter=counter) == "3"


def test_a_form_inside_gets_each_requests_csrf_token(db):
    source = '{% fragment %}<form method="post">{% csrf_token %}</form>{% endfragment %}'
    first = render(source, csrf="tokenOfTheFirstRequest")
    second = render(source, csrf="tokenOfTheSecondRequest")
    assert 'value="tokenOfTheFirstRequest"' in first
    assert 'value="tokenOfTheSecondRequest"' in second
    assert "tokenOfTheFirstRequest" not in str(caches["fragments"]._cache.values())


def test_entries_expire(db, settings, time_machine):
    counter = Counter()
    source = "{% fragment %}{{ counter }}{% endfragment %}"
    time_machine.move_to(timezone.now())
    assert render(source, counter=counter) == "1"
    time_machine.shift(settings.FRAGMENT_CACHE_SECONDS - 1)
    assert render(source, counter=counter) == "1"
    time_machine.shift(2)
    assert render(source, counter=counter) == "2"


def test_fingerprint_is_stable_and_tells_values_apart(db):
    acme = Company.objects.create(name_en="Acme", slug="acme")
    assert fingerprint(acme) == fingerprint(Company.objects.get(pk=acme.pk))
    assert fingerprint([1, "a"]) != fingerprint([1, "b"])
    assert fingerprint({1, 2}) == fingerprint({2, 1})
    assert fingerprint(None) != fingerprint("")


def test_a_long_fragment_is_kept_compressed_and_shown_whole(db):
    from guanxi.templatetags.fragments import COMPRESS_ABOVE

    counter = Counter()
    text = "關係 Guanxi " * (COMPRESS_ABOVE // 5)
    source = "{% fragment %}{{ text }} {{ counter }}{% endfragment %}"
    first = render(source, text=text, counter=counter)
    assert render(source, text=text, counter=counter) == first == f"{text} 1"
    kept = [v for v in caches["fragments"]._cache.values()]
    assert kept and all(len(v) < len(text) // 4 for v in kept)


def test_a_block_inside_a_fragment_is_refused(db):
    with pytest.raises(TemplateSyntaxError, match="cannot be inside"):
        Template(
            "{% load fragments %}{% fragment 1 %}{% block b %}x{% endblock %}{% endfragment %}"
        )


def test_blocks_around_fragments_are_still_found_by_extending_templates(db):
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "base": "{% load fragments %}{% fragment 1 %}<h>{{ n }}</h>{% endfragment %}"
                    "{% block main %}base{% endblock %}",
                    "page": "{% extends 'base' %}{% load fragments %}"
                    "{% block main %}{% fragment 2 %}page {{ n }}{% endfragment %}{% endblock %}",
                },
            )
        ],
        libraries={"fragments": "guanxi.templatetags.fragments"},
    )
    request = RequestFactory().get("/")
    html = engine.get_template("page").render(Context({"request": request, "user": None, "n": 5}))
    assert html == "<h>5</h>page 5"
