"""Notification e-mails: one per notification as it happens, or one daily summary a member chose.

``send_notification_email`` reads the member's choice when it runs (not when it was queued): a
kind turned off is skipped (``email_skipped_at``), a member on the daily summary has it held
(``email_held_at``) for ``send_notification_summary``, which ``summaries_enqueue_due``
(``manage.py send_notification_summaries``, run hourly) queues once a local day per member with
held notifications. ``emailed_at`` is set only in the transaction that hands the message to the
mail backend, so nothing is ever marked e-mailed that was not sent.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from guanxi.mail import stable_message_id
from notifications.attachments import attachment_build
from notifications.email_actions import email_action_for
from notifications.messages import notification_link, notification_place, notification_text
from notifications.models import ALWAYS_EMAILED, Delivery, EmailSettings, Notification
from notifications.selectors import email_settings_of
from notifications.unsubscribe import SUMMARY, unsubscribe_headers, unsubscribe_url

# A member's daily summary goes out at the first run of the job from this hour of their day.
SUMMARY_HOUR = 8

_RELATED = (
    "recipient",
    "actor",
    "referral_request__company",
    "referral_request__seeker",
    "referral_request__channel__referrer",
)


def _member_tz(member) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(member.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@task()
def send_notification_email(*, notification_id: int) -> None:
    """E-mail one notification in its recipient's language and time zone, as they chose when
    it runs: not at all for a kind they turned off, later in their daily summary, or now.
    Safe to run twice.

    The notification is marked e-mailed in the same transaction as the send, and that
    transaction commits only after the mail backend took the message: a failed send rolls the
    mark back (the task is retried), and a worker that dies mid-send leaves it unmarked (the job
    is run again). The row stays locked meanwhile, so a second run waits, then finds it sent.
    Only a crash between the hand-over and the commit sends it twice, with the same Message-ID.
    Skipped or held, it is never marked e-mailed.
    """
    with transaction.atomic():
        waiting = Notification.objects.filter(
            pk=notification_id,
            emailed_at__isnull=True,
            email_skipped_at__isnull=True,
            email_held_at__isnull=True,
        )
        row = waiting.values("kind", "recipient_id").first()
        if row is None:
            return
        kind = row["kind"]
        choice = email_settings_of(row["recipient_id"])
        now = timezone.now()
        if not choice.wants_email(kind):
            waiting.update(email_skipped_at=now)
        elif choice.delivery == Delivery.DAILY and kind not in ALWAYS_EMAILED:
            waiting.update(email_held_at=now)
        elif waiting.update(emailed_at=now):
            notification_email(notification_id=notification_id, choice=choice).send()


def notification_email(
    *, notification_id: int, choice: EmailSettings | None = None
) -> EmailMultiAlternatives:
    """The e-mail of one notification, in its recipient's language and time zone; with the
    recipient's personal link to act on it when its kind has one and they did not turn such
    links off (``choice``, their e-mail settings: read when not given)."""
    n = Notification.objects.select_related(*_RELATED).get(pk=notification_id)
    recipient = n.recipient
    choice = choice if choice is not None else email_settings_of(recipient.pk)
    # A moderators' message cannot be turned off, so it offers no unsubscribe.
    can_leave = n.kind not in ALWAYS_EMAILED
    with translation.override(recipient.email_language), timezone.override(_member_tz(recipient)):
        context = {
            "action": _action(n, choice),
            "notification": n,
            "recipient": recipient,
            "request": n.referral_request,
            "headline": notification_text(n),
            "url": settings.SITE_URL + (notification_link(n) or reverse("notifications:list")),
            "site_url": settings.SITE_URL,
            "settings_url": settings.SITE_URL + reverse("notifications:settings"),
            "unsubscribe_url": (
                unsubscribe_url(member_id=recipient.pk, name=n.kind) if can_leave else None
            ),
        }
        subject = render_to_string("notifications/email/subject.txt", context).strip()
        text = render_to_string("notifications/email/body.txt", context)
        html = render_to_string("notifications/email/body.html", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.splitlines()),
            body=text,
            to=[recipient.email],
            headers={
                "Content-Language": recipient.email_language,
                "Message-ID": stable_message_id("notification", n.pk),
                **(unsubscribe_headers(member_id=recipient.pk, name=n.kind) if can_leave else {}),
            },
        )
        message.attach_alternative(html, "text/html")
        if n.attachment:
            # Built inside the recipient's language and time zone (e.g. an .ics invitation).
            filename, content, mimetype = attachment_build(n)
            message.attach(filename, content, mimetype)
    return message


def _action(n: Notification, choice: EmailSettings) -> dict | None:
    """The e-mail's personal link to act on ``n`` (its button's words and full address), or
    None (see ``notifications.email_actions``). Built in the recipient's language."""
    link = email_action_for(n, choice)
    return {"label": link.label, "url": settings.SITE_URL + link.path} if link else None


# --- The daily summary ----------------------------------------------------------------------

HELD = Q(email_held_at__isnull=False, emailed_at__isnull=True, email_skipped_at__isnull=True)


