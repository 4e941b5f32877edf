"""Community events that moderators publish, and members' RSVPs."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import time_zone_choices


class EventKind(models.TextChoices):
    TALK = "talk", _("Talk")
    MEETUP = "meetup", _("Meetup")
    ONLINE = "online", _("Online session")


class EventLanguage(models.TextChoices):
    ZH_HANT = "zh-hant", _("Chinese")
    EN = "en", pgettext_lazy("language an event is held in", "English")
    BOTH = "both", _("Chinese and English")


def new_uid() -> str:
    return f"event-{uuid.uuid4()}@guanxi"


class Event(models.Model):
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=EventLanguage.choices, default=EventLanguage.BOTH
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone of the event"),
        max_length=64,
        default=settings.TIME_ZONE,
        choices=time_zone_choices,
        help_text=_("Where the event takes place; members see times in their own time zone."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        pgettext_lazy("event", "capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Set when the event will not take place (its organiser left): it stays on the site, marked
    # cancelled, and calendars receive a METHOD:CANCEL.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    uid = models.CharField(
        max_length=100, unique=True, default=new_uid, editable=False, verbose_name=_("calendar UID")
    )
    sequence = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("sequence"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def location(self) -> str:
        return self.place or self.online_link


class RsvpStatus(models.TextChoices):
    GOING = "going", _("Going")
    NOT_GOING = "not_going", _("Not going")


class Rsvp(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_rsvps",
        verbose_name=_("member"),
    )
    status = models.CharField(_("answer"), max_length=10, choices=RsvpStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="rsvp_one_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.event}"
