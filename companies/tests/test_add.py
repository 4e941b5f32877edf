"""Adding a missing company, with a duplicate warning for a known name, alias or domain."""

import pytest
from django.urls import reverse

from companies.models import Company, CompanyAlias, CompanyDomain
from companies.services import CompanyError, company_create
from conftest import page_text

WARNING = "We found companies that look the same."


def _post(client, **fields):
    data = {"name_en": "", "name_zh": "", "website": "", "aliases": ""}
    data.update(fields)
    return client.post(reverse("companies:add"), data)


def test_add_form_needs_login(client, db):
    response = client.get(reverse("companies:add"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unverified_member_cannot_add(client, db):
    from accounts.models import User

    member = User.objects.create_user(email="new@example.com", password="x", display_name="New")
    client.force_login(member)
    response = _post(client, name_en="Brand New Co")
    assert response.status_code == 302
    assert not Company.objects.filter(name_en="Brand New Co").exists()


def test_add_a_new_company(client, alice):
    client.force_login(alice)
    response = client.get(reverse("companies:add"), {"name": "Nvidia"})
    assert response.status_code == 200
    assert response.context["form"].initial["name_en"] == "Nvidia"
    response = _post(
        client,
        name_en="NVIDIA",
        name_zh="輝達",
        website="https://www.nvidia.com/",
        aliases="英偉達， Nvidia Taiwan、NV",
    )
    company = Company.objects.get(name_en="NVIDIA")
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url()
    assert company.created_by == alice
    assert sorted(company.aliases.values_list("name", flat=True)) == [
        "NV",
        "Nvidia Taiwan",
        "英偉達",
    ]
    assert list(company.domains.values_list("domain", flat=True)) == ["nvidia.com"]


def test_add_then_become_referrer(client, alice):
    client.force_login(alice)
    response = client.post(reverse("companies:add"), {"name_en": "Appier", "next": "channel"})
    company = Company.objects.get(name_en="Appier")
    assert response["Location"] == reverse("referrals:channel_create", args=[company.slug])


@pytest.mark.parametrize(
    "fields",
    [
        {"name_en": "acme semiconductor"},  # same name, other case
        {"name_en": "Acme Chips", "name_zh": "愛客美半導體"},  # same Chinese name
        {"name_en": "Acme Chips", "aliases": "ACME"},  # alias
        {"name_en": "ＡＣＭＥ"},  # an alias, full-width
        {"name_en": "Acme Chips", "website": "https://www.acme.example/careers"},  # domain
    ],
)
def test_duplicate_warning_then_confirm(client, alice, acme, fields):
    client.force_login(alice)
    response = _post(client, **fields)
    assert response.status_code == 200
    assert response.context["duplicates"] == [acme]
    text = page_text(response)
    assert WARNING in text
    assert "Acme Semiconductor" in text
    assert Company.objects.count() == 1

    response = _post(client, **fields, confirm_new="on")
    assert response.status_code == 302
    assert Company.objects.count() == 2


def test_invalid_input_is_refused(client, alice):
    client.force_login(alice)
    response = _post(client, name_en="", website="not a site")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name_en"] == ["This field is required."]
    assert "website" in errors
    assert not Company.objects.exists()


def test_service_refuses_duplicates_unless_allowed(acme):
    with pytest.raises(CompanyError):
        company_create(name_en="Other", website="http://acme.example")
    twin = company_create(name_en="Acme Semiconductor", allow_duplicate=True)
    assert twin.slug != acme.slug
    assert CompanyDomain.objects.filter(domain="acme.example").count() == 1
    assert CompanyAlias.objects.filter(company=acme).count() == 1
