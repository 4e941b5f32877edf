"""Our own error pages, and a 503 instead of a 500 while the database is unreachable.

The pages (templates/400.html … 503.html on templates/errors/layout.html) are rendered without
the request, so no context processor runs and nothing reads the session, the member or the
database: they still render when the database is down.
"""

import sys

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
# The inner response went through the security middleware; the 503 that replaces it keeps these.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


def _page(template_name: str, status: int) -> HttpResponse:
    """An error page in the active language, rendered without the request."""
    return HttpResponse(loader.render_to_string(template_name), status=status)


def bad_request(request, exception=None):
    return _page("400.html", 400)


def permission_denied(request, exception=None):
    return _page("403.html", 403)


def page_not_found(request, exception=None):
    return _page("404.html", 404)


def too_many_requests(request, exception=None):
    """allauth's rate limits answer through ``handler429`` of the root URLconf."""
    return _page("429.html", 429)


def server_error(request):
    return _page("500.html", 500)


def database_unavailable(request) -> HttpResponse:
    """503 in the visitor's language, without touching the database."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(
        request
    )
    with translation.override(language):
        response = _page("503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def _note_database_error(sender, request=None, **kwargs):
    """Mark a request whose unhandled exception was a database error.

    Django turns an exception into a response in whichever middleware layer (or view) raised
    it, and sends ``got_request_exception`` from inside that ``except`` block first, so
    ``sys.exc_info()`` is the exception wherever it happened.
    """
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        request.database_unavailable = True


class DatabaseUnavailableMiddleware:
    """First in MIDDLEWARE: a request during which the database failed gets our 503.

    Whatever the inner layers made of the error (our 500 page, or the debug page with its
    traceback when DEBUG is on) is replaced by the 503 page. Only that request is marked, so the
    site answers normally again as soon as the database does.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_database_error, dispatch_uid=__name__)

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "database_unavailable", False):
            return response
        unavailable = database_unavailable(request)
        for header in SECURITY_HEADERS:
            if header in response:
                unavailable[header] = response[header]
        return unavailable
