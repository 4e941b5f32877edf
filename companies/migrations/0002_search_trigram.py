"""Trigram search on PostgreSQL: the pg_trgm extension and a GIN index on companies' search_text.

The index serves both the substring match (``search_text LIKE '%key%'``) and the typo-tolerant
fallback (``key <% search_text``, word similarity). On other databases this migration does
nothing: SQLite keeps the substring scan and the Python close-match pass.
"""

from django.db import migrations

from guanxi.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [
        postgresql_indexes(
            {
                "companies_company_search_trgm": (
                    "ON companies_company USING gin (search_text gin_trgm_ops)"
                )
            },
            extensions=("pg_trgm",),
        )
    ]
