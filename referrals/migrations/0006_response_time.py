"""The channel's median response time without reading every request (PostgreSQL only).

An index of each channel's answered requests by their response time (``first_response_at -
created_at``, the expression ``referrals.services.channel_median_response_seconds`` orders by):
the median is a count and then the one or two middle values, read in index order. It is built
from the existing rows, so nothing needs filling in. Expression and partial indexes are written in
SQL and are not part of the model state; on SQLite this migration does nothing (the same query
sorts the channel's answered requests there).
"""

from django.db import migrations

from guanxi.migration_operations import postgresql_indexes

INDEXES = {
    "referrals_request_channel_response_time": (
        "ON referrals_referralrequest (channel_id, (first_response_at - created_at)) "
        "WHERE first_response_at IS NOT NULL"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_read_path_indexes")]

    operations = [postgresql_indexes(INDEXES)]
