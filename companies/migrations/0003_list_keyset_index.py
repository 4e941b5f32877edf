"""The company list pages by keyset (PostgreSQL only): one index in the list's order, so both
the first page and a cursor deep in the list are read in order, without OFFSET or a sort."""

from django.db import migrations

from guanxi.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_search_trigram")]

    operations = [
        postgresql_indexes(
            {
                "companies_company_list_keyset": (
                    "ON companies_company ((-active_referrer_count), name_en, id)"
                )
            }
        )
    ]
