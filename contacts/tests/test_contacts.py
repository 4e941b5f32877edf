"""Contacts: add, edit, delete, list with search and tag filter; private to their owner."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import page_text
from contacts.models import Contact
from contacts.services import ContactError, contact_create, contact_update


def test_add_contact_through_the_form(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("contacts:add"),
        {
            "name": "王小明",
            "company": "台積電",
            "title": "資深經理",
            "email": "Ming@Example.com",
            "tags": ["hiring_manager", "senior_leader"],
            "how_we_met": "Taipei meetup",
            "linkedin_url": "https://www.linkedin.com/in/ming/",
            "cadence_days": "30",
        },
    )
    contact = Contact.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()
    assert contact.name == "王小明"
    assert contact.email == "ming@example.com"
    assert contact.tags == "|hiring_manager|senior_leader|"
    assert contact.next_due_at is not None  # cadence counted from today
    page = page_text(client.get(contact.get_absolute_url()))
    assert "台積電" in page and "Taipei meetup" in page


def test_name_is_required(client, alice):
    client.force_login(alice)
    response = client.post(reverse("contacts:add"), {"name": ""})
    assert response.status_code == 200
    assert not Contact.objects.exists()
    with pytest.raises(ContactError):
        contact_create(owner=alice, name="  ")


def test_edit_and_delete(client, alice):
    contact = contact_create(owner=alice, name="Mei Lin", company="Acme")
    client.force_login(alice)
    response = client.post(
        reverse("contacts:edit", args=[contact.pk]),
        {"name": "Mei Lin", "company": "Globex", "tags": ["investor"]},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.company, contact.tags) == ("Globex", "|investor|")
    response = client.post(reverse("contacts:delete", args=[contact.pk]))
    assert response.status_code == 302
    assert not Contact.objects.exists()


def test_contacts_are_private(client, alice, charlie):
    contact = contact_create(owner=alice, name="Mei Lin", notes="secret note")
    client.force_login(charlie)
    for name in ("contacts:detail", "contacts:edit", "contacts:log", "contacts:follow_up"):
        assert client.get(reverse(name, args=[contact.pk])).status_code == 404
    assert client.post(reverse("contacts:delete", args=[contact.pk])).status_code == 404
    assert "Mei Lin" not in page_text(client.get(reverse("contacts:list")))
    with pytest.raises(ContactError):
        contact_update(contact=contact, owner=charlie, name="Hacked")
    client.logout()
    response = client.get(reverse("contacts:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_search_and_tag_filter(client, alice):
    contact_create(owner=alice, name="陳大文", company="Google", tags=["investor"])
    contact_create(owner=alice, name="José Núñez", company="Acme", tags=["peer"])
    contact_create(owner=alice, name="Ann Lee", company="Acme", title="Founder", tags=["founder"])
    client.force_login(alice)
    page = page_text(client.get(reverse("contacts:list"), {"q": "acme"}))
    assert "José Núñez" in page and "Ann Lee" in page and "陳大文" not in page
    page = page_text(client.get(reverse("contacts:list"), {"q": "大文"}))
    assert "陳大文" in page and "Ann Lee" not in page
    page = page_text(client.get(reverse("contacts:list"), {"tag": "peer"}))
    assert "José Núñez" in page and "Ann Lee" not in page and "陳大文" not in page
    page = page_text(client.get(reverse("contacts:list"), {"tag": "peer", "q": "ann"}))
    assert "No contact matches." in page


def _list_queries(client, alice, count):
    for i in range(count):
        contact_create(owner=alice, name=f"Person {i}", company="Acme", tags=["peer"])
    from contacts.services import interaction_log

    for contact in Contact.objects.filter(owner=alice):
        from django.utils import timezone

        interaction_log(
            owner=alice, contact=contact, kind="call", occurred_at=timezone.now(), topics="x"
        )
    client.force_login(alice)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("contacts:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_list_runs_a_constant_number_of_queries(client, alice, bob):
    small = _list_queries(client, alice, 2)
    large = _list_queries(client, bob, 20)
    assert small == large
