"""Contacts in the project-wide access test: everything is private to its owner (alice)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from contacts.services import contact_create, follow_up_create, interaction_log
from tests.access_roles import LOGIN, codes


def add_objects(world):
    alice = world["people"]["alice"]
    contact = contact_create(owner=alice, name="Mei Lin", company="Acme", cadence_days=30)
    world["contact"] = contact
    world["interaction"] = interaction_log(
        owner=alice,
        contact=contact,
        kind="coffee",
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        topics="Hiring plans",
    )
    world["follow_up"] = follow_up_create(
        owner=alice, contact=contact, topic="Send the article", due_on=timezone.localdate()
    )


EVERYONE_SIGNED_IN = codes(LOGIN, 200, 200, 200, 200, 200)
OWNER_ONLY = codes(LOGIN, 200, 404, 404, 404, 404)

EXPECTATIONS = {
    "contacts:list": ("get", lambda w: reverse("contacts:list"), EVERYONE_SIGNED_IN),
    "contacts:add": ("get", lambda w: reverse("contacts:add"), EVERYONE_SIGNED_IN),
    "contacts:detail": (
        "get",
        lambda w: reverse("contacts:detail", args=[w["contact"].pk]),
        OWNER_ONLY,
    ),
    "contacts:edit": (
        "get",
        lambda w: reverse("contacts:edit", args=[w["contact"].pk]),
        OWNER_ONLY,
    ),
    "contacts:delete": (
        "post",
        lambda w: reverse("contacts:delete", args=[w["contact"].pk]),
        codes(LOGIN, 302, 404, 404, 404, 404),
    ),
    "contacts:log": ("get", lambda w: reverse("contacts:log", args=[w["contact"].pk]), OWNER_ONLY),
    "contacts:follow_up": (
        "get",
        lambda w: reverse("contacts:follow_up", args=[w["contact"].pk]),
        OWNER_ONLY,
    ),
    "contacts:follow_up_done": (
        "post",
        lambda w: reverse("contacts:follow_up_done", args=[w["follow_up"].pk]),
        codes(LOGIN, 302, 404, 404, 404, 404),
    ),
    "contacts:gone_quiet": ("get", lambda w: reverse("contacts:gone_quiet"), EVERYONE_SIGNED_IN),
    "contacts:import": ("get", lambda w: reverse("contacts:import"), EVERYONE_SIGNED_IN),
    "contacts:export_csv": ("get", lambda w: reverse("contacts:export_csv"), EVERYONE_SIGNED_IN),
    "contacts:export_vcard": (
        "get",
        lambda w: reverse("contacts:export_vcard"),
        EVERYONE_SIGNED_IN,
    ),
    "contacts:duplicates": ("get", lambda w: reverse("contacts:duplicates"), EVERYONE_SIGNED_IN),
    # Alice posting nothing to merge is told so (302 back); anyone else: 404.
    "contacts:merge": (
        "post",
        lambda w: reverse("contacts:merge", args=[w["contact"].pk]),
        codes(LOGIN, 302, 404, 404, 404, 404),
    ),
    "contacts:settings": ("get", lambda w: reverse("contacts:settings"), EVERYONE_SIGNED_IN),
}
