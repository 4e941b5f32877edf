"""One-click unsubscribe (RFC 8058) for the e-mails Guanxi sends a member on its own.

Each such e-mail belongs to a list, named in its unsubscribe link: a kind of notification
(``Kind``), the daily summary of notifications (``SUMMARY``), or a list another app registers
with ``unsubscribe_register`` in its AppConfig.ready (the contacts reminder digest): that app
sits above notifications, so notifications never names it.

The link carries a token signed with Django's ``signing`` (its own salt) that names the member
and the list. It never expires: an e-mail may be read, and its unsubscribe used, months later,
and the token can do one thing only, turn e-mail off (which the member can undo in their
settings). A tampered token, or one naming an unknown member or list, is a 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from notifications.models import OPTIONAL_EMAIL_KINDS, Kind

SALT = "notifications.unsubscribe"
SUMMARY = "summary"  # the daily summary of notifications


@dataclass(frozen=True)
class EmailList:
    """What a member unsubscribes from: its name on the page, where to turn it back on, and
    how (for another app's list) to turn it off."""

    label: Promise
    settings_view: str
    # ``turn_off(member=…)``; None for notifications' own lists (``email_unsubscribe``).
    turn_off: Callable[..., object] | None = None


_other_lists: dict[str, EmailList] = {}


def unsubscribe_register(
    name: str, *, label: Promise, settings_view: str, turn_off: Callable[..., object]
) -> None:
    """Make ``name`` a list a member can leave with one click; ``turn_off(member=…)`` does it."""
    if name == SUMMARY or name in Kind.values:
        raise ImproperlyConfigured(f"{name!r} is already a list of notifications.")
    email_list = EmailList(label=label, settings_view=settings_view, turn_off=turn_off)
    known = _other_lists.setdefault(name, email_list)
    if known != email_list:
        raise ImproperlyConfigured(f"The e-mail list {name!r} is already registered.")


def email_list_named(name: str) -> EmailList | None:
    """The list called ``name``, or None: moderators' messages and in-app kinds are no list."""
    if name in OPTIONAL_EMAIL_KINDS:
        return EmailList(label=Kind(name).label, settings_view="notifications:settings")
    if name == SUMMARY:
        return EmailList(
            label=_("Daily summary of your notifications"), settings_view="notifications:settings"
        )
    return _other_lists.get(name)


def unsubscribe_token(*, member_id: int, name: str) -> str:
    """The same token every time for a member and a list (no timestamp: it never expires)."""
    return signing.Signer(salt=SALT).sign_object([member_id, name])


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """``(member_id, list name)`` from a token this site signed, else None."""
    try:
        member_id, name = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(member_id, int) or not isinstance(name, str):
        return None
    return member_id, name


def unsubscribe_url(*, member_id: int, name: str) -> str:
    token = unsubscribe_token(member_id=member_id, name=name)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def unsubscribe_headers(*, member_id: int, name: str) -> dict[str, str]:
    """The headers of RFC 2369 and RFC 8058: mail clients show an "Unsubscribe" button that
    POSTs to the link, without cookies."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(member_id=member_id, name=name)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
