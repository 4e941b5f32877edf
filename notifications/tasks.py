import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from guanxi.mail import stable_message_id
from notifications.attachments import attachment_build
from notifications.messages import notification_link, notification_text
from notifications.models import Notification


@task()
def send_notification_email(*, notification_id: int) -> None:
    """E-mail one notification in its recipient's language and time zone. Safe to run twice.

    The notification is marked e-mailed in the same transaction as the send, and that
    transaction commits only after the mail backend took the message: a failed send rolls the
    mark back (the task is retried), and a worker that dies mid-send leaves it unmarked (the job
    is run again). The row stays locked meanwhile, so a second run waits, then finds it sent.
    Only a crash between the hand-over and the commit sends it twice, with the same Message-ID.
    """
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if claimed:
            notification_email(notification_id=notification_id).send()


def notification_email(*, notification_id: int) -> EmailMultiAlternatives:
    """The e-mail of one notification, in its recipient's language and time zone."""
    n = Notification.objects.select_related(
        "recipient",
        "actor",
        "referral_request__company",
        "referral_request__seeker",
        "referral_request__channel__referrer",
    ).get(pk=notification_id)
    recipient = n.recipient
    try:
        tz = zoneinfo.ZoneInfo(recipient.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with translation.override(recipient.email_language), timezone.override(tz):
        context = {
            "notification": n,
            "recipient": recipient,
            "request": n.referral_request,
            "headline": notification_text(n),
            "url": settings.SITE_URL + (notification_link(n) or reverse("notifications:list")),
            "site_url": settings.SITE_URL,
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
            },
        )
        message.attach_alternative(html, "text/html")
        if n.attachment:
            # Built inside the recipient's language and time zone (e.g. an .ics invitation).
            filename, content, mimetype = attachment_build(n)
            message.attach(filename, content, mimetype)
    return message
