"""Contacts in and out as files through the API: LinkedIn's Connections.csv imported by the
page's form and service (the same counts, the same refusals, all or nothing), and the CSV and
vCard downloads the contacts page offers, byte for byte, of the token's member only."""

import csv
import io

import pytest
import vobject
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from api.main import api
from api.models import Scope
from api.tests.conftest import token_for
from conftest import make_member, page_text
from contacts.models import Contact, ContactImport
from contacts.services import contact_create
from contacts.tests.test_import import EXPORT

MEI_AGAIN = "Mei,Lin,https://www.linkedin.com/in/meilin,,Acme,Engineer,15 Mar 2024\r\n"


def _file(text: str, name: str = "Connections.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), content_type="text/csv")


def _import(api_client, token, text: str = EXPORT, **extra):
    return api_client.post_form("/api/contacts/import", {"file": _file(text)}, token=token, **extra)


def test_an_import_says_what_the_page_says(api_client, client, alice, bob):
    contact_create(owner=alice, name="Mei Lin", linkedin_url="https://www.linkedin.com/in/meilin")
    response = _import(api_client, token_for(alice), EXPORT + MEI_AGAIN + MEI_AGAIN)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["created"], data["matched"], data["repeated"], data["skipped"]) == (3, 1, 2, 0)
    assert data["summary"] == [
        "Imported 3 new contacts.",
        "1 person was already in your contacts and was not added again.",
        "2 rows repeated people listed earlier in the file and were counted once.",
    ]
    assert Contact.objects.filter(owner=alice).count() == 4
    assert not Contact.objects.filter(owner=bob).exists()
    record = ContactImport.objects.get(owner=alice)
    assert (record.filename, record.created_count, record.matched_count) == (
        "Connections.csv",
        3,
        1,
    )
    # The page, given the same file for another member, says the same sentences.
    client.force_login(bob)
    contact_create(owner=bob, name="Mei Lin", linkedin_url="https://www.linkedin.com/in/meilin")
    page = page_text(
        client.post(
            reverse("contacts:import"), {"file": _file(EXPORT + MEI_AGAIN + MEI_AGAIN)}, follow=True
        )
    )
    assert all(sentence in page for sentence in data["summary"])


def test_the_summary_speaks_the_members_language(api_client, db):
    mei = make_member("mei@example.com", "Mei", language="zh-hant")
    data = _import(api_client, token_for(mei)).json()
    assert data["created"] == 4
    assert "4" in data["summary"][0] and "Imported" not in data["summary"][0]


@pytest.mark.parametrize(
    "text, field_message",
    [
        (EXPORT + "Kevin,Lin\r\n", "Line 9 has 2 columns instead of 7. Nothing was imported."),
        ("Name,E-mail\r\nMei,mei@example.com\r\n", "does not look like a LinkedIn Connections"),
        (EXPORT + 'A,B,https://x.example,,"Acme,Eng,15 Mar 2024\r\n', "is not valid CSV"),
        (EXPORT + "A,B,https://x.example,,Acme,Eng,31 Foo 2024\r\n", "a date we cannot read"),
    ],
)
def test_a_bad_file_is_a_400_and_nothing_is_saved(api_client, alice, text, field_message):
    contact_create(owner=alice, name="Grace Hsu")
    response = _import(api_client, token_for(alice), text)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert field_message in data["detail"]
    assert data["errors"] == [{"field": "file", "message": data["detail"]}]
    assert list(Contact.objects.filter(owner=alice).values_list("name", flat=True)) == ["Grace Hsu"]
    assert not ContactImport.objects.exists()


def test_a_refusal_speaks_the_members_language(api_client, db):
    mei = make_member("mei@example.com", "Mei", language="zh-hant")
    response = _import(api_client, token_for(mei), "Name\r\nMei\r\n")
    assert response.status_code == 400
    assert "LinkedIn" in response.json()["detail"]
    assert "does not look like" not in response.json()["detail"]
    assert response["Content-Language"] == "zh-hant"
    assert not Contact.objects.exists()


