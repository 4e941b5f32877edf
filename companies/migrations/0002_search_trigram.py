"""Trigram search on PostgreSQL: the pg_trgm extension and a GIN index on companies' search_text.

The index serves both the substring match (``search_text LIKE '%key%'``) and the typo-tolerant
fallback (``key <% search_text``, word similarity). On other databases this migration does
nothing: SQLite keeps the substring scan and the Python close-match pass.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS companies_company_search_trgm "
        "ON companies_company USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS companies_company_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
