"""Work-e-mail verification of a referrer channel ("verified employee").

A code goes to an address at one of the company's domains; entering it marks the channel
verified. Only the domain and the time are kept — never the address — and only a hash of the
code, which is single-use, expires, and allows a few attempts.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.models import CompanyDomain
from guanxi.ratelimit import Limit, hit
from referrals.models import ReferrerChannel, WorkEmailCode
from referrals.services import ReferralError

CODE_TTL = timedelta(minutes=30)
MAX_ATTEMPTS = 5
SEND_PER_CHANNEL = Limit("verify-send-channel", 3, 3600)
SEND_PER_MEMBER = Limit("verify-send-member", 6, 86400)


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def company_domain_for(*, company_id: int, email: str) -> str | None:
    """The company domain that ``email`` belongs to (exact or a subdomain), if any."""
    host = email.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    for domain in CompanyDomain.objects.filter(company_id=company_id).values_list(
        "domain", flat=True
    ):
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def channel_verification_send(*, channel: ReferrerChannel, email: str) -> WorkEmailCode:
    email = email.strip()
    try:
        validate_email(email)
    except Exception:
        raise ReferralError(_("Please enter a valid e-mail address.")) from None
    domain = company_domain_for(company_id=channel.company_id, email=email)
    if domain is None:
        if not CompanyDomain.objects.filter(company_id=channel.company_id).exists():
            raise ReferralError(
                _(
                    "No e-mail domain is listed for this company yet. Please ask the moderators "
                    "through the feedback form."
                )
            )
        raise ReferralError(_("This address is not at one of the company's domains."))
    if hit(SEND_PER_CHANNEL, str(channel.pk)) or hit(SEND_PER_MEMBER, str(channel.referrer_id)):
        raise ReferralError(_("Too many codes were sent. Please wait an hour and try again."))
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        WorkEmailCode.objects.filter(channel=channel, used_at__isnull=True).update(used_at=now)
        record = WorkEmailCode.objects.create(
            channel=channel,
            domain=domain,
            code_hash=_hash(code),
            created_at=now,
            expires_at=now + CODE_TTL,
        )
    # Sent directly rather than through a task, so the address is never written anywhere.
    with translation.override(channel.referrer.email_language):
        context = {"code": code, "company": channel.company, "minutes": 30}
        send_mail(
            subject=render_to_string("referrals/email/verify_subject.txt", context).strip(),
            message=render_to_string("referrals/email/verify_body.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    return record


def channel_verification_confirm(*, channel: ReferrerChannel, code: str) -> ReferrerChannel:
    now = timezone.now()
    problem = None
    with transaction.atomic():
        record = (
            WorkEmailCode.objects.select_for_update()
            .filter(channel=channel, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if record is None:
            problem = _("This code has expired. Please ask for a new one.")
        elif record.attempts >= MAX_ATTEMPTS:
            problem = _("Too many wrong codes. Please ask for a new one.")
        elif not hmac.compare_digest(record.code_hash, _hash(code.strip())):
            # Counted even though the attempt is refused: the count is committed.
            WorkEmailCode.objects.filter(pk=record.pk).update(attempts=record.attempts + 1)
            problem = _("That code is not right. Please check the e-mail and try again.")
        else:
            WorkEmailCode.objects.filter(pk=record.pk).update(used_at=now)
            channel.verified_domain = record.domain
            channel.verified_at = now
            channel.save(update_fields=["verified_domain", "verified_at"])
    if problem:
        raise ReferralError(problem)
    return channel
