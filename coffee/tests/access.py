"""Coffee chats in the project-wide access test (tests/test_access_control.py).

A confirmed chat and a proposed one, both from alice to bob: only they may see or act on them.
"""

from django.urls import reverse

from coffee.tests.helpers import confirmed_chat, propose
from tests.access_roles import LOGIN, codes


def add_objects(world):
    people = world["people"]
    world["coffee_confirmed"] = confirmed_chat(people["alice"], people["bob"])
    world["coffee_proposed"] = propose(people["alice"], people["bob"])


def _url(name, key):
    return lambda w: reverse(name, args=[w[key].pk])


PARTICIPANTS = codes(LOGIN, 200, 404, 200, 404, 404)

EXPECTATIONS = {
    "coffee:list": ("get", lambda w: reverse("coffee:list"), codes(LOGIN, 200, 200, 200, 200, 200)),
    # Nobody invites themselves: bob gets a 404 on his own invitation form.
    "coffee:propose": (
        "get",
        lambda w: reverse("coffee:propose", args=[w["people"]["bob"].pk]),
        codes(LOGIN, 200, 200, 404, 200, 200),
    ),
    "coffee:detail": ("get", _url("coffee:detail", "coffee_confirmed"), PARTICIPANTS),
    "coffee:ics": ("get", _url("coffee:ics", "coffee_confirmed"), PARTICIPANTS),
    "coffee:reschedule": ("get", _url("coffee:reschedule", "coffee_confirmed"), PARTICIPANTS),
    # alice offered the times (told so, redirected); bob's empty answer shows the form again.
    "coffee:respond": (
        "post",
        _url("coffee:respond", "coffee_proposed"),
        codes(LOGIN, 302, 404, 200, 404, 404),
    ),
    "coffee:cancel": (
        "post",
        _url("coffee:cancel", "coffee_proposed"),
        codes(LOGIN, 302, 404, 302, 404, 404),
    ),
    "coffee:happened": (
        "post",
        _url("coffee:happened", "coffee_confirmed"),
        codes(LOGIN, 302, 404, 302, 404, 404),
    ),
}
