"""Warm paths: the people a signed-in member already knows at a company, on its page, on the
company list's cards and on the ask form; read from their own contacts and connections only,
in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.services import company_create
from conftest import make_channel, make_member, make_request, page_text
from contacts.linkedin import contacts_import_linkedin
from contacts.models import Contact
from contacts.services import contact_create, contact_delete, contact_update, interaction_log
from network.services import connection_accept, connection_send
from network.tests.utils import make_profile
from referrals.services import channel_save
from workflows.warm_paths import people_known_at, people_known_at_companies, people_known_counts

PANEL = "People you know here"


def _page(client, member, company, **params):
    client.force_login(member)
    response = client.get(company.get_absolute_url(), params)
    assert response.status_code == 200
    return page_text(response)


def _known_names(member, company) -> list[str]:
    return [person.name for person in people_known_at(member, company)]


def _connect(sender, recipient):
    return connection_accept(
        connection=connection_send(sender=sender, recipient=recipient, note="Hi"),
        recipient=recipient,
    )


# --- What matches ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "company",
    [
        "Acme Semiconductor",  # the English name
        "ACME SEMICONDUCTOR, Inc.",  # with a legal form, in capitals
        "ＡＣＭＥ",  # an alias, full-width
        "愛客美半導體",  # the Chinese name
        "愛客美半導體股份有限公司",  # with a Chinese legal form
        "爱客美半导体",  # in Simplified script
    ],
)
def test_a_contact_whose_company_names_the_company_is_on_its_page(client, alice, acme, company):
    contact_create(owner=alice, name="Kevin Lin 林凱文", company=company, title="Process engineer")
    text = _page(client, alice, acme)
    assert PANEL in text
    assert "Kevin Lin 林凱文" in text and "Process engineer" in text


def test_a_contact_at_another_company_is_not(client, alice, acme):
    contact_create(owner=alice, name="Kevin Lin", company="Acme Foods")
    contact_create(owner=alice, name="Mei Wu", company="Semiconductor")
    assert _known_names(alice, acme) == []
    assert PANEL not in _page(client, alice, acme)


def test_a_contact_with_an_address_at_the_companys_domain(client, alice, acme):
    contact_create(owner=alice, name="Mei Wu", email="Mei.Wu@ACME.example")
    contact_create(owner=alice, name="Not Here", email="someone@acme.example.org")
    text = _page(client, alice, acme)
    assert "Mei Wu" in text
    assert "Not Here" not in text


def test_contacts_imported_from_linkedin(client, alice, acme):
    export = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Mei,Lin,https://www.linkedin.com/in/meilin,,Acme Semiconductor,Senior Engineer,"
        "15 Mar 2024\r\n"
        "小明,王,https://www.linkedin.com/in/wang,,愛客美半導體股份有限公司,經理,02 Jan 2023\r\n"
        "Zoë,Müller,https://www.linkedin.com/in/zoe,,Globex,,07 Nov 2021\r\n"
    )
    contacts_import_linkedin(owner=alice, data=export.encode(), filename="Connections.csv")
    assert sorted(_known_names(alice, acme)) == ["Mei Lin", "王小明"]
    text = _page(client, alice, acme)
    assert "LinkedIn import" in text and "Senior Engineer" in text


def test_how_they_met_and_when_they_last_talked(client, alice, acme):
    contact = contact_create(
        owner=alice, name="Kevin Lin", company="ACME", how_we_met="NEX WORK meetup"
    )
    interaction_log(
        owner=alice,
        contact=contact,
        kind="coffee",
        occurred_at=timezone.now() - datetime.timedelta(days=3),
        topics="Packaging",
    )
    contact_create(owner=alice, name="Mei Wu", company="ACME")
    text = _page(client, alice, acme)
    assert "How we met: NEX WORK meetup" in text
    assert "Last: Coffee chat on" in text
    assert "No conversation logged yet" in text  # Mei Wu
    # The one talked to recently first.
    assert _known_names(alice, acme) == ["Kevin Lin", "Mei Wu"]


def test_an_accepted_connection_whose_profile_names_the_company(client, alice, charlie, acme):
    make_profile(charlie, company="Acme Semiconductor Inc.", job_title="Test engineer")
    _connect(alice, charlie)
    # Accepting put each in the other's contacts, with the company from the profile.
    assert _known_names(alice, acme) == ["Charlie Wu"]
    # Without the contact, the connection alone is enough.
    contact_delete(contact=Contact.objects.get(owner=alice, member=charlie), owner=alice)
    people = people_known_at(alice, acme)
    assert [(p.name, p.contact_id, p.title) for p in people] == [
        ("Charlie Wu", None, "Test engineer")
    ]
    text = _page(client, alice, acme)
    assert "Your connection on Guanxi" in text
    assert reverse("network:member", args=[charlie.pk]) in text


def test_a_pending_connection_is_not_someone_you_know(client, alice, charlie, acme):
    make_profile(charlie, company="Acme Semiconductor")
    connection_send(sender=alice, recipient=charlie, note="Hi")
    connection_send(sender=make_member("x@example.com", "Xavier"), recipient=alice, note="Hi")
    assert _known_names(alice, acme) == []
    assert PANEL not in _page(client, alice, acme)


def test_someone_you_know_who_refers_there_is_marked(client, alice, bob, acme, channel):
    _connect(alice, bob)  # bob's contact is "Bob Chen" at Acme (his channel)
    contact_create(owner=alice, name="Mei Wu", company="ACME")
    people = people_known_at(alice, acme)
    assert [(p.name, p.channel_id, p.channel_askable) for p in people] == [
        ("Bob Chen", channel.pk, True),
        ("Mei Wu", None, False),
    ]
    text = _page(client, alice, acme)
    assert "Referrer here" in text
    assert reverse("referrals:ask", args=[channel.pk]) in text
    assert "You know them" in text  # on Bob's referrer card too


def test_a_contact_who_refers_there_whatever_company_they_wrote(client, alice, bob, acme, channel):
    """A contact who is a member running a channel at the company is there, even when the
    contact's own company field names another (an old job)."""
    _connect(alice, bob)
    contact = Contact.objects.get(owner=alice, member=bob)
    contact_update(contact=contact, owner=alice, company="Globex")
    assert [(p.name, p.refers_here) for p in people_known_at(alice, acme)] == [("Bob Chen", True)]


