"""Log in with LinkedIn: allauth's OpenID Connect provider, configured from the environment
(``LINKEDIN_CLIENT_ID``, ``LINKEDIN_CLIENT_SECRET``, ``LINKEDIN_OIDC_URL`` in guanxi/settings.py,
which names ``LinkedInProvider`` as the provider's class). docs/security.md says what is trusted.
"""

import requests
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.urls import reverse

from accounts.time_zones import listed_zone

PROVIDER_ID = "linkedin"


def linkedin_enabled() -> bool:
    """Whether LinkedIn sign-in is on: its app is configured (settings.SOCIALACCOUNT_PROVIDERS)."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return any(app.get("provider_id") == PROVIDER_ID for app in apps)


def linkedin_login_url() -> str:
    """Where "Continue with LinkedIn" posts to; empty while LinkedIn sign-in is off."""
    if not linkedin_enabled():
        return ""
    return reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})


class LinkedInProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, which also keeps the browser's time zone for a new
    member, answers with the error page when LinkedIn does not (allauth let that be a 500), and
    uses LinkedIn's userinfo only about the person its id_token names (OpenID Connect Core
    5.3.2, which allauth does not check)."""

    # allauth looks for a provider's URLs in its package: they are OpenID Connect's.
    package = "allauth.socialaccount.providers.openid_connect"

    def get_redirect_from_request_kwargs(self, request):
        # The button's form carries the browser's zone (static/js/time-zone.js), as sign-up's
        # does; allauth keeps it in the state it stores for the way back.
        kwargs = super().get_redirect_from_request_kwargs(request)
        time_zone = listed_zone(request.POST.get("time_zone", "").strip()[:64])
        if time_zone:
            kwargs["time_zone"] = time_zone
        return kwargs

    def extract_uid(self, data):
        userinfo, id_token = data.get("userinfo"), data.get("id_token")
        if userinfo and id_token and userinfo.get("sub") != id_token.get("sub"):
            raise OAuth2Error("LinkedIn's userinfo and id_token name different people")
        return super().extract_uid(data)

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        try:
            return super().redirect(request, process, next_url=next_url, data=data, **kwargs)
        except requests.RequestException as error:  # LinkedIn's discovery document did not come
            return render_authentication_error(request, self, exception=error)
