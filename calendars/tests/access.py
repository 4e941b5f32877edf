"""Calendar feeds in the project-wide access test (tests/test_access_control.py).

alice has a feed. Its address is the credential, as an unsubscribe link is: whoever holds it
reads it, with or without a session (a calendar application has none). The buttons act on the
signed-in member's own feed only, so every member gets the same answer.
"""

from django.urls import reverse

from calendars.selectors import feed_token
from calendars.services import calendar_feed_start
from tests.access_roles import LOGIN, codes


def add_objects(world):
    world["alice_calendar_feed"] = calendar_feed_start(member=world["people"]["alice"])


EXPECTATIONS = {
    "calendars:feed": (
        "get",
        lambda w: reverse("calendars:feed", args=[feed_token(w["alice_calendar_feed"])]),
        codes(200, 200, 200, 200, 200, 200),
    ),
    **{
        f"calendars:{name}": (
            "post",
            (lambda n: lambda w: reverse(f"calendars:{n}"))(name),
            codes(LOGIN, 302, 302, 302, 302, 302),
        )
        for name in ("start", "reset", "stop")
    },
}
