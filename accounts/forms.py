import json
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.time_zones import ALIASES, listed_zone, time_zone_choices


class LanguageSelect(forms.Select):
    """Each language is named in itself (繁體中文, English) whatever the page's language, as
    language pickers are, and says which language it is in for screen readers."""

    def create_option(self, name, value, label, *args, **kwargs):
        if value:
            with translation.override(value):
                label = str(label)
        option = super().create_option(name, value, label, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class ProfileForm(forms.ModelForm):
    linkedin_url = forms.URLField(
        label=User._meta.get_field("linkedin_url").verbose_name,
        required=False,
        assume_scheme="https",
    )
    # The listed zones, grouped by region and named by city in the page's language.
    time_zone = forms.ChoiceField(
        label=capfirst(User._meta.get_field("time_zone").verbose_name), choices=time_zone_choices
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "headline",
            "city",
            "time_zone",
            "language",
            "languages_spoken",
            "linkedin_url",
        ]
        widgets = {"language": LanguageSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An account may hold a zone the picker does not list (an old alias, America/Boise):
        # the picker shows the listed zone that keeps the same clock.
        self.initial["time_zone"] = listed_zone(self.initial.get("time_zone")) or settings.TIME_ZONE
        # static/js/time-zone.js offers the browser's zone, read through the same aliases.
        self.fields["time_zone"].widget.attrs["data-time-zone-aliases"] = json.dumps(ALIASES)

    def clean_linkedin_url(self):
        url = self.cleaned_data["linkedin_url"]
        host = (urlsplit(url).hostname or "").lower()
        if url and not (host == "linkedin.com" or host.endswith(".linkedin.com")):
            raise forms.ValidationError(_("Please enter a link to your LinkedIn profile."))
        return url


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account, requests and resumes will be deleted for good."
        ),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if not member.has_usable_password():
            # Logs in with LinkedIn only: there is no password to ask for (and whoever holds
            # the session could set one), so the confirmation alone decides.
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password


class SignupTimeZoneForm(forms.Form):
    """Added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the browser's time zone,
    which static/js/time-zone.js writes into this hidden field. The adapter saves it with the
    new member; a missing or unknown zone leaves the default."""

    time_zone = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}),
    )

    def clean_time_zone(self) -> str:
        return listed_zone(self.cleaned_data["time_zone"].strip()) or ""

    def signup(self, request, user):
        """allauth calls this after saving the member; the adapter already stored the zone."""
