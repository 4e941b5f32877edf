from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.models import Industry, Intent, Offer, RoleType
from network.services import NOTE_MAX_LENGTH


def _blank(label, choices):
    return [("", label), *choices]


class NetworkProfileForm(forms.Form):
    """The networking part of the member's one profile page (accounts.views.profile_edit).

    The headline, city and languages are the member's own (accounts.forms.ProfileForm): each
    field is edited in one place only.
    """

    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    company = forms.CharField(label=_("Current company"), max_length=120, required=False)
    role_type = forms.ChoiceField(
        label=_("Role type"), choices=_blank(_("Not specified"), RoleType.choices), required=False
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=_blank(_("Not specified"), Industry.choices), required=False
    )
    intents = forms.MultipleChoiceField(
        label=_("I am looking for"),
        choices=Intent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Being clear about what you want makes it easy for others to help."),
    )
    offers = forms.MultipleChoiceField(
        label=_("I can offer"),
        choices=Offer.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Good networking goes both ways: what could you give back?"),
    )
    about = forms.CharField(
        label=_("About me"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        help_text=_("A few sentences on what you do and what you like to talk about."),
    )
    listed = forms.BooleanField(
        label=_("Show me in the member directory"),
        required=False,
        help_text=_(
            "Signed-in members can then find your profile and ask to connect. Untick it to stay "
            "out of the directory; people you are connected with can still see your profile."
        ),
    )

    @staticmethod
    def initial_for(profile) -> dict:
        """What the form shows for ``profile``; a first save lists the member, and the box
        says so before they press it."""
        if profile is None:
            return {"listed": True}
        return {
            "intents": profile.intent_list,
            "offers": profile.offer_list,
            "role_type": profile.role_type,
            "industry": profile.industry,
            "company": profile.company,
            "job_title": profile.job_title,
            "about": profile.about,
            "listed": profile.listed,
        }


class DirectoryFilterForm(forms.Form):
    intent = forms.ChoiceField(
        label=_("Looking for"), choices=_blank(_("Anything"), Intent.choices), required=False
    )
    offer = forms.ChoiceField(
        label=_("Can offer"), choices=_blank(_("Anything"), Offer.choices), required=False
    )
    role_type = forms.ChoiceField(
        label=_("Role type"), choices=_blank(_("Any role"), RoleType.choices), required=False
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=_blank(_("Any industry"), Industry.choices), required=False
    )
    company = forms.CharField(label=_("Company"), max_length=120, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    language = forms.CharField(
        label=_("Language"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Mandarin")}),
    )

    def filters(self) -> dict:
        """The cleaned filters; a field with an invalid value is simply left out."""
        self.is_valid()
        return {k: v.strip() for k, v in self.cleaned_data.items() if v and v.strip()}


class MeetWishForm(forms.Form):
    role_type = forms.ChoiceField(
        label=_("Role type"), choices=_blank(_("Any role"), RoleType.choices), required=False
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=_blank(_("Any industry"), Industry.choices), required=False
    )
    company = forms.CharField(label=_("Company"), max_length=120, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)

    def clean(self):
        data = super().clean()
        parts = ["role_type", "industry", "company", "city"]
        if not any((data.get(k) or "").strip() for k in parts):
            raise forms.ValidationError(
                _("Describe the person with at least one of role type, industry, company or city.")
            )
        return data


class ConnectForm(forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("note sent with a connection request", "Your note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": NOTE_MAX_LENGTH}),
        help_text=_(
            "Short and specific works best: say who you are, what you are looking for and what "
            "you would like to discuss. Replace the part in brackets."
        ),
    )


class ShortlistForm(forms.Form):
    note = forms.CharField(
        label=_("Why you want to meet them"),
        max_length=200,
        required=False,
        help_text=_("Only you see this note."),
    )
