from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext as _

from accounts.models import User


class ProfileForm(forms.ModelForm):
    linkedin_url = forms.URLField(
        label=User._meta.get_field("linkedin_url").verbose_name,
        required=False,
        assume_scheme="https",
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

    def clean_linkedin_url(self):
        url = self.cleaned_data["linkedin_url"]
        host = (urlsplit(url).hostname or "").lower()
        if url and not (host == "linkedin.com" or host.endswith(".linkedin.com")):
            raise forms.ValidationError(_("Please enter a link to your LinkedIn profile."))
        return url


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account, requests and resumes will be deleted for good."),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password
