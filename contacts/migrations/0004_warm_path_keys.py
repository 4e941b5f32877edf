"""What a company's page knows a contact by (workflows.warm_paths): the company's name without
its legal form, folded as company names are, and the domain of the e-mail address. Existing
contacts get both here, in batches."""

from django.db import migrations, models

from companies.search import company_name_key

BATCH = 2000


def fill_keys(apps, schema_editor):
    Contact = apps.get_model("contacts", "Contact")
    rows = Contact.objects.exclude(company="", email="").only("pk", "company", "email")
    batch = []
    for contact in rows.order_by("pk").iterator(chunk_size=BATCH):
        contact.company_search_key = company_name_key(contact.company)
        email = contact.email or ""
        contact.email_domain = email.rpartition("@")[2].lower() if "@" in email else ""
        batch.append(contact)
        if len(batch) >= BATCH:
            Contact.objects.bulk_update(batch, ["company_search_key", "email_domain"])
            batch = []
    if batch:
        Contact.objects.bulk_update(batch, ["company_search_key", "email_domain"])


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0003_name_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="company_search_key",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=200,
                verbose_name="company (for company pages)",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="email_domain",
            field=models.CharField(
                blank=True, editable=False, max_length=253, verbose_name="e-mail domain"
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
    ]
