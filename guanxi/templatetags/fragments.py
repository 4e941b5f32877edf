"""``{% fragment obj ... %}…{% endfragment %}``: cache a rendered piece of a page by its content.

Rendering a card or a row with Django's template language costs far more than fetching it; the
busiest pages show the same cards again and again. A fragment is stored under a key made from
everything it depends on, so it never needs invalidating:

- a fingerprint of each value named in the tag (for a model instance: every loaded field, every
  related object loaded with it and every annotation, so any change to what is shown makes a
  new key);
- the viewer (always: a fragment is never shared between members), the page's path and query,
  the active language and the active time zone;
- the place of the fragment in its template, and ``FRAGMENT_CACHE_VERSION`` for deploys.

Naming a version instead of the rows saves reading them at all. The busiest lists are wrapped
whole in a fragment keyed on a number that moves whenever anything they show changes, and their
views pass the rows lazily (``SimpleLazyObject``), so a repeat visit with nothing changed runs
none of the list's queries:

- ``user.lists_version`` (loaded with the member on every page) for "My requests", the referral
  inbox, the contacts list and "Keep in touch"; ``accounts.services.member_lists_changed``;
- ``companies_version`` for the company list and search results, ``page_version`` for a
  company's page and ``directory_version`` for the member directory, kept in the shared cache
  (``guanxi.versions``); ``companies.services.companies_changed``, ``company_page_changed`` and
  ``network.services.directory_changed``.

Every write the page depends on must move its version (the services do, in the transaction of
the change); the rows inside such a fragment are still fragments of their own content, so after
a change only what changed is rendered again.

Entries live a short time (``FRAGMENT_CACHE_SECONDS``), which bounds how stale a relative time
such as "3 hours ago" can get, and what a version does not cover (another member renaming
themselves shows in my lists within that time). The cache is each process's own memory
(``caches["fragments"]``): keys made of content and versions make sharing between processes
unnecessary.

Anything else the fragment shows from its context must be named in the tag: model instances,
querysets, pages, dataclasses, lists, dicts and plain values are fingerprinted by their content;
any other object only by its text. A form inside a fragment is fine: its CSRF token is stored as
a placeholder and filled in on every request.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import hashlib
import uuid
import zlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.template.loader_tags import BlockNode
from django.utils import timezone, translation
from django.utils.functional import LazyObject, empty
from django.utils.safestring import mark_safe

register = template.Library()

CSRF_PLACEHOLDER = "CSRFTOKENFRAGMENTPLACEHOLDER"
SCALARS = (
    str, int, float, bool, type(None), decimal.Decimal, datetime.date, datetime.time, uuid.UUID
)  # fmt: skip
SCALAR_TYPES = frozenset(SCALARS) | {datetime.datetime}
SKIPPED_ATTRIBUTES = frozenset(("_state", "_prefetched_objects_cache"))


def fingerprint(value, depth: int = 0) -> str:
    """A stable text for ``value``: equal exactly when what a template could show is equal."""
    value = unwrap(value)
    if isinstance(value, SCALARS):
        return repr(value)
    return repr(_parts(value, depth))


def unwrap(value):
    """The object behind ``request.user`` and other lazy objects; a query's or a page's rows."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    if isinstance(value, QuerySet):
        return list(value)  # evaluated once: the template's loop reuses the same rows
    if isinstance(value, Page):
        return [value.number, unwrap(value.object_list)]
    return value


