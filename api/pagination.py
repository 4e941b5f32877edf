"""Cursor pagination for the API's lists (docs/api.md).

A page is the list's next ``limit`` rows after a cursor. The cursor is opaque to clients: the
values of the list's ordering key at the last row of the previous page (keyset pagination, so
page 500 costs what page 1 costs and a row added meanwhile neither repeats nor skips one), or,
for a list ranked by relevance (a company search, a company's referrer cards), the position
reached. It is signed, so a client cannot forge one that the database would trip over, and
names its list, so one list's cursor is refused by another.

Each page runs a fixed number of queries: one (or two: the page's keys, then its rows).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from api.errors import ApiError

SALT = "api.cursor"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass
class CursorPage:
    items: list
    next_cursor: str | None


def _pack(value):
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"A cursor cannot hold {type(value).__name__}.")


def _unpack(value):
    if isinstance(value, dict):
        return datetime.fromisoformat(value["t"])
    return value


def cursor_encode(list_name: str, values: list) -> str:
    return signing.dumps([list_name, [_pack(v) for v in values]], salt=SALT, compress=True)


def cursor_decode(list_name: str, cursor: str, length: int) -> list:
    """The values a cursor of ``list_name`` holds; a 400 for any other string."""
    try:
        name, values = signing.loads(cursor, salt=SALT)
        if name != list_name or not isinstance(values, list) or len(values) != length:
            raise ValueError
        return [_unpack(v) for v in values]
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        raise _invalid_cursor() from None


def _invalid_cursor() -> ApiError:
    return ApiError(
        _("This cursor is not valid here. Use the “next” link of the previous page."),
        code="invalid_cursor",
    )


def _ordering(queryset: QuerySet) -> list[tuple[str, bool]]:
    """The queryset's ordering as (field, descending) pairs; every entry must be a name."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    fields = []
    for entry in order:
        if not isinstance(entry, str):
            raise TypeError("Keyset pagination needs an ordering by names.")
        fields.append((entry.lstrip("-"), entry.startswith("-")))
    return fields


def _after(fields: list[tuple[str, bool]], values: list) -> Q:
    """Rows after ``values`` in the ordering: (a > x) or (a = x and b > y) or …"""
    condition, equal = Q(), {}
    for (name, descending), value in zip(fields, values, strict=True):
        condition |= Q(**equal, **{f"{name}__{'lt' if descending else 'gt'}": value})
        equal[name] = value
    return condition


def _value(row, name: str):
    for part in name.split("__"):
        row = row.pk if part == "pk" else getattr(row, part)
    return row


def keyset_page(
    queryset: QuerySet, *, list_name: str, cursor: str | None, limit: int, rows=None
) -> CursorPage:
    """The page after ``cursor`` of ``queryset``, in its own order (by names of fields or
    annotations that are never null, as every list of the API is).

    With ``rows`` (a queryset of the same model: its joins and columns), ``queryset`` only
    chooses the page's keys and ``rows`` fetches those rows, as ``UncountedPaginator`` does.
    """
    fields = _ordering(queryset)
    if not fields or fields[-1][0] not in ("pk", "id"):
        # A key must name one row: the primary key breaks ties (it changes no order).
        fields.append(("pk", False))
        queryset = queryset.order_by(*[f"-{n}" if d else n for n, d in fields])
    if cursor:
        queryset = queryset.filter(_after(fields, cursor_decode(list_name, cursor, len(fields))))
    if rows is None:
        items = list(queryset[: limit + 1])
        more = len(items) > limit
        items = items[:limit]
        last = [_value(items[-1], name) for name, _d in fields] if items else None
    else:
        keys = list(queryset.values_list("pk", *[name for name, _d in fields])[: limit + 1])
        more = len(keys) > limit
        keys = keys[:limit]
        found = {row.pk: row for row in rows.filter(pk__in=[key[0] for key in keys])}
        items = [found[key[0]] for key in keys if key[0] in found]
        last = list(keys[-1][1:]) if keys else None
    return CursorPage(items, cursor_encode(list_name, last) if more and last else None)


def offset_page(sequence, *, list_name: str, cursor: str | None, limit: int) -> CursorPage:
    """The page after ``cursor`` of a list ranked by relevance: the cursor holds a position."""
    start = cursor_decode(list_name, cursor, 1)[0] if cursor else 0
    if not isinstance(start, int) or start < 0:
        raise _invalid_cursor()
    items = list(sequence[start : start + limit + 1])
    more = len(items) > limit
    return CursorPage(items[:limit], cursor_encode(list_name, [start + limit]) if more else None)


def next_link(request, cursor: str | None) -> str | None:
    """The URL of the next page: this request's, with the next cursor."""
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
