"""Reads for companies. Each returns a queryset or list with a fixed number of queries."""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, QuerySet, Value, When
from django.db.models.expressions import Func, RawSQL

from companies.models import Company, CompanyAlias
from companies.search import close_matches, search_key
from guanxi.compiled import CompiledLookup, CompiledQuery

# Word similarity (pg_trgm) a typo must reach to count as a match: "gogle" → "google" is 0.83,
# "amazn" → "amazon" 0.67.
TYPO_THRESHOLD = 0.6
TYPO_LIMIT = 10


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


# A company's page looks its company up by slug on every visit: compiled once.
_by_slug = CompiledLookup(Company, lambda slug: Company.objects.filter(slug=slug), text=True)


def company_by_slug(slug: str) -> Company | None:
    return _by_slug.lookup(slug)


# Its page lists its other names on every visit: compiled once too.
_aliases = CompiledQuery(
    CompanyAlias, lambda company: CompanyAlias.objects.filter(company=company).order_by("pk"), int
)


def aliases_of(company: Company) -> list[CompanyAlias]:
    """The company's other names, in the order they were added."""
    return _aliases.rows(company.pk)


# What a company card shows: lists load only these columns. (``search_text``, a few short keys:
# for a signed-in member each card says how many people they know there, workflows.warm_paths.)
CARD_FIELDS = ("name_en", "name_zh", "slug", "active_referrer_count", "search_text")


def company_list() -> QuerySet[Company]:
    """Companies with active referrers first, then alphabetically."""
    return Company.objects.order_by("-active_referrer_count", "name_en", "pk")


# The company list in keyset order: the same order as company_list(), written so that one index
# (companies_company_list_keyset, on PostgreSQL) both orders the rows and seeks to a cursor.
KEYSET_ORDER = (RawSQL("-active_referrer_count", ()).asc(), "name_en", "pk")
AFTER = "(-active_referrer_count, name_en, id) > (%s, %s, %s)"
BEFORE = "(-active_referrer_count, name_en, id) < (%s, %s, %s)"


@dataclass
class KeysetPage:
    """One page of the company list, reached by a cursor instead of an offset."""

    object_list: list[Company] = field(default_factory=list)
    next_after: int | None = None
    previous_before: int | None = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_after or self.previous_before)


def _keyset_page(*anchor, top: int, backwards: bool) -> QuerySet[Company]:
    """The first ``top`` companies of the list after (or, backwards, before) the anchor's
    ``(-active_referrer_count, name_en, id)``; from the top without one."""
    companies = Company.objects.only(*CARD_FIELDS)
    if anchor:
        condition = BEFORE if backwards else AFTER
        companies = companies.filter(RawSQL(condition, anchor, output_field=BooleanField()))
    if backwards:
        order = (RawSQL("-active_referrer_count", ()).desc(), "-name_en", "-pk")
        return companies.order_by(*order)[:top]
    return companies.order_by(*KEYSET_ORDER)[:top]


# The list is read on every visit: its queries compiled once (guanxi.compiled), as the cursor's
# key and its row's place.
_anchor = CompiledQuery(
    Company,
    lambda pk: Company.objects.filter(pk=pk).values_list("active_referrer_count", "name_en", "pk"),
    int,
)
_first_page = CompiledQuery(Company, lambda top: _keyset_page(top=top, backwards=False))
_page_after = CompiledQuery(
    Company, lambda *anchor, top: _keyset_page(*anchor, top=top, backwards=False), int, str, int
)
_page_before = CompiledQuery(
    Company, lambda *anchor, top: _keyset_page(*anchor, top=top, backwards=True), int, str, int
)


def company_list_page(*, per_page: int, after: int | None = None, before: int | None = None):
    """A page of the company list after (or before) the company with this id.

    Deep pages cost the same as the first: the index seeks to the cursor instead of skipping
    rows. Two queries with a cursor (the cursor's row, then the page), one without.
    """
    cursor = after or before
    anchor = next(iter(_anchor.rows(cursor)), None) if cursor else None
    if anchor is None:
        rows = _first_page.rows(top=per_page + 1)
    else:
        place = (-anchor[0], anchor[1], anchor[2])
        backwards = bool(before)
        rows = (_page_before if backwards else _page_after).rows(*place, top=per_page + 1)
        if backwards:
            more = len(rows) > per_page
            rows = rows[:per_page][::-1]
            return KeysetPage(
                rows,
                next_after=rows[-1].pk if rows else None,
                previous_before=rows[0].pk if more and rows else None,
            )
    more = len(rows) > per_page
    rows = rows[:per_page]
    return KeysetPage(
        rows,
        next_after=rows[-1].pk if more else None,
        previous_before=rows[0].pk if anchor and rows else None,
    )


def company_search(query: str) -> QuerySet[Company]:
    """Companies matching ``query`` (names and aliases, either script, or a close spelling),
    best first."""
    key = search_key(query)
    if not key:
        return company_list().only(*CARD_FIELDS)
    matches = _containing(key)
    if matches.exists():
        return _best_first(matches, key)
    return _in_order(close_match_ids(key))


def company_search_counted(query: str) -> tuple[QuerySet[Company], int]:
    """``company_search`` with the number of matches, for a paginator: the count is also
    what tells a substring match from none, so no ``exists()`` is needed."""
    key = search_key(query)
    if not key:
        companies = company_list().only(*CARD_FIELDS)
        return companies, companies.count()
    matches = _containing(key)
    found = matches.count()
    if found:
        return _best_first(matches, key), found
    ids = close_match_ids(key)
    return _in_order(ids), len(ids)


def _containing(key: str) -> QuerySet[Company]:
    return company_list().filter(search_text__contains=key).only(*CARD_FIELDS)


def _best_first(matches: QuerySet[Company], key: str) -> QuerySet[Company]:
    """Names that start with the query come first."""
    return matches.annotate(
        starts=Case(
            When(search_text__contains=f"|{key}", then=0),
            default=1,
            output_field=IntegerField(),
        )
    ).order_by("starts", "-active_referrer_count", "name_en", "pk")


def _in_order(ids: list[int]) -> QuerySet[Company]:
    if not ids:
        return Company.objects.none()
    order = Case(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField())
    return Company.objects.filter(pk__in=ids).only(*CARD_FIELDS).order_by(order)


def close_match_ids(key: str) -> list[int]:
    """Ids of companies whose names are close to ``key`` (typo tolerance), best first.

    On PostgreSQL: trigram word similarity, answered by the GIN index on ``search_text`` in one
    query whatever the number of companies. Elsewhere: a Python pass over every name.

    PostgreSQL is told not to read the whole table instead: it does for a few hundred companies,
    costing the similarity of a name as any operator's, when it is ~3 µs each (2.7 ms for 800
    companies, against 0.2 ms from the index; docs/performance.md, thirteenth round).
    """
    if len(key) < 3:
        return []
    if connection.vendor != "postgresql":
        return close_matches(key, list(Company.objects.values_list("pk", "search_text")))
    similar = (
        Company.objects.filter(
            # ``<%`` is "word-similar"; the GIN trigram index serves it.
            RawSQL("%s <%% search_text", [key], output_field=BooleanField())
        )
        .annotate(similarity=WordSimilarity(Value(key), F("search_text")))
        .filter(similarity__gte=TYPO_THRESHOLD)
        .order_by("-similarity", "-active_referrer_count", "name_en", "pk")
        .values_list("pk", flat=True)[:TYPO_LIMIT]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # until the end of this transaction
        return list(similar)
