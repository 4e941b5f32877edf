from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import RsvpStatus


class RsvpForm(forms.Form):
    status = forms.ChoiceField(label=_("Your answer"), choices=RsvpStatus.choices)
