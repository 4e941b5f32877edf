"""Access expectations of the networking pages, for tests/test_access_control.py.

alice and bob are listed; alice asked bob to connect (pending), saved bob to her list and
described someone she wants to meet. Private things are 404 for everyone but their owner.
"""

from django.urls import reverse

from network.models import Intent, RoleType
from network.services import connection_send, meet_wish_create, shortlist_add
from network.tests.utils import make_profile
from tests.access_roles import LOGIN, codes


def add_objects(world):
    people = world["people"]
    alice, bob = people["alice"], people["bob"]
    make_profile(alice, intents=[Intent.MENTOR], city="Taipei")
    make_profile(bob, role_type=RoleType.HIRING_MANAGER, company="Acme", city="Hsinchu")
    world["network_connection"] = connection_send(sender=alice, recipient=bob, note="Hi Bob")
    world["network_wish"] = meet_wish_create(owner=alice, role_type=RoleType.HIRING_MANAGER)
    world["network_saved"] = shortlist_add(owner=alice, member=bob, note="Chips")


def _bob(name):
    return lambda w: reverse(name, args=[w["people"]["bob"].pk])


EVERY_MEMBER = codes(LOGIN, 200, 200, 200, 200, 200)

EXPECTATIONS = {
    "network:directory": ("get", lambda w: reverse("network:directory"), EVERY_MEMBER),
    "network:member": ("get", _bob("network:member"), EVERY_MEMBER),
    # Moved into the one profile page (accounts:profile): a permanent redirect for everyone.
    "network:profile_edit": (
        "get",
        lambda w: reverse("network:profile_edit"),
        codes(301, 301, 301, 301, 301, 301),
    ),
    "network:wishes": ("get", lambda w: reverse("network:wishes"), EVERY_MEMBER),
    "network:connections": ("get", lambda w: reverse("network:connections"), EVERY_MEMBER),
    # Everyone gets the page; alice (already waiting) and bob (himself) see why they cannot.
    "network:connect": ("get", _bob("network:connect"), EVERY_MEMBER),
    "network:shortlist_add": (
        "post",
        _bob("network:shortlist_add"),
        codes(LOGIN, 302, 302, 302, 302, 302),
    ),
    "network:shortlist_remove": (
        "post",
        lambda w: reverse("network:shortlist_remove", args=[w["network_saved"].pk]),
        codes(LOGIN, 302, 404, 404, 404, 404),
    ),
    "network:wish_delete": (
        "post",
        lambda w: reverse("network:wish_delete", args=[w["network_wish"].pk]),
        codes(LOGIN, 302, 404, 404, 404, 404),
    ),
    "network:connection_accept": (
        "post",
        lambda w: reverse("network:connection_accept", args=[w["network_connection"].pk]),
        codes(LOGIN, 404, 404, 302, 404, 404),
    ),
    "network:connection_ignore": (
        "post",
        lambda w: reverse("network:connection_ignore", args=[w["network_connection"].pk]),
        codes(LOGIN, 404, 404, 302, 404, 404),
    ),
}