def test_a_paused_referrer_you_know_cannot_be_asked_from_the_panel(
    client, alice, bob, acme, channel
):
    _connect(alice, bob)
    channel.is_accepting = False
    channel_save(channel=channel)
    text = _page(client, alice, acme)
    assert "Referrer here" in text and "Paused" in text
    assert (
        reverse("referrals:ask", args=[channel.pk])
        not in text.split(PANEL)[1].split("Referrers")[0]
    )


def test_more_than_a_handful_fold_away(client, alice, acme):
    for i in range(8):
        contact_create(owner=alice, name=f"Person {i}", company="ACME")
    text = _page(client, alice, acme)
    assert "And 3 more" in text
    assert all(f"Person {i}" in text for i in range(8))


def test_the_panel_in_chinese(client, alice, acme):
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    contact_create(owner=alice, name="林凱文", company="台積電", email="kevin@acme.example")
    text = _page(client, alice, acme)
    assert "你認識的人" in text
    assert "只有你看得到" in text


# --- Only the member's own data -------------------------------------------------------------


def test_nobody_elses_contacts_ever_show(client, alice, charlie, acme, channel):
    contact_create(owner=charlie, name="Secret Contact", company="Acme Semiconductor")
    contact_create(owner=charlie, name="Secret Address", email="s@acme.example")
    make_profile(charlie, company="Acme")
    # Charlie's connections are not Alice's either.
    dana = make_member("dana2@example.com", "Dana Two")
    make_profile(dana, company="Acme")
    _connect(charlie, dana)
    assert _known_names(alice, acme) == []
    text = _page(client, alice, acme)
    assert PANEL not in text and "Secret" not in text and "Dana Two" not in text
    listing = page_text(client.get(reverse("companies:list"), {"q": "acme"}))
    assert "known-count" not in listing
    ask = page_text(client.get(reverse("referrals:ask", args=[channel.pk])))
    assert "Secret" not in ask and "You already know" not in ask


def test_a_members_contact_is_not_shown_to_another_who_has_connections_there(
    client, alice, bob, charlie, acme, channel
):
    contact_create(owner=alice, name="Alice's Friend", company="ACME")
    _connect(charlie, bob)  # Charlie knows someone at Acme himself
    assert _known_names(charlie, acme) == ["Bob Chen"]
    text = _page(client, charlie, acme)
    assert "Bob Chen" in text and "Alice's Friend" not in text
    listing = page_text(client.get(reverse("companies:list"), {"q": "acme"}))
    assert "<strong>1</strong> person you know" in listing


