"""A network profile's company as a company's page knows it (workflows.warm_paths); existing
profiles get it here, in batches."""

from django.db import migrations, models

from companies.search import company_name_key

BATCH = 2000


def fill_keys(apps, schema_editor):
    NetworkProfile = apps.get_model("network", "NetworkProfile")
    rows = NetworkProfile.objects.exclude(company="").only("pk", "company")
    batch = []
    for profile in rows.order_by("pk").iterator(chunk_size=BATCH):
        profile.company_search_key = company_name_key(profile.company)
        batch.append(profile)
        if len(batch) >= BATCH:
            NetworkProfile.objects.bulk_update(batch, ["company_search_key"])
            batch = []
    if batch:
        NetworkProfile.objects.bulk_update(batch, ["company_search_key"])


class Migration(migrations.Migration):
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
