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


class PlainField:
    """A filter field as a Jinja2 template writes it (``includes/field.jinja``), without
    rendering Django's widget: its label, options and attributes translated once per request,
    and the value the query holds. Text inputs and selects only, as ``includes/field.html``
    renders them: ``<label>``, the input, the help text and the errors."""

    __slots__ = (
        "name", "id", "label", "widget_type", "input_type", "value", "choices", "attrs",
        "help_text", "required", "errors",
    )  # fmt: skip

    def __init__(self, name: str, field: forms.Field, data, errors):
        widget = field.widget
        self.name = name
        self.id = f"id_{name}"
        self.label = str(field.label)
        self.help_text = str(field.help_text)
        self.required = field.required
        self.errors = list(errors.get(name, ())) if errors else []
        raw = data.get(name) if data is not None else None
        if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
            self.widget_type, self.input_type = "select", None
            self.choices = [(str(value), str(label)) for value, label in field.choices]
            self.value = "" if raw is None else str(raw)  # the option marked selected
        elif isinstance(widget, forms.TextInput):
            self.widget_type, self.input_type = "text", widget.input_type
            self.choices = ()
            self.value = None if raw in ("", None) else str(raw)  # no value="" when empty
        else:
            raise TypeError(f"{name}: only selects and text inputs are written in Jinja2")
        attrs = [(key, value) for key, value in widget.attrs.items() if value is not False]
        # A select asks for an answer only when its first option is the empty one (Django's
        # Select.use_required_attribute).
        if field.required and (not self.choices or self.choices[0][0] == ""):
            attrs.append(("required", True))
        if self.errors:
            attrs.append(("aria-invalid", "true"))
        described = [f"{self.id}_helptext"] if self.help_text else []
        described += [f"{self.id}_error"] if self.errors else []
        if described and not widget.attrs.get("aria-describedby"):
            attrs.append(("aria-describedby", " ".join(described)))
        # Django writes a boolean attribute (True) as its name alone.
        self.attrs = [(key, True if value is True else str(value)) for key, value in attrs]

    @property
    def labels(self) -> dict[str, str]:
        """The options' labels by value."""
        return dict(self.choices)

    @property
    def pill(self) -> str:
        """What the field narrows by (the pills of the directory's folded filters): the label
        of the chosen option, else the text typed; "" when it narrows by nothing."""
        value = (self.value or "").strip()
        if not value or self.widget_type != "select":
            return value
        return next((label for key, label in self.choices if key == self.value), "")


def plain_fields(form_class: type[forms.Form], form: forms.Form | None = None) -> dict:
    """The fields of ``form_class`` by name, each a ``PlainField`` with the values and errors
    of ``form`` (bound), or empty: the unbound form is never built."""
    if form is None:
        return {name: PlainField(name, f, None, None) for name, f in form_class.base_fields.items()}
    return {name: PlainField(name, f, form.data, form.errors) for name, f in form.fields.items()}
