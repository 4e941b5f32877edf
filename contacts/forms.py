import datetime

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.linkedin import MAX_BYTES
from contacts.models import Frequency, InteractionKind, Tag


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    tags = forms.MultipleChoiceField(
        label=_("Role types"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    how_we_met = forms.CharField(
        label=_("How we met"),
        max_length=300,
        required=False,
        help_text=_("For example: the Taiwanese engineers meetup in Seattle, March 2024."),
    )
    linkedin_url = forms.URLField(
        label=_("LinkedIn URL"), max_length=300, required=False, assume_scheme="https"
    )
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    cadence_days = forms.IntegerField(
        label=_("Keep in touch every (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("For example 30 for once a month. Leave empty for no reminder."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def initial_for(cls, contact) -> dict:
        return {
            "name": contact.name,
            "company": contact.company,
            "title": contact.title,
            "email": contact.email,
            "tags": contact.tag_list,
            "how_we_met": contact.how_we_met,
            "linkedin_url": contact.linkedin_url,
            "website": contact.website,
            "cadence_days": contact.cadence_days,
            "notes": contact.notes,
        }


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was it?"), choices=InteractionKind.choices, widget=forms.RadioSelect
    )
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    topics = forms.CharField(
        label=_("Topics discussed"),
        max_length=300,
        required=False,
        help_text=_("For example: their team's hiring plans, visa timeline, a book they liked."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_occurred_at(self):
        # The input has minutes only: "now" (this very minute) means now, to the second, so a
        # conversation just logged counts as the latest one.
        value = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if value is not None and value <= now and now - value < datetime.timedelta(minutes=1):
            return now
        return value


class FollowUpForm(forms.Form):
    topic = forms.CharField(
        label=_("Topic to come back to"),
        max_length=200,
        help_text=_("For example: ask how the interview went; send the article on visas."),
    )
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _import_size_help() -> str:
    return gettext("At most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}


# Formatted when shown, in the language of the page (not once, at import).
import_size_help = lazy(_import_size_help, str)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Connections.csv from LinkedIn"),
        help_text=import_size_help(),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "This file is larger than %(mb)d MB. Please upload the Connections.csv file "
                    "only."
                ),
                params={"mb": MAX_BYTES // (1024 * 1024)},
            )
        return upload


class SettingsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Send me a reminder digest"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The digest lists follow-ups that are due and contacts you have not talked to for "
            "longer than you wanted, with your last conversation."
        ),
    )
