"""Duplicates across imports are found and merged on request."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import page_text
from contacts.linkedin import contacts_import_linkedin
from contacts.models import Contact, FollowUp, Interaction
from contacts.selectors import duplicate_groups
from contacts.services import contact_create, follow_up_create, interaction_log

EXPORT = (
    "Notes:\n\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Mei,Lin,https://www.linkedin.com/in/meilin,,Acme,Engineer,15 Mar 2024\n"
)


def test_duplicates_are_found_by_url_email_and_name(alice, bob):
    contacts_import_linkedin(owner=alice, data=EXPORT.encode())
    a = contact_create(owner=alice, name="Lin Mei", linkedin_url="https://linkedin.com/in/MeiLin/")
    b = contact_create(owner=alice, name="Ann", email="ann@example.com")
    c = contact_create(owner=alice, name="Ann Lee", email="ANN@example.com")
    d = contact_create(owner=alice, name="ann lee", company="Other")
    contact_create(owner=alice, name="Unrelated")
    contact_create(owner=bob, name="Ann Lee")
    groups = sorted((sorted(x.pk for x in g) for g in duplicate_groups(alice)), key=lambda g: g[0])
    mei = Contact.objects.get(owner=alice, name="Mei Lin")
    assert groups == sorted([sorted([mei.pk, a.pk]), sorted([b.pk, c.pk, d.pk])])


def test_merge_moves_history_and_fills_blanks(client, alice):
    now = timezone.now()
    keep = contact_create(owner=alice, name="Mei Lin", company="Acme", tags=["peer"])
    other = contact_create(
        owner=alice,
        name="Mei Lin",
        email="mei@example.com",
        title="Engineer",
        tags=["expert"],
        cadence_days=10,
    )
    interaction_log(
        owner=alice,
        contact=other,
        kind="coffee",
        occurred_at=now - datetime.timedelta(days=2),
        topics="visas",
    )
    follow_up_create(owner=alice, contact=other, topic="Send article", due_on=now.date())
    client.force_login(alice)
    page = page_text(client.get(reverse("contacts:duplicates")))
    assert "Keep this one and merge the others into it" in page
    response = client.post(
        reverse("contacts:merge", args=[keep.pk]), {"merge": [keep.pk, other.pk]}
    )
    assert response.status_code == 302
    assert list(Contact.objects.filter(owner=alice)) == [keep]
    keep.refresh_from_db()
    assert (keep.company, keep.email, keep.title) == ("Acme", "mei@example.com", "Engineer")
    assert keep.tags == "|expert|peer|"
    assert keep.cadence_days == 10
    assert Interaction.objects.get().contact == keep
    assert FollowUp.objects.get().contact == keep
    assert keep.last_interaction.topics == "visas"
    assert keep.next_due_at is not None and keep.attention_at is not None
    assert "No duplicates found." in page_text(client.get(reverse("contacts:duplicates")))


def test_cannot_merge_someone_elses_contact(client, alice, charlie):
    mine = contact_create(owner=alice, name="Mei Lin")
    theirs = contact_create(owner=charlie, name="Mei Lin")
    client.force_login(alice)
    response = client.post(reverse("contacts:merge", args=[mine.pk]), {"merge": [theirs.pk]})
    assert response.status_code == 404
    assert Contact.objects.count() == 2
    client.force_login(charlie)
    response = client.post(reverse("contacts:merge", args=[mine.pk]), {"merge": [theirs.pk]})
    assert response.status_code == 404


def _groups(owner) -> list[set[str]]:
    return sorted(({c.name for c in g} for g in duplicate_groups(owner)), key=sorted)


KEVIN_EXPORT = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Kevin,Lin,https://www.linkedin.com/in/kevin-lin-1a2b3c,,Acme Semiconductor,PM,1 Apr 2024\n"
    "Amy,Lin,https://www.linkedin.com/in/amylin,,Acme Semiconductor,Engineer,1 Apr 2024\n"
)


def test_a_linkedin_contact_and_the_member_contact_in_both_scripts_are_offered(client, alice, bob):
    """The issue's case: "Kevin Lin" from LinkedIn and the member "Kevin Lin 林凱文", same
    company, are one person; Amy Lin, who only shares the family name, is not."""
    contacts_import_linkedin(owner=alice, data=KEVIN_EXPORT.encode())
    bob.display_name = "Kevin Lin 林凱文"
    bob.save(update_fields=["display_name"])
    contact_create(owner=alice, name=bob.public_name, member=bob, company="Acme Semiconductor")
    assert _groups(alice) == [{"Kevin Lin", "Kevin Lin 林凱文"}]
    client.force_login(alice)
    page = page_text(client.get(reverse("contacts:duplicates")))
    assert "Kevin Lin 林凱文" in page and "Amy Lin" not in page
    # Merged into the member's contact, it keeps the parts LinkedIn gave for its name.
    member_contact = Contact.objects.get(owner=alice, member=bob)
    imported = Contact.objects.get(owner=alice, name="Kevin Lin")
    response = client.post(
        reverse("contacts:merge", args=[member_contact.pk]),
        {"merge": [member_contact.pk, imported.pk]},
    )
    assert response.status_code == 302
    member_contact.refresh_from_db()
    assert (member_contact.family_name, member_contact.given_name) == ("Lin", "Kevin")
    assert member_contact.linkedin_url == "https://www.linkedin.com/in/kevin-lin-1a2b3c"
    assert _groups(alice) == []


@pytest.mark.parametrize(
    "first, second",
    [
        ("Kevin Lin", "Lin Kevin"),  # order
        ("Kevin Lin", "KEVIN  lin"),  # case and spacing
        ("José Núñez", "Jose Nunez"),  # accents
        ("林凱文", "林 凱文"),  # spacing in Chinese
        ("林凱文", "林凯文"),  # Traditional and Simplified
        ("林凱文", "Kevin Lin 林凱文"),  # one script on one side, same company
        ("Ｋｅｖｉｎ Ｌｉｎ", "Kevin Lin"),  # full-width letters
    ],
)
def test_names_are_compared_in_normalised_parts(alice, first, second):
    contact_create(owner=alice, name=first, company="Acme")
    contact_create(owner=alice, name=second, company="ACME Inc.")
    assert _groups(alice) == [{first, second}]


@pytest.mark.parametrize(
    "first, second",
    [
        ("Kevin Lin", "Amy Lin"),  # the same family name only
        ("林凱文", "林美玲"),
        ("Lin", "Kevin Lin"),
        ("林", "林凱文"),
        ("Kevin Lin 林凱文", "Kevin Lin 林建宏"),  # the same English name, another person
    ],
)
def test_sharing_a_family_name_is_not_a_duplicate(alice, first, second):
    contact_create(owner=alice, name=first, company="Acme")
    contact_create(owner=alice, name=second, company="Acme")
    assert _groups(alice) == []


def test_a_name_in_one_script_needs_the_same_company(alice):
    contact_create(owner=alice, name="Kevin Lin", company="Acme")
    contact_create(owner=alice, name="Kevin Lin 林凱文", company="Globex")
    contact_create(owner=alice, name="林凱文")
    assert _groups(alice) == []


def test_the_same_linkedin_profile_however_the_url_is_written(alice):
    contact_create(owner=alice, name="K. Lin", linkedin_url="https://www.linkedin.com/in/kevinlin/")
    contact_create(
        owner=alice, name="Kevin", linkedin_url="http://linkedin.com/in/KevinLin?trk=abc#top"
    )
    contact_create(owner=alice, name="林凱文", linkedin_url="tw.linkedin.com/in/kevinlin")
    contact_create(owner=alice, name="Other", linkedin_url="https://www.linkedin.com/in/kevinlin2")
    assert _groups(alice) == [{"K. Lin", "Kevin", "林凱文"}]


def test_the_same_email_address_in_any_case(alice):
    contact_create(owner=alice, name="Kevin", email="Kevin.Lin@Example.com")
    contact_create(owner=alice, name="林凱文", email="kevin.lin@example.com")
    assert _groups(alice) == [{"Kevin", "林凱文"}]


def test_finding_duplicates_takes_a_constant_number_of_queries(
    alice, django_assert_max_num_queries
):
    for i in range(3):
        contact_create(owner=alice, name=f"Person {i} Lin", company="Acme")
    contact_create(owner=alice, name="Lin Person 0", company="Acme")
    with django_assert_max_num_queries(2):
        assert len(duplicate_groups(alice)) == 1
    for i in range(3, 40):
        contact_create(owner=alice, name=f"Person {i} Lin", company="Acme")
        contact_create(owner=alice, name=f"Lin Person {i}", company="Acme")
    with django_assert_max_num_queries(2):
        assert len(duplicate_groups(alice)) == 38