def test_a_visitor_sees_no_panel(client, alice, acme):
    contact_create(owner=alice, name="Kevin Lin", company="ACME")
    text = page_text(client.get(acme.get_absolute_url()))
    assert PANEL not in text and "Kevin Lin" not in text
    assert "known-count" not in page_text(client.get(reverse("companies:list")))


def test_a_visitor_costs_no_query_a_panel_three_and_the_counts_two(
    alice, acme, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert people_known_at_companies(AnonymousUser(), [acme]) == {}
    with django_assert_num_queries(2):  # nobody found: the rows are not asked for
        assert people_known_at_companies(alice, [acme]) == {}
    for n in range(3):
        contact_create(owner=alice, name=f"Kevin Lin {n}", company="ACME")
        contact_create(owner=alice, name=f"Mei Wu {n}", email=f"mei{n}@acme.example")
        contact_create(owner=alice, name=f"Elsewhere {n}", company="Globex")
    # The members known there, the keys of the contacts there, then their rows.
    with django_assert_num_queries(3):
        assert len(people_known_at_companies(alice, [acme])[acme.pk]) == 6
    with django_assert_num_queries(2):
        assert people_known_counts(alice, [acme]) == {acme.pk: 6}


# --- The company list -----------------------------------------------------------------------


def test_each_card_says_how_many_you_know_there(client, alice, bob, acme, channel):
    globex = company_create(name_en="Globex", name_zh="環宇", website="https://globex.example")
    company_create(name_en="Initech")
    contact_create(owner=alice, name="Kevin Lin", company="ACME")
    contact_create(owner=alice, name="Mei Wu", email="mei@globex.example")
    _connect(alice, bob)
    client.force_login(alice)
    response = client.get(reverse("companies:list"))
    assert response.context["known_counts"] == {acme.pk: 2, globex.pk: 1}
    text = page_text(response)
    assert (
        "<strong>2</strong> people you know" in text
        and "<strong>1</strong> person you know" in text
    )
    search = client.get(reverse("companies:list"), {"q": "環宇"})
    assert search.context["known_counts"] == {globex.pk: 1}


def test_each_card_in_chinese(client, alice, acme):
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    contact_create(owner=alice, name="林凱文", company="愛客美半導體")
    client.force_login(alice)
    assert "<strong>1</strong> 位你認識的人" in page_text(client.get(reverse("companies:list")))


# --- The ask form ---------------------------------------------------------------------------


def test_the_ask_form_offers_a_referrer_you_know(
    client, alice, bob, dana, acme, channel, dana_channel
):
    _connect(alice, bob)
    client.force_login(alice)
    text = page_text(client.get(reverse("referrals:ask", args=[dana_channel.pk])))
    assert "You already know Bob Chen, who also refers here. Ask them directly?" in text
    assert reverse("referrals:ask", args=[channel.pk]) in text
    assert "Ask Bob Chen instead" in text


def test_the_ask_form_says_you_know_the_referrer_asked(client, alice, bob, acme, channel):
    _connect(alice, bob)
    contact = Contact.objects.get(owner=alice, member=bob)
    contact.how_we_met = "Taipei meetup"
    contact.save()
    client.force_login(alice)
    text = page_text(client.get(reverse("referrals:ask", args=[channel.pk])))
    assert "You already know Bob Chen." in text
    assert "How we met: Taipei meetup" in text
    assert "Ask Bob Chen instead" not in text


def test_the_ask_form_offers_no_one_who_cannot_be_asked(
    client, alice, bob, dana, acme, channel, dana_channel
):
    _connect(alice, bob)
    channel.capacity = 1
    channel_save(channel=channel)
    make_request(make_member("s@example.com", "Someone"), channel)  # Bob is now full
    client.force_login(alice)
    text = page_text(client.get(reverse("referrals:ask", args=[dana_channel.pk])))
    assert "You already know" not in text


def test_the_ask_form_in_chinese(client, alice, bob, dana, acme, channel, dana_channel):
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    _connect(alice, bob)
    client.force_login(alice)
    text = page_text(client.get(reverse("referrals:ask", args=[dana_channel.pk])))
    assert "你已經認識Bob Chen，對方也是這家公司的推薦人——要直接問對方嗎？" in text
    assert "改問Bob Chen" in text
    text = page_text(client.get(reverse("referrals:ask", args=[channel.pk])))
    assert "你已經認識Bob Chen了。" in text


# --- A fixed number of queries --------------------------------------------------------------


def _queries(client, url, **params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _contacts_at_acme(owner, start, count):
    for i in range(start, start + count):
        contact = contact_create(
            owner=owner,
            name=f"Contact {i}",
            company=["ACME", "愛客美半導體", ""][i % 3],
            email=f"c{i}@acme.example" if i % 3 == 2 else "",
        )
        if i % 2:
            interaction_log(owner=owner, contact=contact, kind="call", occurred_at=timezone.now())


def _referrers_known(owner, company, start, count):
    for i in range(start, start + count):
        member = make_member(f"known{i}@example.com", f"Known {i}")
        make_channel(member, company)
        _connect(owner, member)
        if i % 2:  # a connection no longer in the contacts
            contact_delete(contact=Contact.objects.get(owner=owner, member=member), owner=owner)


@pytest.mark.parametrize("sort", ["active", "fast"])
def test_the_company_page_runs_as_many_queries_whoever_you_know(client, alice, acme, channel, sort):
    """1 and 34 people known (contacts, connections, referrers among them): the same count, one
    more than with nobody known (the rows of the contacts found); and a visitor's page, which
    runs none of the warm-path queries, stays as it was."""
    url = acme.get_absolute_url()
    visitor = _queries(client, url, sort=sort)
    client.force_login(alice)
    none = _queries(client, url, sort=sort)
    _contacts_at_acme(alice, 0, 1)
    assert len(people_known_at(alice, acme)) == 1
    assert _queries(client, url, sort=sort) == none + 1
    _contacts_at_acme(alice, 1, 29)
    _referrers_known(alice, acme, 0, 4)
    assert len(people_known_at(alice, acme)) == 34
    assert _queries(client, url, sort=sort) == none + 1
    client.logout()
    assert _queries(client, url, sort=sort) == visitor


def test_the_company_list_runs_as_many_queries_whoever_you_know(client, alice, acme):
    for i in range(5):
        company_create(name_en=f"Firm {i}", aliases=[f"F{i}"], website=f"https://f{i}.example")
    client.force_login(alice)
    url = reverse("companies:list")
    plain, search = _queries(client, url), _queries(client, url, q="a")
    _contacts_at_acme(alice, 0, 1)
    assert (_queries(client, url), _queries(client, url, q="a")) == (plain, search)
    _contacts_at_acme(alice, 1, 29)
    _referrers_known(alice, acme, 0, 2)
    for i in range(5):
        contact_create(owner=alice, name=f"At firm {i}", email=f"p@f{i}.example")
    assert (_queries(client, url), _queries(client, url, q="a")) == (plain, search)


def test_each_cards_count_is_the_length_of_its_companys_panel(alice, charlie, acme, channel):
    """The counts are read apart from the panels (four columns, no objects): they must count
    the same people, with every way of knowing someone at a company mixed in."""
    globex = company_create(name_en="Globex", name_zh="環宇", website="https://globex.example")
    initech = company_create(name_en="Initech", aliases=["Initrode"])
    _contacts_at_acme(alice, 0, 12)
    _referrers_known(alice, acme, 0, 3)
    _referrers_known(alice, globex, 3, 2)
    # Named at one company, with an address at another: at both.
    contact_create(owner=alice, name="Two Jobs", company="Initrode", email="tj@globex.example")
    # A connection whose profile names a company: a contact too, then only a connection.
    make_profile(charlie, company="環宇", job_title="Buyer")
    _connect(alice, charlie)
    both = people_known_counts(alice, [acme, globex, initech])
    contact_delete(contact=Contact.objects.get(owner=alice, member=charlie), owner=alice)
    assert people_known_counts(alice, [acme, globex, initech]) == both
    companies = [acme, globex, initech]
    panels = people_known_at_companies(alice, companies)
    assert {pk: len(people) for pk, people in panels.items()} == people_known_counts(
        alice, companies
    )
    assert len(panels[globex.pk]) >= 4 and len(panels[initech.pk]) == 1
