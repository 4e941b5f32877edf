"""Export as CSV and vCard 3.0 / 4.0, parsed back with the csv module and vobject."""

import csv
import io

import pytest
import vobject
from django.urls import reverse

from contacts.services import contact_create


@pytest.fixture
def contacts(alice, bob):
    contact_create(
        owner=alice,
        name="王小明",
        email="ming@example.com",
        company="台積電",
        title="資深經理, 製程",
        tags=["hiring_manager", "peer"],
        how_we_met="Taipei meetup; 2024",
        linkedin_url="https://www.linkedin.com/in/ming",
        notes="Likes hiking.\nAsk about the Arizona fab.",
        cadence_days=30,
    )
    contact_create(owner=alice, name="=HYPERLINK(evil)", company="Acme")
    contact_create(owner=bob, name="Bob's secret contact")


def test_csv_export(client, alice, contacts):
    client.force_login(alice)
    response = client.get(reverse("contacts:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    ming = next(r for r in rows if r["Name"] == "王小明")
    assert ming["Company"] == "台積電"
    assert ming["Job title"] == "資深經理, 製程"
    assert ming["Tags"] == "Hiring manager, Peer"
    assert ming["Notes"] == "Likes hiking.\nAsk about the Arizona fab."
    assert ming["Keep in touch every (days)"] == "30"
    # A cell that a spreadsheet would run as a formula is defused.
    assert any(r["Name"] == "'=HYPERLINK(evil)" for r in rows)
    assert "Bob's secret contact" not in response.content.decode()


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_export_parses_back(client, alice, contacts, version):
    client.force_login(alice)
    response = client.get(reverse("contacts:export_vcard"), {"version": version})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    text = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = list(vobject.readComponents(text))
    assert len(cards) == 2
    ming = next(c for c in cards if c.fn.value == "王小明")
    assert ming.version.value == version
    assert ming.email.value == "ming@example.com"
    assert ming.org.value == ["台積電"]
    assert ming.title.value == "資深經理, 製程"
    assert ming.note.value == "Taipei meetup; 2024\n\nLikes hiking.\nAsk about the Arizona fab."
    assert ming.url.value == "https://www.linkedin.com/in/ming"
    assert list(ming.categories.value) == ["Hiring manager", "Peer"]
    assert "Bob's secret contact" not in text


def test_unknown_vcard_version_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("contacts:export_vcard"), {"version": "2.1"}).status_code == 404


def test_exports_need_login(client):
    for name in ("contacts:export_csv", "contacts:export_vcard"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
