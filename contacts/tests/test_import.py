"""Import a LinkedIn Connections export in its real layout; all or nothing; no duplicates."""

from pathlib import Path

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import page_text
from contacts.linkedin import contacts_import_linkedin
from contacts.models import Contact, ContactImport
from contacts.services import contact_create

EXPORT = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting https://www.linkedin."
    "com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/"
    'answer/261"\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Mei,Lin,https://www.linkedin.com/in/meilin,,Acme Semiconductor,Senior Engineer,"
    "15 Mar 2024\r\n"
    "小明,王,https://www.linkedin.com/in/wang-xiaoming-12345,ming@example.com,台積電,"
    "資深經理,02 Jan 2023\r\n"
    'José,Núñez,https://www.linkedin.com/in/jose-nunez,,"Globex, Inc.",'
    '"Director, Product",28 Feb 2022\r\n'
    "Zoë,Müller-Lüdenscheidt,https://www.linkedin.com/in/zoe-mueller,zoe@example.de,,,"
    "07 Nov 2021\r\n"
)


def upload(text: str, name: str = "Connections.csv", bom: bool = True) -> SimpleUploadedFile:
    data = ("\ufeff" if bom else "") + text
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


def test_import_a_real_linkedin_export(client, alice):
    client.force_login(alice)
    response = client.post(reverse("contacts:import"), {"file": upload(EXPORT)})
    assert response.status_code == 302
    contacts = {c.name: c for c in Contact.objects.filter(owner=alice)}
    assert set(contacts) == {"Mei Lin", "王小明", "José Núñez", "Zoë Müller-Lüdenscheidt"}
    jose = contacts["José Núñez"]
    assert (jose.company, jose.title, jose.email) == ("Globex, Inc.", "Director, Product", "")
    assert jose.connected_on.isoformat() == "2022-02-28"
    ming = contacts["王小明"]
    assert (ming.email, ming.company, ming.source) == ("ming@example.com", "台積電", "linkedin")
    assert contacts["Mei Lin"].linkedin_url == "https://www.linkedin.com/in/meilin"
    record = ContactImport.objects.get(owner=alice)
    assert (record.created_count, record.matched_count) == (4, 0)
    page = page_text(client.get(reverse("contacts:import"), follow=True))
    assert "4 new, 0 already known" in page


def test_reimporting_creates_no_duplicates_and_fills_blanks(alice):
    contacts_import_linkedin(owner=alice, data=EXPORT.encode())
    # Mei's e-mail appears in a later export; a URL written differently still matches.
    later = EXPORT.replace(
        "https://www.linkedin.com/in/meilin,,", "http://linkedin.com/in/MeiLin/,mei@example.com,"
    )
    result = contacts_import_linkedin(owner=alice, data=later.encode("utf-8-sig"))
    assert Contact.objects.filter(owner=alice).count() == 4
    assert (result.created, result.matched, result.repeated) == (0, 4, 0)
    assert Contact.objects.get(owner=alice, name="Mei Lin").email == "mei@example.com"


def test_matches_by_email_then_by_name_and_company(alice):
    contact_create(owner=alice, name="Zoe Muller", email="ZOE@example.de")
    contact_create(owner=alice, name="JOSÉ  NÚÑEZ", company="Globex, Inc")
    contacts_import_linkedin(owner=alice, data=EXPORT.encode())
    assert Contact.objects.filter(owner=alice).count() == 4
    jose = Contact.objects.get(owner=alice, name="JOSÉ  NÚÑEZ")
    assert jose.linkedin_url == "https://www.linkedin.com/in/jose-nunez"


MEI_AGAIN = "Mei,Lin,https://www.linkedin.com/in/meilin,,Acme,Engineer,15 Mar 2024\r\n"


def test_the_same_person_twice_in_one_file_is_one_contact(alice):
    contacts_import_linkedin(owner=alice, data=(EXPORT + MEI_AGAIN).encode())
    assert Contact.objects.filter(owner=alice, name="Mei Lin").count() == 1


def test_a_row_repeated_in_the_file_is_not_called_already_in_your_contacts(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("contacts:import"), {"file": upload(EXPORT + MEI_AGAIN)}, follow=True
    )
    record = ContactImport.objects.get(owner=alice)
    assert (record.created_count, record.matched_count) == (4, 0)
    page = page_text(response)
    assert "Imported 4 new contacts." in page
    assert "1 row repeated a person listed earlier in the file and was counted once." in page
    assert "already in your contacts" not in page


