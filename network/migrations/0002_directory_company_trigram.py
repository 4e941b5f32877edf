"""A trigram index for the member directory's company filter on PostgreSQL.

``company__icontains`` compiles to ``UPPER(company::text) LIKE UPPER('%key%')``; a GIN trigram
index on that expression answers it without reading every profile. (City and languages are
indexed on the member, in ``accounts/0003``.) On other databases this does nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS network_networkprofile_company_trgm "
        "ON network_networkprofile USING gin (UPPER(company::text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS network_networkprofile_company_trgm")


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
