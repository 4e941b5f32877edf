"""The JSON API at /api/ (docs/api.md): django-ninja, OpenAPI 3 at /api/openapi.json and its
browsable docs at /api/docs (Swagger UI, served from our own static files under our CSP).

Every endpoint needs a personal access token (``api.auth.TokenAuth``) and calls the same
selectors and services as the pages: a member's own objects are found inside their own
querysets, so another member's object is a 404, and a refused action is the service's own
translated sentence.
"""

import functools

from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from api import errors
from api.auth import TokenAuth
from api.endpoints import channels, companies, contacts, inbox, notifications, requests

DESCRIPTION = """\
The Guanxi API: companies and their referrers, your requests, your referral inbox, your
referrer channels, your contacts and your notifications, as JSON.

**Authentication.** Make a personal access token in your account settings ("API tokens") and
send it with every request: `Authorization: Bearer gx_…`. A *read only* token can read; a *read
and write* token can also act (withdraw, refer, decline…). Cookies are not read here.

**Errors** are JSON: `{"detail": "…", "code": "…", "errors": [...]}`, the sentence in your
language. Another member's object is a 404. **Pages** come by cursor: follow `next`.
**Rate limit:** per token, per minute; a 429 says how long to wait (`Retry-After`).
See docs/api.md in the source for more.
"""


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class Docs(Swagger):
    """Swagger UI from django-ninja's own copy (our static files), in a page of ours."""

    template = "api/docs.html"


class GuanxiAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # A member's data, chosen by a header: never stored by a browser or a proxy.
        response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ["Authorization"])
        return response

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__


api = GuanxiAPI(
    title="Guanxi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    renderer=Renderer(),
    docs=Docs(settings={"validatorUrl": None, "tryItOutEnabled": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/companies", companies.router)
api.add_router("/notifications", notifications.router)
api.add_router("/requests", requests.router)
api.add_router("/inbox", inbox.router)
api.add_router("/channels", channels.router)
api.add_router("/contacts", contacts.router)


def _json_405(view):
    """ninja answers a method an address does not take with an empty 405: say it in JSON."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            detail = _("This address does not take %(method)s.") % {"method": request.method}
            allowed = response["Allow"]
            response = api.create_response(
                request, errors.body(detail, "method_not_allowed"), status=405
            )
            response["Allow"] = allowed
        return response

    answer.csrf_exempt = True  # as ninja's own views: the API reads no cookie
    return answer


def urls():
    """The API's URL patterns, for ``include()`` (``api.urls``, each answering 405s in JSON)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_405(pattern.callback)
    return patterns, app_name, namespace
