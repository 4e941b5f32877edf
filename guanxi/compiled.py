"""Queries run on every request that differ only by their values, compiled once per process.

Building a queryset and compiling it to SQL costs Django about 0.3–1.3 ms of CPU each time, more
than PostgreSQL takes to answer the lists of a member's page (docs/performance.md, thirteenth
round). A compiled query builds and compiles its queryset once per database, with a placeholder
for each value, and then runs that SQL with each request's values:

- ``CompiledQuery(build, int, …)``: ``rows(*values)`` are the model instances the queryset
  ``build(*values)`` gives, ``select_related`` rows and annotations included (Django's own
  iterable reads them, from the compiler made the first time). Keyword arguments of ``rows``
  are compiled into the SQL (a slice's bounds, say): each combination is compiled once, so
  they must come from a small set. ``bind(*values, **shape)`` can be sliced like the queryset,
  for a paginator;
- ``CompiledLookup(model, build)``: the first row for one value (a member by key, a company by
  slug), or None.

``build`` must take everything that varies from its arguments: the current time or anything
else read while building is frozen into the SQL the first time.
"""

import copy
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

from django.db import connections, router
from django.db.models import Model, QuerySet

# Values that stand for each argument while the query is compiled (the nth argument's), within
# the range of the columns they stand for.
_PLACEHOLDERS = {
    int: lambda n: -1_739_120_465 - n,
    str: lambda n: f"\x1fguanxi-compiled-placeholder-{n}\x1f",
    datetime: lambda n: datetime(1901, 2, 3, 4, 5, 6, 739_120 + n, tzinfo=UTC),
    date: lambda n: date(1901, 2, 3 + n),
}


def _adapter(kind, connection) -> Callable:
    """How Django passes a value of ``kind`` to this database as a query's parameter."""
    if kind is datetime:
        return connection.ops.adapt_datetimefield_value
    if kind is date:
        return connection.ops.adapt_datefield_value
    return lambda value: value


class _Compiled:
    """One compilation: the queryset as built, its compiler (which knows the columns), the SQL,
    its parameters and where each value goes in them."""

    def __init__(self, queryset: QuerySet, alias: str, placeholders: list):
        connection = connections[alias]
        self.queryset = queryset.using(alias)
        self.compiler = self.queryset.query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.adapters = [_adapter(type(p), connection) for p in placeholders]
        self.slots = []  # for each value, where it goes in the parameters
        for placeholder, adapt in zip(placeholders, self.adapters, strict=True):
            bound = adapt(placeholder)
            slots = [i for i, param in enumerate(self.params) if param == bound]
            if not slots:
                raise ValueError("The query must use each of its values.")
            self.slots.append(slots)

    def rows(self, alias: str, values: tuple) -> list:
        params = list(self.params)
        for slots, adapt, value in zip(self.slots, self.adapters, values, strict=True):
            for slot in slots:
                params[slot] = adapt(value)
        # A compiler of this thread's connection that answers with the compiled SQL; Django's
        # iterable then reads the rows as the queryset would have.
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[alias]
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


class CompiledQuery:
    """``build(*values, **shape)`` returns the queryset; ``rows(*values, **shape)`` runs it.

    ``kinds`` are the types of the values, in order: ``int``, ``str``, ``datetime`` or ``date``,
    each already of that type when passed (a key as an ``int``). At most ``KEPT`` shapes are
    kept compiled, the most recently compiled ones."""

    KEPT = 64

    def __init__(self, model: type[Model], build: Callable[..., QuerySet], *kinds: type):
        self.model = model
        self.build = build
        self.placeholders = [_PLACEHOLDERS[kind](n) for n, kind in enumerate(kinds)]
        self._compiled: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def _query(self, alias: str, shape: dict) -> _Compiled:
        key = (alias, *sorted(shape.items()))
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = self.build(*self.placeholders, **shape)
            compiled = _Compiled(queryset, alias, self.placeholders)
            with self._lock:  # threads may compile at once; they take turns to forget
                while len(self._compiled) >= self.KEPT:
                    self._compiled.pop(next(iter(self._compiled)))
                self._compiled[key] = compiled
        return compiled

    def rows(self, *values, **shape) -> list:
        alias = router.db_for_read(self.model)
        return self._query(alias, shape).rows(alias, values)

    def bind(self, *values, **shape) -> "BoundQuery":
        return BoundQuery(self, values, shape)


class BoundQuery:
    """A compiled query with its values, sliced as its queryset would be: ``[bottom:top]`` runs
    it with ``bottom`` and ``top`` as shape (``build`` slices with them). The pages of a list
    are few shapes; a counted list's last page, shorter, may be compiled each time it is read."""

    def __init__(self, query: CompiledQuery, values: tuple, shape: dict):
        self.query = query
        self.values = values
        self.shape = shape

    def __getitem__(self, window: slice) -> list:
        if not isinstance(window, slice) or window.step is not None or window.stop is None:
            raise TypeError("A compiled query is read a slice at a time.")
        if window.stop <= (window.start or 0):
            return []
        bottom, top = window.start or 0, window.stop
        return self.query.rows(*self.values, **self.shape, bottom=bottom, top=top)


class CompiledLookup:
    """``build(value)`` returns the queryset for one value; ``lookup(value)`` runs it for any.

    ``value`` must already be of the type the column takes (an ``int`` for a key, a ``str`` for
    a slug)."""

    def __init__(self, model: type[Model], build: Callable[[object], QuerySet], *, text=False):
        self.query = CompiledQuery(model, lambda value: build(value)[:1], str if text else int)

    def lookup(self, value) -> Model | None:
        """The first row for ``value``, or None."""
        return next(iter(self.query.rows(value)), None)
