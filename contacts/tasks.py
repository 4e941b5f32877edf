"""The reminder digest's background work: queueing the digests that are due, and sending them.

``digests_enqueue_due`` (``manage.py send_digests``) records one ``DigestSent`` row per member
and period and queues one ``send_digest_batch`` task per batch of new rows; running it twice in
the same period queues nothing new. ``contacts.digest`` builds what each digest lists.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from contacts.digest import DIGEST_EMAILS, digest_period, digests_build
from contacts.models import DigestSent, Frequency, ReminderSettings
from contacts.services import member_tz
from guanxi.mail import stable_message_id
from notifications.unsubscribe import unsubscribe_headers, unsubscribe_url
from workers.services import DATABASE_UNAVAILABLE

BATCH_SIZE = 500


def digests_enqueue_due(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Queue today's digests (daily members) and this week's (weekly members). Safe to rerun.

    Members are read in chunks (memory stays flat however many there are) and each chunk of
    new ``DigestSent`` rows becomes ONE task, which builds all its digests in a fixed number
    of queries.
    """
    now = now or timezone.now()
    subscribed = (
        ReminderSettings.objects.exclude(frequency=Frequency.OFF)
        .filter(member__is_active=True)
        .select_related("member")
        .order_by("pk")
    )
    queued = 0
    chunk: list[ReminderSettings] = []
    for setting in subscribed.iterator(chunk_size=batch_size):
        chunk.append(setting)
        if len(chunk) == batch_size:
            queued += _enqueue_chunk(chunk, now)
            chunk = []
    if chunk:
        queued += _enqueue_chunk(chunk, now)
    return queued


def _enqueue_chunk(chunk, now) -> int:
    wanted = {(s.member_id, digest_period(s.member, s.frequency, now)) for s in chunk}
    with transaction.atomic():
        DigestSent.objects.bulk_create(
            [DigestSent(member_id=m, period=p, created_at=now) for m, p in wanted],
            ignore_conflicts=True,
        )
        candidates = DigestSent.objects.select_for_update(skip_locked=True).filter(
            member_id__in={m for m, _p in wanted},
            period__in={p for _m, p in wanted},
            queued_at__isnull=True,
        )
        ids = [r.pk for r in candidates if (r.member_id, r.period) in wanted]
        if ids:
            DigestSent.objects.filter(pk__in=ids).update(queued_at=now)
            send_digest_batch.enqueue(digest_ids=ids)
    return len(ids)


@task()
def send_digest_batch(*, digest_ids: list[int]) -> None:
    """E-mail a batch of members' reminder digests, each in its member's language and time zone.

    Safe to run twice and to die in the middle: each digest is marked sent in its own
    transaction, which commits only once the mail backend took the message (the row stays
    locked meanwhile, so a second run waits, then skips it). A crash leaves the unsent rest of
    the batch unmarked for the rerun; only a crash between the hand-over and the commit sends
    one digest twice, with the same Message-ID. A failed e-mail stays unmarked and the task
    fails after the rest of the batch went, so it is retried.
    """
    now = timezone.now()
    pending = dict(
        DigestSent.objects.filter(pk__in=digest_ids, sent_at__isnull=True).values_list(
            "pk", "member_id"
        )
    )
    if not pending:
        return
    digests = digests_build(list(pending.values()), now=now)
    empty = [pk for pk, m in pending.items() if not (digests.get(m) and digests[m].items)]
    # Nothing due: no e-mail, and the period is recorded as done, in one statement.
    DigestSent.objects.filter(pk__in=empty, sent_at__isnull=True).update(sent_at=now)
    failed = []
    for pk, member_id in pending.items():
        if pk in empty:
            continue
        digest = digests[member_id]
        try:
            with transaction.atomic():
                claimed = DigestSent.objects.filter(pk=pk, sent_at__isnull=True).update(
                    sent_at=now, item_count=len(digest.items)
                )
                if claimed:
                    digest_send(digest=digest, message_id=stable_message_id("digest", pk))
        except DATABASE_UNAVAILABLE:
            raise  # the database went away: the rerun picks up what is left
        except Exception:
            failed.append(pk)
    if failed:
        raise RuntimeError(f"{len(failed)} digest e-mails failed and stay queued: {failed}")


def send_digest(*, digest_id: int) -> None:
    """One member's digest now (the batch task with a batch of one)."""
    send_digest_batch.call(digest_ids=[digest_id])


def digest_send(*, digest, message_id: str | None = None) -> None:
    member = digest.member
    with translation.override(member.email_language), timezone.override(member_tz(member)):
        context = {
            "recipient": member,
            "digest": digest,
            "items": digest.items,
            "url": settings.SITE_URL + reverse("contacts:gone_quiet"),
            "settings_url": settings.SITE_URL + reverse("contacts:settings"),
            "unsubscribe_url": unsubscribe_url(member_id=member.pk, name=DIGEST_EMAILS),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("contacts/email/digest_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=" ".join(subject.splitlines()),
            body=render_to_string("contacts/email/digest_body.txt", context),
            to=[member.email],
            headers={
                "Content-Language": member.email_language,
                **({"Message-ID": message_id} if message_id else {}),
                **unsubscribe_headers(member_id=member.pk, name=DIGEST_EMAILS),
            },
        )
        message.attach_alternative(
            render_to_string("contacts/email/digest_body.html", context), "text/html"
        )
        message.send()