def _parts(value, depth: int):
    if type(value) in SCALAR_TYPES:
        return value
    value = unwrap(value)
    if isinstance(value, Model):
        return _model_parts(value, depth)
    if isinstance(value, (list, tuple)):
        return [_parts(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_parts(v, depth + 1)) for v in value)
    if isinstance(value, dict):
        return [(repr(k), _parts(v, depth + 1)) for k, v in value.items()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # e.g. a KeysetPage: every field, rows included.
        return [
            type(value).__qualname__,
            *(_parts(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)),
        ]
    if isinstance(value, SCALARS):
        return value
    # Anything else (a lazy translation, a custom object) is described by its text.
    return f"{type(value).__qualname__}:{value}"


def _model_parts(obj: Model, depth: int):
    if depth > 4:
        return (obj._meta.label, obj.pk)
    parts = [obj._meta.label]
    attributes = dict(obj.__dict__)
    for name in SKIPPED_ATTRIBUTES:
        attributes.pop(name, None)
    values = list(attributes.values())
    if set(map(type, values)) <= SCALAR_TYPES:
        # The usual row: loaded fields and annotations only, compared without a Python loop.
        parts.extend(values)
    else:
        for name, value in attributes.items():
            if type(value) in SCALAR_TYPES:
                parts.append(value)
            else:
                parts.append((name, _parts(value, depth + 1)))
    for name, related in obj._state.fields_cache.items():
        parts.append((name, _parts(related, depth + 1)))
    for name, prefetched in getattr(obj, "_prefetched_objects_cache", {}).items():
        parts.append((name, [_parts(v, depth + 1) for v in prefetched]))
    return parts


# Fragments longer than this (whole lists) are kept compressed: a worker keeps thousands of
# fragments, and a list of cards in Chinese is 20–70 kB of text; compressed, a few kB.
COMPRESS_ABOVE = 8192


def storable(html: str):
    if len(html) <= COMPRESS_ABOVE:
        return html
    return zlib.compress(html.encode(), 1)


def stored_text(value) -> str | None:
    return zlib.decompress(value).decode() if isinstance(value, bytes) else value


class FragmentNode(template.Node):
    # Django looks for the {% block %}s of a page's root template on every render by walking
    # all its nodes; a fragment holds none (``do_fragment`` refuses them), so the walk need not
    # enter it. The site header, a fragment of base.html, is most of base.html's nodes.
    child_nodelists = ()

    def __init__(self, nodelist, vary_on, place: str):
        self.nodelist = nodelist
        self.vary_on = vary_on
        self.place = place

    def key(self, context) -> str:
        user = context.get("user")
        return cache_key(
            "fragment",
            self.place,
            context.get("request"),
            repr(getattr(user, "pk", None)),
            *(fingerprint(v.resolve(context)) for v in self.vary_on),
        )

    def render(self, context):
        key = self.key(context)
        html = kept_text(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = str(self.nodelist.render(context))
            keep_text(key, html)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return mark_safe(html)  # noqa: S308 - our own rendered template output


def cache_key(kind: str, place: str, request, *parts: str) -> str:
    """The key of a kept fragment or page: its place, the page's path and query, the active
    language and time zone, ``FRAGMENT_CACHE_VERSION`` and ``parts`` (the viewer, the values it
    is kept for)."""
    text = "|".join(
        [
            str(getattr(settings, "FRAGMENT_CACHE_VERSION", 1)),
            place,
            request.get_full_path() if request is not None else "",
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            *parts,
        ]
    )
    return f"{kind}:" + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def kept_text(key: str) -> str | None:
    return stored_text(caches["fragments"].get(key))


def keep_text(key: str, html: str) -> None:
    caches["fragments"].set(key, storable(html), getattr(settings, "FRAGMENT_CACHE_SECONDS", 60))


@register.tag("fragment")
def do_fragment(parser, token):
    """``{% fragment value1 value2 … %}`` … ``{% endfragment %}``."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError(
            "{% block %} cannot be inside {% fragment %}: put the fragment inside the block."
        )
    # The n-th fragment of its template: the same in every process.
    parser.fragment_count = getattr(parser, "fragment_count", 0) + 1
    origin = getattr(parser, "origin", None)
    name = getattr(origin, "template_name", None) or getattr(origin, "name", "")
    place = f"{name}#{parser.fragment_count}"
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits], place)
