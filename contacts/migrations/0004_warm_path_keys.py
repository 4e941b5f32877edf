"""What a company's page knows a contact by (workflows.warm_paths): the company's name without
its legal form, folded as company names are, and the domain of the e-mail address. Existing
contacts get both here, in batches of their own transaction (the migration is not atomic), so a
large address-book table is never locked as a whole while it fills."""

from django.db import migrations, models, transaction

from companies.search import company_name_key

# bulk_update writes one CASE branch per row, which PostgreSQL tries for every row of the
# batch: the cost of a batch grows with its square, so batches stay small.
BATCH = 500


def fill_keys(apps, schema_editor):
    Contact = apps.get_model("contacts", "Contact")
    rows = Contact.objects.exclude(company="", email="").only("pk", "company", "email")
    last = 0
    while True:
        with transaction.atomic():
            batch = list(rows.filter(pk__gt=last).order_by("pk")[:BATCH])
            if not batch:
                return
            for contact in batch:
                contact.company_search_key = company_name_key(contact.company)
                email = contact.email or ""
                contact.email_domain = email.rpartition("@")[2].lower() if "@" in email else ""
            Contact.objects.bulk_update(batch, ["company_search_key", "email_domain"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False

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