def test_the_pages_form_checks_the_file(api_client, alice, monkeypatch):
    from contacts import forms

    token = token_for(alice)
    empty = api_client.post_form(
        "/api/contacts/import", {"file": SimpleUploadedFile("c.csv", b"")}, token=token
    )
    assert empty.status_code == 400
    assert empty.json()["errors"] == [{"field": "file", "message": "The file you sent is empty."}]
    # The page's size limit, before anything is read.
    monkeypatch.setattr(forms, "MAX_BYTES", 100)
    response = _import(api_client, token)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("This file is larger than")
    # No file at all: the schema's 422.
    assert api_client.post_form("/api/contacts/import", {}, token=token).status_code == 422
    assert not Contact.objects.exists() and not ContactImport.objects.exists()


def test_importing_needs_write_access(api_client, alice):
    response = _import(api_client, token_for(alice, Scope.READ))
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert not Contact.objects.exists() and not ContactImport.objects.exists()
    assert _import(api_client, None).status_code == 401


@pytest.fixture
def address_books(alice, bob):
    contact_create(
        owner=alice,
        name="王小明",
        email="ming@example.com",
        company="台積電",
        title="資深經理, 製程",
        tags=["hiring_manager", "peer"],
        notes="Likes hiking.",
        cadence_days=30,
    )
    contact_create(owner=alice, name="=HYPERLINK(evil)", company="Acme")
    contact_create(owner=bob, name="Bob's secret contact", email="secret@example.com")


def test_the_csv_is_the_pages_file_of_the_members_contacts(
    api_client, client, alice, address_books
):
    response = api_client.get("/api/contacts/export.csv", token=token_for(alice, Scope.READ))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="guanxi-contacts-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Name"] for r in rows] == ["'=HYPERLINK(evil)", "王小明"]
    assert rows[1]["Tags"] == "Hiring manager, Peer"
    assert "secret" not in response.content.decode()
    client.force_login(alice)
    page = client.get(reverse("contacts:export_csv"))
    assert response.content == page.content
    assert response["Content-Disposition"] == page["Content-Disposition"]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_the_vcard_is_the_pages_file_of_the_members_contacts(
    api_client, client, alice, address_books, version
):
    response = api_client.get(
        f"/api/contacts/export.vcf?version={version}", token=token_for(alice, Scope.READ)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"].endswith('.vcf"')
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode()
    cards = list(vobject.readComponents(text))
    assert sorted(c.fn.value for c in cards) == ["=HYPERLINK(evil)", "王小明"]
    assert {c.version.value for c in cards} == {version}
    assert "secret" not in text
    client.force_login(alice)
    assert (
        response.content
        == client.get(reverse("contacts:export_vcard"), {"version": version}).content
    )


def test_vcard_3_is_the_default_and_other_versions_are_refused(api_client, alice, address_books):
    token = token_for(alice)
    assert "VERSION:3.0" in api_client.get("/api/contacts/export.vcf", token=token).content.decode()
    response = api_client.get("/api/contacts/export.vcf?version=2.1", token=token)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.version"


def test_each_member_downloads_only_their_own(api_client, alice, bob, charlie, address_books):
    for member, expected in [(alice, 2), (bob, 1), (charlie, 0)]:
        token = token_for(member, Scope.READ)
        text = api_client.get("/api/contacts/export.csv", token=token).content.decode("utf-8-sig")
        assert len(list(csv.DictReader(io.StringIO(text)))) == expected
        cards = api_client.get("/api/contacts/export.vcf", token=token).content.decode()
        assert cards.count("BEGIN:VCARD") == expected
        assert ("secret@example.com" in text + cards) == (member == bob)
        assert ("台積電" in text + cards) == (member == alice)


def test_downloads_need_a_token_and_answer_its_owners_language(api_client, db):
    response = api_client.get("/api/contacts/export.csv")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    mei = make_member("mei@example.com", "Mei", language="zh-hant")
    contact_create(owner=mei, name="許家豪")
    text = api_client.get("/api/contacts/export.csv", token=token_for(mei)).content.decode()
    assert text.splitlines()[0].startswith("\ufeff") and "Name" not in text.splitlines()[0]


def test_the_schema_says_they_are_files():
    paths = api.get_openapi_schema()["paths"]
    csv_answers = paths["/api/contacts/export.csv"]["get"]["responses"]
    assert set(csv_answers[200]["content"]) == {"text/csv"}
    assert set(csv_answers[401]["content"]) == {"application/json"}
    vcard_answers = paths["/api/contacts/export.vcf"]["get"]["responses"]
    assert set(vcard_answers[200]["content"]) == {"text/vcard"}
    upload = paths["/api/contacts/import"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
