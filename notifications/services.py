"""Notifying members: each notification is recorded for the app and, for most kinds, its e-mail
is queued in the caller's transaction; marking notifications read; a member's e-mail choices."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    IN_APP_ONLY,
    OPTIONAL_EMAIL_KINDS,
    Delivery,
    EmailSettings,
    Kind,
    Notification,
)
from notifications.tasks import send_notification_email
from notifications.unsubscribe import SUMMARY, email_list_named


class EmailSettingsError(ValueError):
    """A refused change of e-mail settings, as a translated sentence."""


def notify(*, recipient, kind: str, referral_request=None) -> Notification:
    """Record a notification and queue its e-mail in the caller's transaction."""
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, referral_request=referral_request
    )
    if kind not in IN_APP_ONLY:
        # The database task backend stores the task row in this same transaction: it is
        # committed with the change that caused it, or not at all.
        send_notification_email.enqueue(notification_id=notification.pk)
    return notification


def notify_many(*, kind: str, referral_requests: list[tuple[int, int]]) -> int:
    """``notify()`` for many requests at once: ``(recipient_id, referral_request_id)`` pairs.

    The notifications are one insert; each e-mail is still its own task, queued in the caller's
    transaction."""
    notifications = Notification.objects.bulk_create(
        Notification(recipient_id=recipient_id, kind=kind, referral_request_id=request_id)
        for recipient_id, request_id in referral_requests
        if recipient_id is not None
    )
    if kind not in IN_APP_ONLY:
        for notification in notifications:
            send_notification_email.enqueue(notification_id=notification.pk)
    return len(notifications)


def notify_member(
    *,
    recipient,
    kind: str,
    actor=None,
    url: str = "",
    subject: str = "",
    message: str = "",
    attachment: str = "",
    object_id: int | None = None,
) -> Notification:
    """A notification outside the referral loop (networking, events): in-app and e-mailed.

    ``attachment`` is the name of a builder registered with
    ``notifications.attachments.attachment_register`` that returns ``(filename, content,
    mimetype)`` for the recipient (e.g. an iCalendar invitation in their language and time
    zone); the e-mail task calls it with ``notification=`` when it sends, and it can find its
    object through ``notification.object_id``.
    """
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        url=url,
        subject=subject[:200],
        message=message,
        attachment=attachment,
        object_id=object_id,
    )
    send_notification_email.enqueue(notification_id=notification.pk)
    return notification


def notify_moderation_warning(*, recipient, note: str) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, kind=Kind.WARNING, message=note.strip()
    )
    send_notification_email.enqueue(notification_id=notification.pk)
    return notification


def notifications_mark_read(*, recipient, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def notification_open(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())


def email_settings_save(
    *,
    member,
    emailed_kinds: list[str] | set[str],
    delivery: str,
    action_links: bool | None = None,
) -> EmailSettings:
    """Save which kinds of notification the member gets by e-mail (the others only in the app)
    and when: as they happen or in a daily summary; and, unless ``action_links`` is None,
    whether e-mails carry their personal links to decide or answer without signing in.
    Refuses an unknown kind or delivery whole."""
    emailed = set(emailed_kinds)
    if not emailed <= set(OPTIONAL_EMAIL_KINDS):
        raise EmailSettingsError(_("Please choose only from the notifications listed."))
    if delivery not in Delivery.values:
        raise EmailSettingsError(_("Please choose when you want your e-mails."))
    defaults = {
        "kinds_not_emailed": [k for k in OPTIONAL_EMAIL_KINDS if k not in emailed],
        "delivery": delivery,
    }
    if action_links is not None:
        defaults["action_links"] = bool(action_links)
    row, _created = EmailSettings.objects.update_or_create(member=member, defaults=defaults)
    return row


@transaction.atomic
def email_unsubscribe(*, member, name: str) -> None:
    """Stop the e-mails of the list ``name`` (``notifications.unsubscribe``): one kind of
    notification; every kind, for the daily summary; or another app's list. Idempotent."""
    email_list = email_list_named(name)
    if email_list is None:
        raise EmailSettingsError(_("This is not a list of e-mails you can leave."))
    if email_list.turn_off is not None:
        email_list.turn_off(member=member)
        return
    turned_off = set(OPTIONAL_EMAIL_KINDS) if name == SUMMARY else {name}
    row, _created = EmailSettings.objects.select_for_update().get_or_create(member=member)
    off = set(row.kinds_not_emailed) | turned_off
    row.kinds_not_emailed = [k for k in OPTIONAL_EMAIL_KINDS if k in off]
    row.save(update_fields=["kinds_not_emailed", "updated_at"])
