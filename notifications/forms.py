from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import OPTIONAL_EMAIL_KINDS, Delivery, Kind


class EmailSettingsForm(forms.Form):
    """Which kinds of notification are e-mailed (ticked) and when. The page draws the boxes
    grouped by place (``notifications.messages.optional_email_kinds_by_place``)."""

    emailed_kinds = forms.MultipleChoiceField(
        label=_("E-mail me about"),
        choices=[(kind, Kind(kind).label) for kind in OPTIONAL_EMAIL_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose only from the notifications listed.")},
    )
    action_links = forms.BooleanField(
        label=_("Let me decide or answer from the e-mail"),
        required=False,
        help_text=_(
            "E-mails about a referral request carry a link that is yours alone: as a referrer, "
            "refer, ask for information or decline; as a seeker, answer a referrer's question; "
            "without signing in, until the request is closed. Turned off, the e-mails link to "
            "the request on the site, where you sign in, and links already sent stop working."
        ),
    )
    delivery = forms.ChoiceField(
        label=_("When to e-mail me"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose when you want your e-mails."),
            "invalid_choice": _("Please choose when you want your e-mails."),
        },
    )
