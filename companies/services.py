"""Writes for companies: add, keep the search index up to date, merge duplicates."""

from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from companies.models import Company, CompanyAlias, CompanyDomain
from companies.search import search_key, search_text


class CompanyError(Exception):
    pass


def domain_of(website: str) -> str:
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    host = host.lower().strip(".")
    return host[4:] if host.startswith("www.") else host


def company_refresh_search_text(*, company: Company) -> None:
    names = [company.name_en, company.name_zh, *company.aliases.values_list("name", flat=True)]
    company.search_text = search_text(names)
    company.save(update_fields=["search_text"])


def company_find_duplicates(*, names: list[str], website: str = "") -> list[Company]:
    """Existing companies sharing a name, an alias or the website's domain."""
    keys = {search_key(name) for name in names if search_key(name)}
    condition = Q(pk__in=[])
    for key in keys:
        condition |= Q(search_text__contains=f"|{key}|")
    domain = domain_of(website) if website else ""
    if domain:
        condition |= Q(domains__domain=domain)
    return list(Company.objects.filter(condition).distinct().order_by("name_en")[:5])


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "company"
    slug, n = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def company_create(
    *,
    name_en: str,
    name_zh: str = "",
    website: str = "",
    aliases: list[str] | None = None,
    created_by=None,
    allow_duplicate: bool = False,
) -> Company:
    name_en, name_zh = name_en.strip(), name_zh.strip()
    aliases = [a.strip() for a in aliases or [] if a.strip()]
    if not name_en:
        raise CompanyError(_("Please enter the company's English name."))
    if not allow_duplicate and company_find_duplicates(
        names=[name_en, name_zh, *aliases], website=website
    ):
        raise CompanyError(_("A company with this name, alias or website already exists."))
    company = Company.objects.create(
        name_en=name_en,
        name_zh=name_zh,
        website=website,
        slug=_unique_slug(name_en),
        created_by=created_by,
    )
    CompanyAlias.objects.bulk_create(
        [CompanyAlias(company=company, name=a) for a in dict.fromkeys(aliases)]
    )
    domain = domain_of(website) if website else ""
    if domain and not CompanyDomain.objects.filter(domain=domain).exists():
        CompanyDomain.objects.create(company=company, domain=domain)
    company_refresh_search_text(company=company)
    return company


def company_merge_check(*, source: Company, target: Company) -> None:
    """Refuse a merge that cannot be made (``CompanyError``)."""
    if source.pk == target.pk:
        raise CompanyError(_("A company cannot be merged into itself."))


@transaction.atomic
def company_fold_into(*, source: Company, target: Company) -> Company:
    """The companies' half of a merge (``workflows.companies.company_merge``): ``source``'s
    names become ``target``'s aliases, its domains move to ``target``, and ``source`` goes."""
    existing = set(target.aliases.values_list("name", flat=True))
    for name in [source.name_en, source.name_zh, *source.aliases.values_list("name", flat=True)]:
        if name and name not in existing and name not in (target.name_en, target.name_zh):
            CompanyAlias.objects.create(company=target, name=name)
            existing.add(name)
    CompanyDomain.objects.filter(company=source).update(company=target)
    source.delete()
    company_refresh_search_text(company=target)
    return target
