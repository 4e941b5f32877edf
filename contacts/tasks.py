from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from contacts.digest import digests_build
from contacts.models import DigestSent
from contacts.services import member_tz


@task()
def send_digest_batch(*, digest_ids: list[int]) -> None:
    """E-mail a batch of members' reminder digests, each in its member's language and time zone.

    Safe to run twice: each ``DigestSent`` row is claimed before its e-mail goes out, and
    released again if sending fails (the other e-mails of the batch still go).
    """
    now = timezone.now()
    with transaction.atomic():
        claimable = list(
            DigestSent.objects.select_for_update(skip_locked=True)
            .filter(pk__in=digest_ids, sent_at__isnull=True)
            .values_list("pk", "member_id")
        )
        DigestSent.objects.filter(pk__in=[pk for pk, _m in claimable]).update(sent_at=now)
    if not claimable:
        return
    digests = digests_build([member_id for _pk, member_id in claimable], now=now)
    failed = []
    sent_by_count: dict[int, list[int]] = defaultdict(list)
    for pk, member_id in claimable:
        digest = digests.get(member_id)
        if digest is None or not digest.items:
            continue  # nothing due: no e-mail, and the period stays recorded as done
        try:
            digest_send(digest=digest)
        except Exception:
            failed.append(pk)
            continue
        sent_by_count[len(digest.items)].append(pk)
    # The bookkeeping of the whole batch in one transaction, a query per distinct count (an
    # UPDATE per e-mail, each its own commit, cost more than building the e-mail).
    with transaction.atomic():
        for count, pks in sent_by_count.items():
            DigestSent.objects.filter(pk__in=pks).update(item_count=count)
        if failed:
            DigestSent.objects.filter(pk__in=failed).update(sent_at=None)
    if failed:
        raise RuntimeError(f"{len(failed)} digest e-mails failed and were released: {failed}")


def send_digest(*, digest_id: int) -> None:
    """One member's digest now (the batch task with a batch of one)."""
    send_digest_batch.call(digest_ids=[digest_id])


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