def test_repeats_of_someone_already_in_the_contacts_are_counted_once(client, alice):
    contact_create(owner=alice, name="Mei Lin", linkedin_url="https://www.linkedin.com/in/meilin")
    client.force_login(alice)
    twice_more = EXPORT + MEI_AGAIN + MEI_AGAIN
    response = client.post(reverse("contacts:import"), {"file": upload(twice_more)}, follow=True)
    page = page_text(response)
    assert "Imported 3 new contacts." in page
    assert "1 person was already in your contacts and was not added again." in page
    assert "2 rows repeated people listed earlier in the file and were counted once." in page
    assert Contact.objects.filter(owner=alice).count() == 4


def test_imports_are_per_owner(alice, bob):
    contacts_import_linkedin(owner=alice, data=EXPORT.encode())
    contacts_import_linkedin(owner=bob, data=EXPORT.encode())
    assert Contact.objects.filter(owner=bob).count() == 4


def _refused(client, alice, text, expected):
    client.force_login(alice)
    response = client.post(reverse("contacts:import"), {"file": upload(text)})
    assert response.status_code == 200
    assert expected in page_text(response)
    assert not Contact.objects.filter(owner=alice).exists()
    assert not ContactImport.objects.exists()


def test_a_row_with_missing_columns_imports_nothing(client, alice):
    broken = EXPORT + "Ann,Lee,https://www.linkedin.com/in/ann\r\n"
    _refused(client, alice, broken, "Line 9 has 3 columns instead of 7. Nothing was imported.")


def test_an_unreadable_date_imports_nothing(client, alice):
    broken = EXPORT.replace("15 Mar 2024", "someday")
    _refused(client, alice, broken, "Line 5 has a date we cannot read")


def test_an_unclosed_quote_imports_nothing(client, alice):
    broken = EXPORT + 'Ann,Lee,https://www.linkedin.com/in/ann,,"Acme,Engineer,01 Jan 2020\r\n'
    _refused(client, alice, broken, "Line 9 is not valid CSV")


def test_a_malformed_quoted_field_is_reported_on_its_own_line(client, alice):
    # The reader only fails further on, once it has read the lines after the bad record.
    bad = 'Ann,Lee,https://www.linkedin.com/in/ann,,"Acme,Engineer,01 Jan 2020\r\n'
    good = "Bo,Wu,https://www.linkedin.com/in/bowu,,Initech,Analyst,02 Jan 2020\r\n"
    _refused(client, alice, EXPORT + bad + good, "Line 9 is not valid CSV")
    stray = 'Ann,Lee,https://www.linkedin.com/in/ann,,"Acme" Inc,Engineer,01 Jan 2020\r\n'
    _refused(client, alice, EXPORT + stray + good, "Line 9 is not valid CSV")


def test_a_problem_in_a_record_over_several_lines_names_its_first_line(client, alice):
    row = 'Ann,Lee,https://www.linkedin.com/in/ann,,Acme,"Engineer\r\nand mentor",someday\r\n'
    _refused(client, alice, EXPORT + row, "Line 9 has a date we cannot read")


def test_a_file_that_is_not_a_linkedin_export(client, alice):
    _refused(client, alice, "Name,Phone\r\nAnn,123\r\n", "header line")
    client.force_login(alice)
    binary = SimpleUploadedFile("x.csv", b"\xff\xd8\xff\xe0" * 10, content_type="text/csv")
    response = client.post(reverse("contacts:import"), {"file": binary})
    assert "Nothing was imported" in page_text(response) or "UTF-8" in page_text(response)
    assert not Contact.objects.exists()


def test_upload_size_limit(client, alice, settings, monkeypatch):
    import contacts.forms
    import contacts.linkedin

    monkeypatch.setattr(contacts.linkedin, "MAX_BYTES", 1000)
    monkeypatch.setattr(contacts.forms, "MAX_BYTES", 1000)
    client.force_login(alice)
    response = client.post(reverse("contacts:import"), {"file": upload(EXPORT * 3)})
    assert response.status_code == 200
    assert "larger than" in page_text(response)
    assert not Contact.objects.exists()


def test_import_page_is_for_members(client):
    response = client.get(reverse("contacts:import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_chinese_messages_say_nothing_was_imported_in_one_wording():
    po = polib.pofile(str(Path(__file__).parents[2] / "locale/zh_Hant/LC_MESSAGES/django.po"))
    refusals = [e for e in po if e.msgid.endswith("Nothing was imported.") and not e.obsolete]
    assert len(refusals) >= 7
    assert [e.msgid for e in refusals if not e.msgstr.endswith("。未匯入任何資料。")] == []
