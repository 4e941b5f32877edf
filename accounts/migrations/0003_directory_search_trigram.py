"""Trigram indexes for the member directory's free-text filters on PostgreSQL: city and
languages spoken.

The directory filters with ``icontains`` (``UPPER(city::text) LIKE UPPER('%key%')``); a GIN
trigram index on the same expression answers it without reading every member, and its
statistics tell the planner how common a city is. On other databases this does nothing.
"""

from django.db import migrations

INDEXES = {
    "accounts_user_city_trgm": "UPPER(city::text) gin_trgm_ops",
    "accounts_user_languages_trgm": "UPPER(languages_spoken::text) gin_trgm_ops",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON accounts_user USING gin ({expression})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_member_session")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
