from django.conf import settings
from django.db import models
from django.db.models import Q
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


# Kinds that only appear in the app; the rest are e-mailed as well.
IN_APP_ONLY = frozenset({Kind.WITHDRAWN})
# Kinds e-mailed as they happen whatever the member chose: the moderators write when it matters.
ALWAYS_EMAILED = frozenset({Kind.WARNING})
# The kinds a member may stop receiving by e-mail (``EmailSettings``), in the order of ``Kind``.
OPTIONAL_EMAIL_KINDS = tuple(k.value for k in Kind if k not in IN_APP_ONLY | ALWAYS_EMAILED)


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
    # What became of the e-mail when it was not sent on its own: the member had turned e-mail
    # off for its kind (skipped, never sent), or gets a daily summary (held for the next one,
    # which sets ``emailed_at``). ``emailed_at`` is only ever set for an e-mail that was sent.
    email_skipped_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("e-mail turned off at")
    )
    email_held_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("held for the daily summary at")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            # The members with notifications waiting for their daily summary: a small index.
            models.Index(
                fields=["recipient"],
                condition=Q(
                    email_held_at__isnull=False,
                    emailed_at__isnull=True,
                    email_skipped_at__isnull=True,
                ),
                name="notification_held_for_summary",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.get_kind_display()


class Delivery(models.TextChoices):
    AS_IT_HAPPENS = "as_it_happens", _("As it happens: one e-mail for each notification")
    DAILY = "daily", _("A daily summary: one e-mail a day with what is new")


class EmailSettings(models.Model):
    """Which notifications a member also gets by e-mail, and when. In-app they always appear.

    A member without a row gets every kind by e-mail as it happens."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_email_settings",
        verbose_name=_("member"),
    )
    # Values of ``Kind`` (from ``OPTIONAL_EMAIL_KINDS``) the member does not want e-mailed.
    kinds_not_emailed = models.JSONField(
        default=list, blank=True, verbose_name=_("kinds not e-mailed")
    )
    delivery = models.CharField(
        max_length=20,
        choices=Delivery.choices,
        default=Delivery.AS_IT_HAPPENS,
        verbose_name=_("when to e-mail"),
    )
    # E-mails about referral requests carry a personal link to decide (a referrer) or answer (a
    # seeker) without signing in; off, they link to the signed-in page (referrals.decision_links).
    action_links = models.BooleanField(
        default=True, verbose_name=_("links to answer from the e-mail")
    )
    # The member's local day of the last summary queued and sent: at most one a day.
    summary_queued_on = models.DateField(null=True, blank=True, verbose_name=_("summary queued on"))
    summary_sent_on = models.DateField(null=True, blank=True, verbose_name=_("summary sent on"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("notification e-mail settings")
        verbose_name_plural = _("notification e-mail settings")

    def __str__(self) -> str:
        return f"{self.member} · {self.delivery}"

    def wants_email(self, kind: str) -> bool:
        """Whether a notification of ``kind`` is e-mailed at all."""
        if kind in IN_APP_ONLY:
            return False
        return kind in ALWAYS_EMAILED or kind not in self.kinds_not_emailed
