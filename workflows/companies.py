"""Two companies merged: the referrals' half (channels and requests move), then the companies'
half (names and domains move, the duplicate goes), in one transaction."""

from django.db import transaction

from companies.models import Company
from companies.services import company_fold_into, company_merge_check
from referrals.services import referral_company_merged


@transaction.atomic
def company_merge(*, source: Company, target: Company) -> Company:
    """Fold a duplicate ``source`` into ``target``: channels, requests, names and domains move.

    A referrer with a channel at both keeps the target's channel, which receives the source
    channel's requests. A seeker with an open request at both keeps the older one open; the
    newer is closed as withdrawn with a note, so no one has two open requests at one company.
    Refused with ``CompanyError`` when ``source`` is ``target``.
    """
    company_merge_check(source=source, target=target)
    referral_company_merged(source=source, target=target)
    return company_fold_into(source=source, target=target)
