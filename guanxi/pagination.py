from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator that stops counting after ``cap`` rows.

    Counting every match of a broad filter over a large table costs more than the page itself;
    past the cap the page says "more than N" and the member narrows the filters instead.
    """

    cap = 1000

    @cached_property
    def count(self) -> int:
        return min(self.object_list[: self.cap + 1].count(), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
