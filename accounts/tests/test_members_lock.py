"""``members_lock``: both members' rows locked in one order before a two-sided contact write
(a connection accepted, a coffee chat that happened), so two such writes between the same pair
take turns instead of deadlocking."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.services import members_lock


def test_both_rows_are_locked_in_id_order(alice, bob):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        members_lock([bob.pk, alice.pk])
    (query,) = [q["sql"] for q in queries.captured_queries if "accounts_user" in q["sql"]]
    assert "ORDER BY 1 ASC" in query or 'ORDER BY "accounts_user"."id" ASC' in query, query
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in query
