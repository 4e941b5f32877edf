"""Export as CSV and vCard 3.0 / 4.0, parsed back with the csv module and vobject."""

import csv
import io
import uuid

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


LINKEDIN_EXPORT = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Mary Ann,van der Berg,https://www.linkedin.com/in/maryann,,Acme,Engineer,15 Mar 2024\n"
    "Kevin,Lin,https://www.linkedin.com/in/kevinlin,,Acme,Manager,16 Mar 2024\n"
)


def _cards(client, version) -> dict:
    response = client.get(reverse("contacts:export_vcard"), {"version": version})
    assert response.status_code == 200
    return {c.fn.value: c for c in vobject.readComponents(response.content.decode())}


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_names_and_uids(client, alice, bob, contacts, version):
    """N: holds family;given;;; from the parts we know, and UID is a real, stable urn:uuid."""
    from contacts.linkedin import contacts_import_linkedin

    contacts_import_linkedin(owner=alice, data=LINKEDIN_EXPORT.encode())
    contact_create(owner=alice, name="Kevin Lin 林凱文", member=bob)
    contact_create(owner=alice, name="歐陽娜娜")
    contact_create(owner=alice, name="José Núñez")
    client.force_login(alice)
    cards = _cards(client, version)

    def n(fn):
        name = cards[fn].n.value
        return (name.family, name.given, name.additional, name.prefix, name.suffix)

    assert n("王小明") == ("王", "小明", "", "", "")
    assert n("Mary Ann van der Berg") == ("van der Berg", "Mary Ann", "", "", "")  # as imported
    assert n("Kevin Lin") == ("Lin", "Kevin", "", "", "")
    assert n("Kevin Lin 林凱文") == ("Lin", "Kevin", "", "", "")
    assert n("歐陽娜娜") == ("歐陽", "娜娜", "", "", "")
    assert n("José Núñez") == ("Núñez", "José", "", "", "")

    uids = {}
    for fn, card in cards.items():
        value = card.uid.value
        assert value.startswith("urn:uuid:")
        parsed = uuid.UUID(value.removeprefix("urn:uuid:"))
        assert str(parsed) == value.removeprefix("urn:uuid:") and parsed.version == 5
        uids[fn] = value
    assert len(set(uids.values())) == len(uids)  # one per contact
    again = _cards(client, version)
    assert {fn: card.uid.value for fn, card in again.items()} == uids  # stable


def test_renaming_a_contact_drops_the_parts_of_the_old_name(client, alice):
    from contacts.linkedin import contacts_import_linkedin
    from contacts.models import Contact
    from contacts.services import contact_update

    contacts_import_linkedin(owner=alice, data=LINKEDIN_EXPORT.encode())
    kevin = Contact.objects.get(owner=alice, name="Kevin Lin")
    assert (kevin.family_name, kevin.given_name) == ("Lin", "Kevin")
    contact_update(contact=kevin, owner=alice, name="Kevin Lin-Wang")
    client.force_login(alice)
    name = _cards(client, "4.0")["Kevin Lin-Wang"].n.value
    assert (name.family, name.given) == ("Lin-Wang", "Kevin")
