"""Community events: public pages, RSVP for members, and the .ics file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.calendar import event_calendar, event_method
from events.forms import RsvpForm
from events.models import RsvpStatus
from events.selectors import event_for, past_events, rsvp_statuses, upcoming_events
from events.services import EventError, event_rsvp


def event_list(request):
    now = timezone.now()
    page = Paginator(upcoming_events(now), 20).get_page(request.GET.get("page"))
    past = list(past_events(now)) if page.number == 1 else []
    answers = rsvp_statuses(request.user, [*page.object_list, *past])
    for event in [*page.object_list, *past]:
        event.my_rsvp = answers.get(event.pk, "")
    return TemplateResponse(request, "events/list.html", {"page": page, "past": past, "now": now})


def detail(request, pk):
    event = event_for(request.user, pk)
    my_rsvp = rsvp_statuses(request.user, [event]).get(event.pk, "")
    is_full = event.capacity is not None and event.going_count >= event.capacity
    return TemplateResponse(
        request,
        "events/detail.html",
        {
            "event": event,
            "my_rsvp": my_rsvp,
            "is_full": is_full,
            "is_over": event.ends_at <= timezone.now(),
            "places_left": (
                max(event.capacity - event.going_count, 0) if event.capacity is not None else None
            ),
        },
    )


@login_required
@require_POST
def rsvp(request, pk):
    event = event_for(request.user, pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please answer going or not going."))
        return redirect(event.get_absolute_url())
    try:
        event_rsvp(event=event, member=request.user, status=form.cleaned_data["status"])
    except EventError as error:
        messages.error(request, str(error))
    else:
        if form.cleaned_data["status"] == RsvpStatus.GOING:
            messages.success(
                request, _("You are registered. The calendar invitation is on its way by e-mail.")
            )
        else:
            messages.success(request, _("Thank you for letting us know you cannot come."))
    return redirect(event.get_absolute_url())


def ics(request, pk):
    """The event as a calendar file, in the requester's language and time zone."""
    event = event_for(request.user, pk)
    response = HttpResponse(
        event_calendar(event),
        content_type=f"text/calendar; method={event_method(event)}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
