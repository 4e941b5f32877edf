from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator that stops counting after ``cap`` rows.

    Counting every match of a broad filter over a large table costs more than the page itself;
    past the cap the page says "more than N" and the member narrows the filters instead. The
    cap is about what a member would page through (eight pages of 24 cards). The count drops
    the list's ordering, which cannot change how many rows there are: ordered, PostgreSQL had
    to find the matches in display order (for a common city at a million members, 33,000
    profiles walked and 180 ms to count to 1,000); unordered it takes any plan (8 ms to 200).
    """

    cap = 200

    @cached_property
    def count(self) -> int:
        return min(self.object_list.order_by()[: self.cap + 1].count(), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


class CountedPaginator(Paginator):
    """A paginator for rows the caller has already counted: it runs no count of its own."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


class UncountedPage(Page):
    """A page that knows whether another follows without knowing how many there are."""

    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class UncountedPaginator(Paginator):
    """Pages through rows without counting them: one row more than a page tells whether a next
    page exists. For browsing a large list where the total is neither known nor needed.

    Like ``CappedPaginator``, it stops after ``cap`` rows; past that, members narrow the list.
    ``object_list`` is a queryset or anything sliced like one (a compiled query's
    ``guanxi.compiled.BoundQuery``).
    """

    cap = 1000

    def get_page(self, number) -> UncountedPage:
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        number = min(number, max(1, -(-self.cap // self.per_page)))
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            return self.get_page(1)
        has_more = len(rows) > self.per_page and bottom + self.per_page < self.cap
        return UncountedPage(rows[: self.per_page], number, self, has_more=has_more)
