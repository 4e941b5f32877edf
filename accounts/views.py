import requests
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.openid_connect.views import callback as oidc_callback
from allauth.socialaccount.views import connections as allauth_connections
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.linkedin import PROVIDER_ID, linkedin_enabled
from accounts.models import User
from calendars.selectors import feed_address_of
from guanxi.ratelimit import Limit, hit
from network.forms import NetworkProfileForm
from network.selectors import profile_of
from network.services import network_profile_save
from workflows.members import member_delete, member_export

EXPORTS_PER_HOUR = Limit("export", 5, 3600)


@login_required
def profile_edit(request):
    """The member's one profile page: what others see, the network profile (what they look for
    and offer, whether the directory lists them), their language and time zone, and their
    private calendar feed."""
    member = request.user
    network_profile = profile_of(member)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=member)
    network_form = NetworkProfileForm(data, initial=NetworkProfileForm.initial_for(network_profile))
    if data is not None and form.is_valid() and network_form.is_valid():
        with transaction.atomic():
            form.save()
            # Also moves the directory's version: the member's card shows the new name at once.
            network_profile_save(user=member, **network_form.cleaned_data)
        if network_form.cleaned_data["listed"]:
            messages.success(request, _("Your profile is saved. You are listed in the directory."))
        else:
            messages.success(
                request, _("Your profile is saved. You are not in the member directory.")
            )
        return redirect("accounts:profile")
    return TemplateResponse(
        request,
        "accounts/profile_edit.html",
        {
            "form": form,
            "network_form": network_form,
            "network_profile": network_profile,
            # The "Calendar feed" section: its secret address, seen only here by its member.
            "calendar_feed": feed_address_of(member),
            # After sign-up (AccountAdapter.get_signup_redirect_url): a word of welcome.
            "welcome": "welcome" in request.GET,
        },
    )


@login_required
def linkedin(request):
    """The account settings' LinkedIn page (link, unlink): allauth's list of linked accounts
    (templates/socialaccount/connections.html), there only while LinkedIn sign-in is on."""
    if not linkedin_enabled():
        raise Http404
    return allauth_connections(request)


def linkedin_callback(request):
    """allauth's way back from LinkedIn, where LinkedIn not answering is the error page ("could
    not log you in"), not a 500: allauth fetches LinkedIn's discovery document there outside its
    own error handling."""
    try:
        return oidc_callback(request, PROVIDER_ID)
    except requests.RequestException as error:
        provider = get_social_adapter(request).get_provider(request, PROVIDER_ID)
        return render_authentication_error(request, provider, exception=error)


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in member's choice is stored on the account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(User._meta.get_field("language").choices):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


@login_required
def privacy(request):
    return TemplateResponse(
        request,
        "accounts/privacy.html",
        {
            "delete_form": DeleteAccountForm(member=request.user),
        },
    )


@login_required
@require_POST
def export(request):
    if hit(EXPORTS_PER_HOUR, str(request.user.pk)):
        messages.error(
            request,
            _("You have downloaded your data several times this hour. Please try again later."),
        )
        return redirect("accounts:privacy")
    response = HttpResponse(member_export(member=request.user), content_type="application/zip")
    name = f"guanxi-export-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, member=request.user)
    if not form.is_valid():
        return TemplateResponse(request, "accounts/privacy.html", {"delete_form": form})
    member = request.user
    logout(request)
    member_delete(member=member)
    messages.success(request, _("Your account and your data have been deleted. Take care!"))
    return redirect("home")
