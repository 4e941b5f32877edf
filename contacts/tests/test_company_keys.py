"""What a company's page knows a contact by: kept by the services on every write, and filled in
for contacts made before (migration 0004)."""

import importlib

from django.apps import apps

from contacts.linkedin import contacts_import_linkedin
from contacts.models import Contact
from contacts.services import contact_create, contact_update
from network.models import NetworkProfile
from network.tests.utils import make_profile


def test_the_services_keep_the_company_key_and_the_e_mail_domain(alice):
    contact = contact_create(
        owner=alice, name="Mei", company="台灣積體電路製造股份有限公司", email="Mei@TSMC.com"
    )
    assert (contact.company_search_key, contact.email_domain) == ("台湾积体电路制造", "tsmc.com")
    contact = contact_update(contact=contact, owner=alice, company="Acme, Inc.", email="")
    contact.refresh_from_db()
    assert (contact.company_search_key, contact.email_domain) == ("acme", "")


def test_a_linkedin_import_keeps_them_too(alice):
    export = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Mei,Lin,https://www.linkedin.com/in/meilin,mei@globex.example,Globex LLC,,15 Mar 2024\r\n"
    )
    contacts_import_linkedin(owner=alice, data=export.encode())
    contact = Contact.objects.get(owner=alice)
    assert (contact.company_search_key, contact.email_domain) == ("globex", "globex.example")


def test_the_migrations_fill_them_in_for_what_was_there(alice, bob):
    contact = contact_create(
        owner=alice, name="Mei", company="ＡＣＭＥ Corp.", email="m@acme.example"
    )
    Contact.objects.update(company_search_key="", email_domain="")
    make_profile(bob, company="Globex Ltd")
    NetworkProfile.objects.update(company_search_key="")
    importlib.import_module("contacts.migrations.0004_warm_path_keys").fill_keys(apps, None)
    importlib.import_module("network.migrations.0004_warm_path_keys").fill_keys(apps, None)
    contact.refresh_from_db()
    assert (contact.company_search_key, contact.email_domain) == ("acme", "acme.example")
    assert NetworkProfile.objects.get(user=bob).company_search_key == "globex"
