from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_referrer_counts(apps, schema_editor):
    """One UPDATE: every company's channels that still have their referrer."""
    Company = apps.get_model("companies", "Company")
    ReferrerChannel = apps.get_model("referrals", "ReferrerChannel")
    referrers = (
        ReferrerChannel.objects.filter(company=OuterRef("pk"), referrer__isnull=False)
        .order_by()
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Company.objects.update(referrer_count=Coalesce(Subquery(referrers), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0003_list_keyset_index"),
        ("referrals", "0005_read_path_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="referrer_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="referrers"),
        ),
        migrations.RunPython(fill_referrer_counts, migrations.RunPython.noop),
    ]
