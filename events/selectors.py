"""Reads for the events pages: a fixed number of queries whatever the number of events."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from events.models import Event, Rsvp, RsvpStatus

PAST_LIMIT = 20


def published_events() -> QuerySet[Event]:
    return Event.objects.filter(is_published=True).annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING))
    )


def upcoming_events(now=None) -> QuerySet[Event]:
    return published_events().filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")


def past_events(now=None) -> QuerySet[Event]:
    return (
        published_events()
        .filter(ends_at__lt=now or timezone.now())
        .order_by("-starts_at", "-pk")[:PAST_LIMIT]
    )


def event_for(user, pk: int) -> Event:
    """A published event; moderators may also preview an unpublished one."""
    events = Event.objects.all() if user.is_staff else Event.objects.filter(is_published=True)
    event = (
        events.annotate(going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def rsvp_statuses(user, events) -> dict[int, str]:
    """``{event_id: status}`` of this member's answers, in one query."""
    if not user.is_authenticated:
        return {}
    ids = [e.pk for e in events]
    rows = Rsvp.objects.filter(member=user, event_id__in=ids).values_list("event_id", "status")
    return dict(rows)
