"""Coffee chats: one member proposes a goal and times, the other picks a time and the place."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    HAPPENED = "happened", _("We met")


class Duration(models.IntegerChoices):
    MIN_20 = 20, _("20 minutes")
    MIN_30 = 30, _("30 minutes")
    MIN_45 = 45, _("45 minutes")
    MIN_60 = 60, _("1 hour")


def new_uid() -> str:
    return f"coffee-{uuid.uuid4()}@guanxi"


class CoffeeChat(models.Model):
    """A coffee chat between two members.

    ``slots_by`` proposed the current time slots; the other participant picks one. The place
    (in person) or meeting link (online) is always named by the invitee. ``starts_at`` is the
    chosen slot's time — the time in both calendars — and stays while a reschedule is pending,
    so a cancellation still names the event the calendars hold. ``uid`` never changes and
    ``sequence`` grows with every change of the invitation (RFC 5545).
    """

    # A participant who deletes their account becomes NULL: the chat, cancelled, stays on the
    # other side's list, so what they were told still leads somewhere
    # (workflows.members.member_delete).
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="coffee_proposed",
        verbose_name=_("proposer"),
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="coffee_invited",
        verbose_name=_("invitee"),
    )
    goal = models.CharField(_("goal"), max_length=140)
    mode = models.CharField(_("how"), max_length=12, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration"), choices=Duration.choices, default=Duration.MIN_30
    )
    slots_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("time slots proposed by"),
    )
    starts_at = models.DateTimeField(_("chosen time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), max_length=500, blank=True)
    uid = models.CharField(
        max_length=100, unique=True, default=new_uid, editable=False, verbose_name=_("calendar UID")
    )
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("sequence"))
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    happened_at = models.DateTimeField(null=True, blank=True, verbose_name=_("happened at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("coffee chat")
        verbose_name_plural = _("coffee chats")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(proposer=models.F("invitee")), name="coffee_not_with_self"
            )
        ]

    def __str__(self) -> str:
        return self.goal

    def get_absolute_url(self) -> str:
        return reverse("coffee:detail", args=[self.pk])

    def other(self, user):
        """The other participant, seen from ``user``; None once they deleted their account."""
        return self.invitee if user.pk == self.proposer_id else self.proposer

    @property
    def chooser_id(self) -> int:
        """Who picks a slot from the current proposal: the one who did not propose it."""
        return self.invitee_id if self.slots_by_id == self.proposer_id else self.proposer_id

    @property
    def location(self) -> str:
        return self.meeting_link if self.mode == Mode.ONLINE else self.place

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class CoffeeSlot(models.Model):
    """One proposed time; a reschedule replaces the set."""

    chat = models.ForeignKey(
        CoffeeChat, on_delete=models.CASCADE, related_name="slots", verbose_name=_("chat")
    )
    starts_at = models.DateTimeField(_("starts at"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.UniqueConstraint(fields=["chat", "starts_at"], name="coffee_slot_unique_time")
        ]

    def __str__(self) -> str:
        return self.starts_at.isoformat()
