"""Whole pages kept rendered per version: a repeat visit with nothing changed skips the
template engine and the page's queries.

``kept_page`` keeps the whole document under a version the services move with every change the
page shows, together with everything else the layout shows:

- the viewer as loaded on every page (every loaded field but ``last_login``: name, staff flag,
  lists version, the unread-notification count), the page's path and query, the language and
  the time zone, and ``FRAGMENT_CACHE_VERSION`` for deploys;
- the template's name and the page's ``version``.

The CSRF token of the page's forms is kept as a placeholder and filled in on every request. A
page with messages to show is rendered and not kept. Entries live in each process's memory
(``caches["fragments"]``) for ``FRAGMENT_CACHE_SECONDS``: relative times are at most that old.
A value is fingerprinted by its content (``fingerprint``): a model instance by every loaded
field, related object and annotation; querysets, pages, dataclasses, lists and dicts by their
items; anything else by its text.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import hashlib
import uuid
import zlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.functional import LazyObject, empty

CSRF_PLACEHOLDER = "CSRFTOKENFRAGMENTPLACEHOLDER"
SCALARS = (
    str, int, float, bool, type(None), decimal.Decimal, datetime.date, datetime.time, uuid.UUID
)  # fmt: skip
SCALAR_TYPES = frozenset(SCALARS) | {datetime.datetime}
# last_login moves at every sign-in and no page shows it.
SKIPPED_ATTRIBUTES = frozenset(("_state", "_prefetched_objects_cache", "last_login"))


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


def _key(request, template_name: str, version) -> str:
    return cache_key(
        "page", template_name, request, fingerprint(request.user), fingerprint(version)
    )


def _with_token(request, html: str) -> str:
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return html


def kept_page(request, template_name: str, context: dict | Callable[[], dict], *, version):
    """The page ``template_name`` renders with ``context``, kept whole per ``version``.

    ``version`` must change whenever anything the page shows changes, other than the viewer, the
    path, the language and the time zone (which are part of the key already). ``context`` may be
    a function, called only when the page is rendered (it may raise ``Http404``)."""
    if request.method != "GET" or get_messages(request):
        return TemplateResponse(request, template_name, context() if callable(context) else context)
    key = _key(request, template_name, version)
    html = kept_text(key)
    if html is not None:
        return HttpResponse(_with_token(request, html))
    context = context() if callable(context) else context
    response = TemplateResponse(request, template_name, {**context, "csrf_token": CSRF_PLACEHOLDER})

    def keep(response):
        html = response.content.decode()
        keep_text(key, html)
        response.content = _with_token(request, html)

    response.add_post_render_callback(keep)
    return response
