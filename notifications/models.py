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


class Notification(models.Model):
    """Something a member should know or act on; shown in-app and, for most kinds, e-mailed."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    referral_request = models.ForeignKey(
        "referrals.ReferralRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.get_kind_display()
