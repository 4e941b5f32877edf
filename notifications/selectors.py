from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from notifications.models import Notification


def unread_notifications_of(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def unread_count_subquery(member_ref: str = "pk"):
    """The number of unread notifications of the member at ``OuterRef(member_ref)``."""
    counted = (
        Notification.objects.filter(recipient=OuterRef(member_ref), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
