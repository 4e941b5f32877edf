from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What it is for, e.g. “my job-search spreadsheet”."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read only: see your requests, inbox, contacts and notifications. Read and write: "
            "also act for you, e.g. withdraw a request or decline one in your inbox."
        ),
    )
