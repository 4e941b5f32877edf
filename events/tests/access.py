"""Events in the project-wide access test: event pages are public, answering needs a login."""

from django.urls import reverse

from events.tests.helpers import make_event
from tests.access_roles import LOGIN, codes


def add_objects(world):
    world["event"] = make_event(created_by=world["people"]["staff"])


EVERYONE = codes(200, 200, 200, 200, 200, 200)

EXPECTATIONS = {
    "events:list": ("get", lambda w: reverse("events:list"), EVERYONE),
    "events:detail": ("get", lambda w: reverse("events:detail", args=[w["event"].pk]), EVERYONE),
    "events:ics": ("get", lambda w: reverse("events:ics", args=[w["event"].pk]), EVERYONE),
    # Without an answer in the form: told so, and sent back to the event.
    "events:rsvp": (
        "post",
        lambda w: reverse("events:rsvp", args=[w["event"].pk]),
        codes(LOGIN, 302, 302, 302, 302, 302),
    ),
}
