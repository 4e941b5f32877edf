from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam or mass requests")
    HARASSMENT = "harassment", _("Harassment or abuse")
    FAKE = "fake", _("Fake profile or impersonation")
    INAPPROPRIATE = "inappropriate", _("Inappropriate content")
    OTHER = "other", _("Something else")


class Report(models.Model):
    """A member flags a request, a profile or a message for the moderators."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("state of a report", "Open")
        ACTIONED = "actioned", _("Actioned")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports_received",
        verbose_name=_("reported member"),
    )
    referral_request = models.ForeignKey(
        "referrals.ReferralRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referral request"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["state", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.target}"


class Block(models.Model):
    """``blocker`` no longer receives requests or connection notes from ``blocked``."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_made",
        verbose_name=_("blocker"),
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
        verbose_name=_("blocked"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="unique_block"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class ModerationAction(models.Model):
    """What a moderator did, kept as a log."""

    class Action(models.TextChoices):
        WARN = "warn", _("Warn")
        SUSPEND = "suspend", _("Suspend")
        REMOVE = "remove", _("Remove content")
        DISMISS = "dismiss", _("Dismiss")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    report = models.ForeignKey(
        Report,
        null=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("report"),
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("target"),
    )
    action = models.CharField(max_length=10, choices=Action.choices, verbose_name=_("action"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.target}"
