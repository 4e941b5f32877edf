from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Reason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details for the moderators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    block = forms.BooleanField(
        label=_("Also block this member: they can no longer send me requests or notes."),
        required=False,
    )
