import logging
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from guanxi.ratelimit import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteName:
    """What allauth's e-mail context calls ``current_site``: our name, never the request's
    host (without the Sites framework allauth would greet "from 127.0.0.1")."""

    name: str
    domain: str


def welcome_url() -> str:
    """Where a new member lands once their address is confirmed: their profile, with a welcome."""
    return reverse("accounts:profile") + "?welcome=1"


class AccountAdapter(DefaultAccountAdapter):
    """Remember the language and time zone a member signed up with, send allauth's mail in
    their language under our name, and lead a new member to their profile."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not user.language:
            user.language = translation.get_language() or ""
        if not user.display_name:
            user.display_name = user.email.split("@")[0]
        # The browser's zone, read through our list (accounts.forms.SignupTimeZoneForm).
        time_zone = form.cleaned_data.get("time_zone")
        if time_zone:
            user.time_zone = time_zone
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            context = {
                **context,
                "current_site": SiteName(
                    name=gettext("Guanxi 關係"), domain=urlsplit(settings.SITE_URL).netloc
                ),
            }
            super().send_mail(template_prefix, email, context)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The account whose failed sign-ins are counted: its address alone. allauth prefixes
        the request's host, port included, so ``Host: guanxi.tw:1``, ``:2``… (all allowed by
        ``ALLOWED_HOSTS``, which ignores the port) would each get five guesses, and two web
        processes reached on different ports would count apart."""
        return credentials.get("email", credentials.get("username", "")).lower()

    def get_signup_redirect_url(self, request):
        # Signing up and confirming in the same browser signs the member in and lands here.
        return welcome_url()

    def get_email_verification_redirect_url(self, email_address):
        # Confirmed in another browser than the one that signed up: the new member is not
        # signed in yet, so they sign in first and then land on their profile all the same.
        if not self.request.user.is_authenticated and email_address.user.last_login is None:
            return f"{reverse('account_login')}?{urlencode({'next': welcome_url()})}"
        return super().get_email_verification_redirect_url(email_address)

    def get_client_ip(self, request):
        # One rule for every rate limit: trust a proxy header only when configured to.
        return client_ip(request) or "unknown"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Log in with LinkedIn (accounts/linkedin.py): a new member gets their LinkedIn name and
    the defaults of sign-up, and only addresses verified on both sides link accounts."""

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = (data.get("name") or "").strip() or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.display_name = name[: user._meta.get_field("display_name").max_length]
        # Verified means LinkedIn's email_verified is JSON true: not "true", not "false".
        for address in sociallogin.email_addresses:
            address.verified = address.verified is True
        return user

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        if form is None:  # signed up at once, without allauth's form (AccountAdapter.save_user)
            user.language = user.language or translation.get_language() or ""
            user.time_zone = sociallogin.state.get("time_zone") or user.time_zone
            if not user.display_name:
                user.display_name = user.email.split("@")[0]
        return super().save_user(request, sociallogin, form=form)

    def authenticate_by_email(self, sociallogin):
        """The member who confirmed here the address LinkedIn has verified, if any. allauth
        would also sign in to an account whose address was never confirmed (taking its password
        away); we answer as sign-up does instead."""
        found = super().authenticate_by_email(sociallogin)
        if found is None:
            return None
        user, email = found
        if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
            return None
        return found

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        # For whoever runs the site: the member only sees that LinkedIn could not sign them in.
        logger.warning("Log in with %s failed: %s %r", provider, error, exception)
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
