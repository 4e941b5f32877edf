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
