"""Writes about members that concern the accounts app alone. What spans apps (a member's
export, leaving for good) is in ``workflows.members``."""

from accounts.models import User


def members_lock(member_ids) -> None:
    """Lock these members' rows until the transaction ends, always in the same order.

    Call it before a change that writes records on both sides of a pair (each one's contact of
    the other): two such changes between the same two members then take turns instead of
    deadlocking on each other's rows.
    """
    list(
        User.objects.select_for_update()
        .filter(pk__in=member_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
