from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_REQUEST = "new_request", _("New referral request")
    NUDGE = "nudge", _("Request waiting for you")
    NEEDS_INFO = "needs_info", _("Referrer asked for more information")
    INFO_PROVIDED = "info_provided", _("Seeker answered your question")
    REFERRED = "referred", _("You were referred")
    DECLINED = "declined", _("Request declined")
    WITHDRAWN = "withdrawn", _("Request withdrawn")
    EXPIRED = "expired", _("Request expired")
    OUTCOME = "outcome", _("Outcome reported")
    THANKED = "thanked", _("Thank-you received")
    WARNING = "warning", _("Message from the moderators")
    # Networking.
    CONNECTION_REQUEST = "connection_request", _("Connection request")
    CONNECTION_ACCEPTED = "connection_accepted", _("Connection accepted")
    NEW_MATCH = "new_match", _("Someone you want to meet")
    COFFEE_PROPOSED = "coffee_proposed", _("Coffee chat proposed")
    COFFEE_CONFIRMED = "coffee_confirmed", _("Coffee chat confirmed")
    COFFEE_RESCHEDULED = "coffee_rescheduled", _("Coffee chat rescheduled")
    COFFEE_CANCELLED = "coffee_cancelled", _("Coffee chat cancelled")
    EVENT_RSVP = "event_rsvp", _("Event registration")
    # What ends when a member deletes their account (workflows.members.member_delete).
    COFFEE_MEMBER_LEFT = "coffee_member_left", _("Coffee chat cancelled: the member left")
    CONNECTION_CLOSED = "connection_closed", _("Connection request closed: the member left")
    EVENT_CANCELLED = "event_cancelled", _("Event cancelled")


class Notification(models.Model):
    """Something a member should know or act on; shown in-app and, for most kinds, e-mailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    referral_request = models.ForeignKey(
        "referrals.ReferralRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("referral request"),
    )
    # For notifications outside the referral loop: who caused it and where it leads.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    url = models.CharField(max_length=300, blank=True, verbose_name=_("link"))
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, verbose_name=_("object id")
    )  # e.g. a coffee chat
    subject = models.CharField(max_length=200, blank=True, verbose_name=_("subject"))
    message = models.TextField(blank=True, verbose_name=_("message"))
    attachment = models.CharField(max_length=120, blank=True, verbose_name=_("attachment"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("emailed at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.get_kind_display()
