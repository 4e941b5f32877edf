from django import forms

from accounts.models import User


class ProfileForm(forms.ModelForm):
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
