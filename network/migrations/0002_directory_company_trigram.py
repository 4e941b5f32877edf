"""A trigram index for the member directory's company filter on PostgreSQL.

``company__icontains`` compiles to ``UPPER(company::text) LIKE UPPER('%key%')``; a GIN trigram
index on that expression answers it without reading every profile. (City and languages are
indexed on the member, in ``accounts/0003``.) On other databases this does nothing.
"""

from django.db import migrations

from guanxi.migration_operations import postgresql_indexes


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        postgresql_indexes(
            {
                "network_networkprofile_company_trgm": (
                    "ON network_networkprofile USING gin (UPPER(company::text) gin_trgm_ops)"
                )
            },
            extensions=("pg_trgm",),
        )
    ]
