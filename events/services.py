"""Writes for events: saving an event (from the admin) and answering an invitation."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Rsvp, RsvpStatus
from notifications.models import Kind
from notifications.services import notify_member

# The name the .ics is registered under (apps.py); stored on each notification, so it keeps
# the dotted path it once was.
ATTACHMENT = "events.calendar.notification_attachment"
CALENDAR_FIELDS = ("title", "description", "starts_at", "ends_at", "place", "online_link")


class EventError(Exception):
    """A refused action; ``str(error)`` is a translated sentence for the member."""


@transaction.atomic
def event_save(*, event: Event, changed_fields: list[str] | None = None) -> Event:
    """Save an event; a change that calendars hold bumps its iCalendar SEQUENCE."""
    if event.pk and any(name in CALENDAR_FIELDS for name in (changed_fields or [])):
        event.sequence += 1
    event.save()
    return event


@transaction.atomic
def event_rsvp(*, event: Event, member, status: str, now=None) -> Rsvp:
    """Answer going / not going. Capacity is checked with the event row locked."""
    now = now or timezone.now()
    if status not in RsvpStatus.values:
        raise EventError(_("Please answer going or not going."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_published:
        raise EventError(_("This event is not open for registration."))
    if event.cancelled_at is not None:
        raise EventError(_("This event is cancelled; registration is closed."))
    if event.ends_at <= now:
        raise EventError(_("This event is over; registration is closed."))
    rsvp = Rsvp.objects.filter(event=event, member=member).first()
    was_going = rsvp is not None and rsvp.status == RsvpStatus.GOING
    if status == RsvpStatus.GOING and not was_going and event.capacity is not None:
        going = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()
        if going >= event.capacity:
            raise EventError(_("Sorry, this event is full: every place has been taken."))
    if rsvp is None:
        rsvp = Rsvp.objects.create(event=event, member=member, status=status)
    elif rsvp.status != status:
        rsvp.status = status
        rsvp.save(update_fields=["status", "updated_at"])
    if status == RsvpStatus.GOING and not was_going:
        notify_member(
            recipient=member,
            kind=Kind.EVENT_RSVP,
            url=event.get_absolute_url(),
            subject=event.title,
            attachment=ATTACHMENT,
            object_id=event.pk,
        )
    return rsvp


@transaction.atomic
def events_member_leaving(*, member, now=None) -> None:
    """``member`` deletes their account. The events they organised that are still to come are
    cancelled, and everyone registered is told (in-app and by e-mail, with a METHOD:CANCEL for
    their calendar); the event stays on the site, marked cancelled. Their own registrations go
    with the account, which frees their places. Called by ``workflows.members.member_delete``."""
    now = now or timezone.now()
    organised = Event.objects.select_for_update().filter(
        created_by=member, cancelled_at__isnull=True, ends_at__gt=now
    )
    for event in organised.order_by("pk"):
        event.cancelled_at = now
        event.sequence += 1  # calendars replace what they hold
        event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        if not event.is_published:
            continue  # nobody could register
        going = (
            Rsvp.objects.filter(event=event, status=RsvpStatus.GOING)
            .exclude(member=member)
            .select_related("member")
            .order_by("pk")
        )
        for rsvp in going:
            notify_member(
                recipient=rsvp.member,
                kind=Kind.EVENT_CANCELLED,
                url=event.get_absolute_url(),
                subject=event.title,
                attachment=ATTACHMENT,
                object_id=event.pk,
            )
