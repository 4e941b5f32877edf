"""A member's company and title for the contact made of them (contacts.work): the apps above
contacts plug in their sources — the network profile first, then the referrer channel — and
the answer is the one the platform gave before the sources were registered."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from companies.services import company_create
from conftest import make_channel
from contacts import work
from contacts.work import member_known_work, member_work_source_add
from network.models import NetworkProfile
from network.tests.utils import make_profile
from referrals.models import ReferrerChannel


def _known_work_before(member) -> tuple[str, str]:
    """What contacts.services._known_work answered, reading both apps itself."""
    profile = NetworkProfile.objects.filter(user=member).first()
    if profile is not None and (profile.company or profile.job_title):
        return profile.company, profile.job_title or member.headline
    channel = (
        ReferrerChannel.objects.filter(referrer=member)
        .select_related("company")
        .order_by("-is_accepting", "pk")
        .first()
    )
    if channel is not None:
        return channel.company.name_en, channel.job_title
    return "", member.headline


def _profile(**fields):
    return lambda member: make_profile(member, **fields)


def _channels(member):
    """A paused channel first, then an accepting one: the accepting one is the member's work."""
    globex = company_create(name_en="Globex", name_zh="地球", website="https://globex.example")
    initech = company_create(name_en="Initech", name_zh="", website="https://initech.example")
    make_channel(member, globex, job_title="Manager", is_accepting=False)
    make_channel(member, initech, job_title="Staff engineer")


def _both(*setups):
    def setup(member):
        for s in setups:
            s(member)

    return setup


CASES = {
    "neither": ((), ("", "Builds chips")),
    "profile with both": (
        (_profile(company="TSMC", job_title="Director"),),
        ("TSMC", "Director"),
    ),
    "profile with a company only": ((_profile(company="TSMC"),), ("TSMC", "Builds chips")),
    "profile with a title only": ((_profile(job_title="Director"),), ("", "Director")),
    "empty profile": ((_profile(),), ("", "Builds chips")),
    "channels": ((_channels,), ("Initech", "Staff engineer")),
    "profile and channels": (
        (_profile(company="TSMC", job_title="Director"), _channels),
        ("TSMC", "Director"),
    ),
    "empty profile and channels": ((_profile(), _channels), ("Initech", "Staff engineer")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_known_work_is_what_it_was(bob, case, django_assert_max_num_queries):
    setups, expected = CASES[case]
    bob.headline = "Builds chips"
    bob.save(update_fields=["headline"])
    _both(*setups)(bob)
    with django_assert_max_num_queries(2):  # the profile, then the channel
        answer = member_known_work(bob)
    assert answer == expected
    assert answer == _known_work_before(bob)


def test_the_profile_alone_is_one_query(bob, django_assert_num_queries):
    make_profile(bob, company="TSMC", job_title="Director")
    with django_assert_num_queries(1):
        assert member_known_work(bob) == ("TSMC", "Director")


@pytest.fixture
def no_sources(monkeypatch):
    monkeypatch.setattr(work, "_sources", [])


def test_sources_are_asked_in_their_order(no_sources, bob):
    asked = []

    def source(name, answer):
        def ask(member):
            asked.append(name)
            return answer

        return ask

    silent, second, third = (
        source("silent", None),
        source("second", ("B", "b")),
        source("third", ("C", "c")),
    )
    member_work_source_add(third, order=3)
    member_work_source_add(second, order=2)
    member_work_source_add(silent, order=1)
    assert member_known_work(bob) == ("B", "b")
    assert asked == ["silent", "second"]  # the first that knows wins; the third is not asked

    member_work_source_add(second, order=2)  # registering again changes nothing
    with pytest.raises(ImproperlyConfigured, match="order 2"):
        member_work_source_add(source("other", ("O", "o")), order=2)
    with pytest.raises(ImproperlyConfigured):
        member_work_source_add(second, order=4)


def test_no_source_gives_the_headline(no_sources, bob):
    bob.headline = "Builds chips"
    assert member_known_work(bob) == ("", "Builds chips")


def test_network_comes_before_referrals():
    from network import selectors as network_selectors
    from referrals import selectors as referral_selectors

    assert [source for _order, source in work._sources] == [
        network_selectors.member_work,
        referral_selectors.member_work,
    ]