def summaries_enqueue_due(*, now: datetime.datetime | None = None) -> int:
    """Queue today's summary for each member with held notifications whose day has reached
    ``SUMMARY_HOUR`` and who has had none queued today. Safe to rerun, hourly or more often.

    It reads only the members with held notifications (a partial index); a member who went back
    to "as it happens" still gets what was held, in one last summary.
    """
    now = now or timezone.now()
    waiting = Notification.objects.filter(HELD).values("recipient_id")
    due = (
        EmailSettings.objects.filter(member_id__in=waiting, member__is_active=True)
        .select_related("member")
        .only("pk", "member_id", "summary_queued_on", "member__time_zone")
        .order_by("pk")
    )
    queued = 0
    for row in due.iterator(chunk_size=500):
        local = timezone.localtime(now, _member_tz(row.member))
        today = local.date()
        if local.hour < SUMMARY_HOUR or (row.summary_queued_on and row.summary_queued_on >= today):
            continue
        with transaction.atomic():
            # A compare-and-set: of two runs at once, one queues it. Never a day that is not
            # after the last one queued (a member who moved west must not get a second one).
            claimed = (
                EmailSettings.objects.filter(pk=row.pk)
                .filter(Q(summary_queued_on__isnull=True) | Q(summary_queued_on__lt=today))
                .update(summary_queued_on=today)
            )
            if claimed:
                send_notification_summary.enqueue(member_id=row.member_id, day=today.isoformat())
                queued += 1
    return queued


@task()
def send_notification_summary(*, member_id: int, day: str) -> None:
    """E-mail a member one summary of their held notifications of the kinds they still want by
    e-mail, in their language and time zone; ``day`` is their local day. Safe to run twice.

    The member's settings row is locked for the whole run (a second run waits, then finds the
    day sent). The included notifications are marked e-mailed, and the day sent, in the
    transaction that hands the message to the mail backend: a failed send marks nothing and the
    task is retried. Held notifications of a kind turned off since are skipped, not e-mailed.
    """
    sent_on = datetime.date.fromisoformat(day)
    with transaction.atomic():
        choice = EmailSettings.objects.select_for_update().filter(member_id=member_id).first()
        if choice is None or choice.summary_sent_on == sent_on:
            return
        held = list(
            Notification.objects.filter(HELD, recipient_id=member_id)
            .select_related(*_RELATED)
            .order_by("created_at", "pk")
        )
        included = [n for n in held if choice.wants_email(n.kind)]
        turned_off = [n.pk for n in held if not choice.wants_email(n.kind)]
        now = timezone.now()
        Notification.objects.filter(pk__in=turned_off).update(email_skipped_at=now)
        if not included:
            return
        Notification.objects.filter(pk__in=[n.pk for n in included]).update(emailed_at=now)
        EmailSettings.objects.filter(pk=choice.pk).update(summary_sent_on=sent_on)
        summary_email(notifications=included, day=day, choice=choice).send()


def summary_email(
    *, notifications: list[Notification], day: str, choice: EmailSettings | None = None
) -> EmailMultiAlternatives:
    """One e-mail listing ``notifications`` (one member's), in their language and time zone;
    each links to its page and, where it has one, to the member's personal link to act on it
    (unless their e-mail settings, ``choice``, turned such links off: read when not given)."""
    recipient = notifications[0].recipient
    choice = choice if choice is not None else email_settings_of(recipient.pk)
    with translation.override(recipient.email_language), timezone.override(_member_tz(recipient)):
        items = [
            {
                "notification": n,
                "place": notification_place(n),
                "text": notification_text(n),
                "url": settings.SITE_URL + (notification_link(n) or reverse("notifications:list")),
                "action": _action(n, choice),
            }
            for n in notifications
        ]
        context = {
            "recipient": recipient,
            "items": items,
            "count": len(items),
            "has_actions": any(item["action"] for item in items),
            "url": settings.SITE_URL + reverse("notifications:list"),
            "site_url": settings.SITE_URL,
            "settings_url": settings.SITE_URL + reverse("notifications:settings"),
            "unsubscribe_url": unsubscribe_url(member_id=recipient.pk, name=SUMMARY),
        }
        subject = render_to_string("notifications/email/summary_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=" ".join(subject.splitlines()),
            body=render_to_string("notifications/email/summary_body.txt", context),
            to=[recipient.email],
            headers={
                "Content-Language": recipient.email_language,
                # One summary per member and local day, the same on every attempt.
                "Message-ID": stable_message_id(f"summary.{day}", recipient.pk),
                **unsubscribe_headers(member_id=recipient.pk, name=SUMMARY),
            },
        )
        message.attach_alternative(
            render_to_string("notifications/email/summary_body.html", context), "text/html"
        )
        # The invitations the notifications would have carried: one per object, built now.
        attached = {(n.attachment, n.object_id): n for n in notifications if n.attachment}
        for n in attached.values():
            filename, content, mimetype = attachment_build(n)
            message.attach(filename, content, mimetype)
    return message
