from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from contacts.digest import digests_build
from contacts.models import DigestSent
from contacts.services import member_tz


@task()
def send_digest(*, digest_id: int) -> None:
    """E-mail one member's reminder digest in their language and time zone. Safe to run twice:
    the ``DigestSent`` row is claimed first, and released again if sending fails."""
    now = timezone.now()
    claimed = DigestSent.objects.filter(pk=digest_id, sent_at__isnull=True).update(sent_at=now)
    if not claimed:
        return
    row = DigestSent.objects.get(pk=digest_id)
    try:
        digest = digests_build([row.member_id], now=now).get(row.member_id)
        if digest is None or not digest.items:
            return  # nothing due: no e-mail, and the period stays recorded as done
        DigestSent.objects.filter(pk=digest_id).update(item_count=len(digest.items))
        digest_send(digest=digest)
    except Exception:
        DigestSent.objects.filter(pk=digest_id).update(sent_at=None)
        raise


def digest_send(*, digest) -> None:
    member = digest.member
    with translation.override(member.email_language), timezone.override(member_tz(member)):
        context = {
            "recipient": member,
            "digest": digest,
            "items": digest.items,
            "url": settings.SITE_URL + reverse("contacts:gone_quiet"),
            "settings_url": settings.SITE_URL + reverse("contacts:settings"),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("contacts/email/digest_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=" ".join(subject.splitlines()),
            body=render_to_string("contacts/email/digest_body.txt", context),
            to=[member.email],
            headers={"Content-Language": member.email_language},
        )
        message.attach_alternative(
            render_to_string("contacts/email/digest_body.html", context), "text/html"
        )
        message.send()
