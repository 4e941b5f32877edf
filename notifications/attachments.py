"""Files attached to a notification's e-mail (an iCalendar invitation…), by name.

A notification stores the name of its attachment (``Notification.attachment``); the e-mail task
builds the file when it sends, in the recipient's language and time zone. The apps that make
the files sit above notifications, so each registers its builders in its ``AppConfig.ready``.
A builder is ``build(notification=n)`` and returns ``(filename, content, mimetype)``; it finds
its object through ``n.object_id``.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

Builder = Callable[..., tuple[str, bytes, str]]

_builders: dict[str, Builder] = {}


def attachment_register(name: str, build: Builder) -> None:
    """Build the attachment of the notifications that store ``name`` with ``build``."""
    known = _builders.setdefault(name, build)
    if known is not build:
        raise ImproperlyConfigured(f"The notification attachment {name!r} is already registered.")


def attachment_build(notification) -> tuple[str, bytes, str]:
    """The file attached to ``notification``'s e-mail: ``(filename, content, mimetype)``."""
    try:
        build = _builders[notification.attachment]
    except KeyError:
        raise ImproperlyConfigured(
            f"No app registered the notification attachment {notification.attachment!r} "
            "(notifications.attachments.attachment_register, in its AppConfig.ready)."
        ) from None
    return build(notification=notification)
