"""A network profile's company as a company's page knows it (workflows.warm_paths); existing
profiles get it here, in batches of their own transaction (the migration is not atomic), so the
table is never locked as a whole while it fills."""

from django.db import migrations, models, transaction

from companies.search import company_name_key

# bulk_update writes one CASE branch per row, which PostgreSQL tries for every row of the
# batch: the cost of a batch grows with its square, so batches stay small.
BATCH = 500


def fill_keys(apps, schema_editor):
    NetworkProfile = apps.get_model("network", "NetworkProfile")
    rows = NetworkProfile.objects.exclude(company="").only("pk", "company")
    last = 0
    while True:
        with transaction.atomic():
            batch = list(rows.filter(pk__gt=last).order_by("pk")[:BATCH])
            if not batch:
                return
            for profile in batch:
                profile.company_search_key = company_name_key(profile.company)
            NetworkProfile.objects.bulk_update(batch, ["company_search_key"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("network", "0003_field_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="networkprofile",
            name="company_search_key",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=200,
                verbose_name="company (for company pages)",
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
    ]
