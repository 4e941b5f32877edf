"""People I want to meet: descriptions, current matches, and one notification per new match."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member, page_text, run_tasks
from moderation.services import block_create
from network.models import Industry, MatchNotice, MeetWish, RoleType
from network.services import NetworkError, meet_wish_create, shortlist_add
from network.tests.utils import make_profile
from notifications.models import Kind, Notification


def _new_match_notes(recipient):
    return list(Notification.objects.filter(recipient=recipient, kind=Kind.NEW_MATCH))


def test_wishes_page_needs_a_login(client, db):
    response = client.get(reverse("network:wishes"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_a_description_and_see_who_fits(client, alice, bob, dana):
    make_profile(
        bob,
        role_type=RoleType.HIRING_MANAGER,
        industry=Industry.SEMICONDUCTORS,
        company="Acme Semiconductor",
        job_title="Engineering manager",
        city="Hsinchu",
    )
    make_profile(dana, role_type=RoleType.FOUNDER, company="Dana Labs", city="Taipei")
    client.force_login(alice)
    response = client.post(
        reverse("network:wishes"),
        {"role_type": "hiring_manager", "industry": "", "company": "acme", "city": ""},
    )
    assert response.status_code == 302
    wish = MeetWish.objects.get(owner=alice)
    assert (wish.role_type, wish.company) == ("hiring_manager", "acme")
    response = client.get(reverse("network:wishes"))
    (shown,) = response.context["wishes"]
    assert [p.user for p in shown.matches] == [bob]
    assert shown.match_count == 1
    page = page_text(response)
    assert "Engineering manager at Acme Semiconductor" in page
    assert "1 member fits this description." in page


def test_an_empty_description_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(reverse("network:wishes"), {"company": "  "})
    assert response.status_code == 200
    assert "at least one of role type, industry, company or city" in page_text(response)
    assert not MeetWish.objects.exists()
    with pytest.raises(NetworkError):
        meet_wish_create(owner=alice)


def test_several_descriptions_each_get_their_own_matches(alice, bob, charlie, dana):
    from network.selectors import wish_matches, wishes_of

    make_profile(bob, role_type=RoleType.HIRING_MANAGER, city="Hsinchu")
    make_profile(charlie, role_type=RoleType.HIRING_MANAGER, city="Taipei")
    make_profile(dana, role_type=RoleType.FOUNDER, city="Taipei")
    make_profile(alice, role_type=RoleType.FOUNDER, city="Taipei")  # never matches herself
    meet_wish_create(owner=alice, role_type=RoleType.HIRING_MANAGER)
    meet_wish_create(owner=alice, city="taipei")
    meet_wish_create(owner=alice, industry=Industry.LEGAL)
    wishes = list(wishes_of(alice))
    wish_matches(owner=alice, wishes=wishes, per_wish=1)
    managers, taipei, legal = wishes
    assert managers.match_count == 2 and len(managers.matches) == 1
    assert taipei.match_count == 2 and len(taipei.matches) == 1
    assert {p.user for p in taipei.matches} <= {charlie, dana}
    assert legal.match_count == 0 and legal.matches == []
    wish_matches(owner=alice, wishes=wishes)
    assert {p.user for p in managers.matches} == {bob, charlie}
    assert {p.user for p in taipei.matches} == {charlie, dana}


def _members(n, start=0):
    for i in range(start, start + n):
        member = make_member(f"w{i}@example.com", f"Member {i}")
        make_profile(
            member,
            role_type=[RoleType.EXPERT, RoleType.FOUNDER][i % 2],
            industry=Industry.SOFTWARE,
            company=f"Company {i}",
            city="Taipei",
        )
        yield member


def _count(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("network:wishes"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_wishes_page_runs_a_constant_number_of_queries(client, alice):
    client.force_login(alice)
    first = list(_members(2))
    meet_wish_create(owner=alice, role_type=RoleType.EXPERT)
    shortlist_add(owner=alice, member=first[0], note="Say hi")
    small, response = _count(client)
    assert response.context["wishes"][0].match_count == 1
    more = list(_members(30, start=2))
    for wish in [
        {"role_type": RoleType.FOUNDER},
        {"city": "taipei"},
        {"industry": Industry.SOFTWARE, "company": "company 1"},
    ]:
        meet_wish_create(owner=alice, **wish)
    for member in more[:10]:
        shortlist_add(owner=alice, member=member)
    large, response = _count(client)
    assert [w.match_count for w in response.context["wishes"]] == [16, 16, 32, 11]
    assert all(len(w.matches) == 6 for w in response.context["wishes"])
    assert len(response.context["shortlist"]) == 11
    assert small == large


def test_a_new_match_is_notified_once_with_an_email(client, alice, bob):
    wish = meet_wish_create(owner=alice, role_type=RoleType.HIRING_MANAGER, city="hsinchu")
    make_profile(bob, role_type=RoleType.PEER, city="Hsinchu")
    assert _new_match_notes(alice) == []
    # Bob becomes a hiring manager: now he fits.
    make_profile(bob, role_type=RoleType.HIRING_MANAGER, city="Hsinchu")
    (note,) = _new_match_notes(alice)
    assert note.actor == bob and note.url == reverse("network:member", args=[bob.pk])
    assert MatchNotice.objects.filter(wish=wish, member=bob).count() == 1
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert "Bob Chen matches the people you want to meet." in mail.outbox[0].subject + str(
        mail.outbox[0].body
    )
    # Saving again, leaving and coming back: never a second notice for the same pair.
    make_profile(bob, role_type=RoleType.HIRING_MANAGER, city="Hsinchu", job_title="EM")
    make_profile(bob, role_type=RoleType.PEER, city="Hsinchu")
    make_profile(bob, role_type=RoleType.HIRING_MANAGER, city="Hsinchu")
    make_profile(bob, listed=False, role_type=RoleType.HIRING_MANAGER, city="Hsinchu")
    make_profile(bob, role_type=RoleType.HIRING_MANAGER, city="Hsinchu")
    assert len(_new_match_notes(alice)) == 1


def test_a_member_who_joins_the_directory_fitting_a_wish_is_notified(alice, bob):
    meet_wish_create(owner=alice, company="acme")
    make_profile(bob, listed=False, company="Acme Semiconductor")
    assert _new_match_notes(alice) == []  # not listed: nobody is told
    make_profile(bob, listed=True, company="Acme Semiconductor")
    assert len(_new_match_notes(alice)) == 1


def test_already_fitting_members_do_not_notify_when_they_edit(alice, bob):
    make_profile(bob, company="Acme")
    meet_wish_create(owner=alice, company="acme")  # Bob is already shown on Alice's page
    make_profile(bob, company="Acme", job_title="Now a manager")
    assert _new_match_notes(alice) == []


def test_one_notification_per_owner_even_with_two_fitting_wishes(alice, bob, charlie):
    meet_wish_create(owner=alice, company="acme")
    meet_wish_create(owner=alice, city="hsinchu")
    meet_wish_create(owner=charlie, role_type=RoleType.EXPERT)
    make_profile(bob, company="Acme", city="Hsinchu", role_type=RoleType.EXPERT)
    assert len(_new_match_notes(alice)) == 1
    assert len(_new_match_notes(charlie)) == 1
    assert MatchNotice.objects.filter(member=bob).count() == 3
    assert _new_match_notes(bob) == []


def test_own_wishes_and_blocked_owners_are_not_notified(alice, bob):
    meet_wish_create(owner=bob, company="acme")  # bob's own wish
    meet_wish_create(owner=alice, company="acme")
    block_create(blocker=bob, blocked=alice)
    make_profile(bob, company="Acme")
    assert _new_match_notes(bob) == []
    assert _new_match_notes(alice) == []


def test_match_notification_checks_wishes_in_a_constant_number_of_queries(alice, bob):
    def queries_for_save():
        with CaptureQueriesContext(connection) as ctx:
            make_profile(bob, company="Nowhere", job_title="Engineer")
        return len(ctx.captured_queries)

    make_profile(bob, company="Nowhere")
    meet_wish_create(owner=alice, company="acme")
    few = queries_for_save()
    owners = [make_member(f"o{i}@example.com", f"Owner {i}") for i in range(15)]
    for owner in owners:
        meet_wish_create(owner=owner, company="acme")
        meet_wish_create(owner=owner, industry=Industry.LEGAL)
    assert queries_for_save() == few


def test_deleting_a_description_is_for_its_owner_only(client, alice, charlie):
    wish = meet_wish_create(owner=alice, city="Taipei")
    url = reverse("network:wish_delete", args=[wish.pk])
    client.force_login(charlie)
    assert client.post(url).status_code == 404
    client.force_login(alice)
    assert client.post(url).status_code == 302
    assert not MeetWish.objects.exists()


def test_the_list_of_descriptions_is_capped(alice):
    from network.services import MAX_WISHES

    for i in range(MAX_WISHES):
        meet_wish_create(owner=alice, city=f"City {i}")
    with pytest.raises(NetworkError, match="up to"):
        meet_wish_create(owner=alice, city="One more")


def test_saved_members_appear_with_their_note(client, alice, bob, charlie):
    make_profile(bob, job_title="Engineer", company="Acme")
    make_profile(charlie)
    shortlist_add(owner=alice, member=bob, note="Ask about chips")
    shortlist_add(owner=alice, member=charlie)
    make_profile(charlie, listed=False)  # no longer listed: dropped from the page
    client.force_login(alice)
    page = page_text(client.get(reverse("network:wishes")))
    assert "Ask about chips" in page and "Engineer at Acme" in page
    assert "Charlie Wu" not in page
    client.force_login(charlie)
    assert "Ask about chips" not in page_text(client.get(reverse("network:wishes")))


def test_a_city_in_either_language_finds_and_tells(client, alice, bob, dana):
    """ "台北" describes members in "Taipei City" too, on the page and in the new-match notice."""
    make_profile(bob, city="Taipei City")
    meet_wish_create(owner=alice, city="台北")
    client.force_login(alice)
    (shown,) = client.get(reverse("network:wishes")).context["wishes"]
    assert [p.user for p in shown.matches] == [bob]
    make_profile(dana, city="臺北市")
    assert [n.actor for n in _new_match_notes(alice)] == [dana]
