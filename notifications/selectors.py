from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from notifications.models import EmailSettings, Notification


def notifications_for(user):
    """A member's notifications, newest first, with what their sentences name loaded."""
    return Notification.objects.filter(recipient=user).select_related(
        "actor",
        "referral_request__company",
        "referral_request__seeker",
        "referral_request__channel__referrer",
    )


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


def email_settings_of(member_id: int) -> EmailSettings:
    """A member's e-mail choices; unsaved defaults (every kind, as it happens) if they made none."""
    return EmailSettings.objects.filter(member_id=member_id).first() or EmailSettings(
        member_id=member_id
    )
