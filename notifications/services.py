"""Notifying members: each notification is recorded for the app and, for most kinds, its e-mail
is queued in the caller's transaction; and marking notifications read."""

from django.db import transaction
from django.utils import timezone

from notifications.models import Kind, Notification
from notifications.tasks import send_notification_email

# Kinds that only appear in the app; the rest are e-mailed as well.
IN_APP_ONLY = {Kind.WITHDRAWN}


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
