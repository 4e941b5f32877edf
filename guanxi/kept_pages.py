"""Whole pages kept rendered per version: a repeat visit with nothing changed skips the
template engine.

The busiest pages already keep their content in one ``{% fragment version %}``, so a repeat
visit runs no list query; it still rendered the layout around it (the head, the blocks, the
header and footer fragments, three cache reads): about a third of such a request's work.
``kept_page`` keeps the whole document under the same version, together with everything else
the layout shows:

- the viewer as loaded on every page (every loaded field: name, staff flag, lists version, the
  unread-notification count), the page's path and query, the language and the time zone, and
  ``FRAGMENT_CACHE_VERSION`` for deploys;
- the template's name and the page's ``version`` (the same values its content fragment is keyed
  on, plus anything the page shows outside it, such as the company whose name is the title).

The CSRF token of the page's forms is kept as a placeholder and filled in on every request, as in
fragments. A page with messages to show is rendered and not kept. Entries live in each process's
fragment cache for ``FRAGMENT_CACHE_SECONDS``, like fragments: relative times are at most that
old.
"""

from collections.abc import Callable

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse

from guanxi.templatetags.fragments import (
    CSRF_PLACEHOLDER,
    cache_key,
    fingerprint,
    keep_text,
    kept_text,
)


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
