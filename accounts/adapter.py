from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from guanxi.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Remember the language a member signed up in, and send allauth's mail in it."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not user.language:
            user.language = translation.get_language() or ""
        if not user.display_name:
            user.display_name = user.email.split("@")[0]
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request):
        # One rule for every rate limit: trust a proxy header only when configured to.
        return client_ip(request) or "unknown"
