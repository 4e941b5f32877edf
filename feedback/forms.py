from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What works, what doesn't, what is missing?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(
        label=_("E-mail for a reply (optional)"),
        required=False,
    )
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
