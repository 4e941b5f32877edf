"""The company list pages by keyset (PostgreSQL only): one index in the list's order, so both
the first page and a cursor deep in the list are read in order, without OFFSET or a sort."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS companies_company_list_keyset "
        "ON companies_company ((-active_referrer_count), name_en, id)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS companies_company_list_keyset")


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_search_trigram")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
