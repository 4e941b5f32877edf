"""Reads for companies. Each returns a queryset or list with a fixed number of queries."""

from django.db.models import Case, IntegerField, QuerySet, When

from companies.models import Company
from companies.search import close_matches, search_key


def company_list() -> QuerySet[Company]:
    """Companies with active referrers first, then alphabetically."""
    return Company.objects.order_by("-active_referrer_count", "name_en", "pk")


def company_search(query: str) -> QuerySet[Company]:
    key = search_key(query)
    if not key:
        return company_list()
    matches = company_list().filter(search_text__contains=key)
    if matches.exists():
        # Names that start with the query come first.
        return matches.annotate(
            starts=Case(
                When(search_text__contains=f"|{key}", then=0),
                default=1,
                output_field=IntegerField(),
            )
        ).order_by("starts", "-active_referrer_count", "name_en", "pk")
    ids = close_matches(key, list(Company.objects.values_list("pk", "search_text")))
    if not ids:
        return Company.objects.none()
    order = Case(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField())
    return Company.objects.filter(pk__in=ids).order_by(order)
