"""A personal link in a notification e-mail that lets its recipient act without signing in.

The referral loop's e-mails carry one: a referrer decides on a request, a seeker answers a
referrer's question, from the link (``referrals.decision_links``). referrals sits above
notifications, so it registers the link of each kind it words (``email_action_register``, in
its AppConfig.ready) and notifications never names it. A member who turned these links off
(``EmailSettings.action_links``) gets the link to the signed-in page instead, as before.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from notifications.models import EmailSettings, Kind, Notification


@dataclass(frozen=True)
class EmailAction:
    """The button of an e-mail: its words, and the path it leads to for one notification."""

    label: Promise
    # ``path(notification)``: the site path of the recipient's personal link, or None when the
    # notification has none (its request is no longer theirs, say).
    path: Callable[[Notification], str | None]


_actions: dict[str, EmailAction] = {}


def email_action_register(kind: str, *, label: Promise, path: Callable) -> None:
    """Give e-mails of ``kind`` a personal link, built by ``path(notification)``."""
    if kind not in Kind.values:
        raise ImproperlyConfigured(f"{kind!r} is not a kind of notification.")
    action = EmailAction(label=label, path=path)
    known = _actions.setdefault(kind, action)
    if known != action:
        raise ImproperlyConfigured(f"The e-mail action of {kind!r} is already registered.")


@dataclass(frozen=True)
class EmailLink:
    """A personal link of one e-mail: the button's words and the site path."""

    label: str
    path: str


def email_action_for(n: Notification, choice: EmailSettings) -> EmailLink | None:
    """The personal link of notification ``n``'s e-mail, or None: its kind has none, or the
    member (whose ``choice`` it is) turned such links off."""
    action = _actions.get(n.kind)
    if action is None or not choice.action_links:
        return None
    path = action.path(n)
    return EmailLink(label=str(action.label), path=path) if path else None
