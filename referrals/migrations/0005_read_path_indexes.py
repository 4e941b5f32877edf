"""Indexes that match the ordering of the busiest read pages (PostgreSQL only).

- Referrer cards on a company page: the default sort ("can be asked" first, then most referrals,
  most recent referral, id), so the first page is read in index order instead of sorting every
  channel of a big company.
- "My requests": open requests first, then the most recently updated.
- "Referral inbox" history: closed requests, most recently closed first.

Expression and partial indexes are written in SQL and are not part of the model state; on
SQLite this migration does nothing.
"""

from django.db import migrations

from guanxi.migration_operations import postgresql_indexes

OPEN = "('submitted', 'viewed', 'needs_info')"

INDEXES = {
    "referrals_channel_card_active": (
        "ON referrals_referrerchannel (company_id, "
        "(CASE WHEN (is_accepting AND open_count < capacity) THEN 0 ELSE 1 END), "
        "referred_count DESC, last_referred_at DESC NULLS LAST, id) "
        "WHERE referrer_id IS NOT NULL"
    ),
    "referrals_request_seeker_open_first": (
        "ON referrals_referralrequest (seeker_id, "
        f"(CASE WHEN status IN {OPEN} THEN 0 ELSE 1 END), updated_at DESC, id DESC)"
    ),
    "referrals_request_channel_closed": (
        "ON referrals_referralrequest (channel_id, closed_at DESC, id DESC) "
        f"WHERE NOT (status IN {OPEN})"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_members_may_leave")]

    operations = [postgresql_indexes(INDEXES)]
