"""Where the platform learns a member's company and title, for the contact it makes of them.

The apps that know (a member's network profile, their referrer channel) sit above contacts, so
they plug in here: each registers a source in its ``AppConfig.ready`` with the place it takes
in the order. A source is ``source(member)`` that returns ``(company, title)``, or ``None``
when it knows nothing of the member's work; the first source that knows wins.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

WorkSource = Callable[[object], tuple[str, str] | None]

_sources: list[tuple[int, WorkSource]] = []  # kept sorted by order


def member_work_source_add(source: WorkSource, *, order: int) -> None:
    """Ask ``source`` in the place ``order`` (lowest first). Adding the same source again at
    the same place does nothing; two sources may not share a place."""
    for taken, known in _sources:
        if known is source and taken == order:
            return
        if known is source or taken == order:
            raise ImproperlyConfigured(
                f"Work source {source.__qualname__} at order {order} clashes with "
                f"{known.__qualname__} at order {taken}."
            )
    _sources.append((order, source))
    _sources.sort(key=lambda entry: entry[0])


def member_known_work(member) -> tuple[str, str]:
    """The company and title of a member, when the platform knows them (their network profile
    first, then their referrer channel), else no company and their headline as the title."""
    for _order, source in _sources:
        work = source(member)
        if work is not None:
            return work
    return "", member.headline
