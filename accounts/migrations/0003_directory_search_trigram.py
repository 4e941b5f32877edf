"""Trigram indexes for the member directory's free-text filters on PostgreSQL: city and
languages spoken.

The directory filters with ``icontains`` (``UPPER(city::text) LIKE UPPER('%key%')``); a GIN
trigram index on the same expression answers it without reading every member, and its
statistics tell the planner how common a city is. On other databases this does nothing.
"""

from django.db import migrations

from guanxi.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_member_session")]

    operations = [
        postgresql_indexes(
            {
                "accounts_user_city_trgm": (
                    "ON accounts_user USING gin (UPPER(city::text) gin_trgm_ops)"
                ),
                "accounts_user_languages_trgm": (
                    "ON accounts_user USING gin (UPPER(languages_spoken::text) gin_trgm_ops)"
                ),
            },
            extensions=("pg_trgm",),
        )
    ]
