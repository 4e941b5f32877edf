"""Duplicates across imports are found and merged on request."""

import datetime

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
