"""The account settings' page of personal access tokens (docs/api.md): list, make, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from api.errors import body as error_body
from api.forms import TokenForm
from api.selectors import token_of, tokens_of
from api.services import TokenError, access_token_create, access_token_revoke

# The new token's secret between the form's POST and the page it redirects to (Post/Redirect/
# Get, so reloading that page cannot post the form again and make a second token). It stays in
# the member's server-side session for that one request and is removed when shown.
_NEW_TOKEN_KEY = "api_new_token"


@never_cache
@login_required
def token_list(request):
    """The member's tokens and a form to make one. A new token is shown once, on the page the
    form's POST redirects to: only its hash is stored, so no later page can show it again."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created, raw = access_token_create(
                member=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            request.session[_NEW_TOKEN_KEY] = {"pk": created.pk, "raw": raw}
            return redirect("tokens:list")
    tokens = list(tokens_of(request.user))
    created = raw = None
    if request.method == "GET" and (new := request.session.pop(_NEW_TOKEN_KEY, None)):
        created = next((t for t in tokens if t.pk == new["pk"]), None)
        raw = new["raw"] if created else None
    return TemplateResponse(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "created": created,
            "raw_token": raw,
            "docs_url": reverse("api:openapi-view"),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = token_of(request.user, pk)
    access_token_revoke(token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked. It no longer works.") % {"name": token.name}
    )
    return redirect("tokens:list")


def api_root(request):
    """/api/ itself: the API's documentation."""
    return redirect("api:openapi-view")


@csrf_exempt  # any method, from a client without cookies: nothing here reads or changes data
def api_not_found(request):
    """An address under /api/ that no endpoint answers: a JSON 404 in the visitor's language."""
    return JsonResponse(
        error_body(_("There is no such address in the API. See /api/docs."), "not_found"),
        status=404,
        json_dumps_params={"ensure_ascii": False},
        headers={"Cache-Control": "private, no-store"},
    )
