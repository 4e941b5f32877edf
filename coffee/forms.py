from django import forms
from django.utils.translation import gettext_lazy as _

from coffee.models import CoffeeChat, CoffeeSlot, Duration, Mode
from guanxi.formats import when


def _slot_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class SlotsForm(forms.Form):
    """Two or three times, entered in the member's own time zone (the active one)."""

    slot_1 = _slot_field(_("First time"))
    slot_2 = _slot_field(_("Second time"))
    slot_3 = _slot_field(_("Third time (optional)"), required=False)

    def slots(self) -> list:
        return [self.cleaned_data.get(f"slot_{i}") for i in (1, 2, 3)]


class ProposeForm(SlotsForm):
    goal = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=140,
        help_text=_(
            "One clear sentence, for example: advice on moving from QA to backend engineering."
        ),
    )
    mode = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=Mode.choices,
        initial=Mode.IN_PERSON,
        widget=forms.RadioSelect,
        help_text=_("They choose the place or send the meeting link."),
    )
    duration = forms.TypedChoiceField(
        label=_("How long?"), choices=Duration.choices, coerce=int, initial=Duration.MIN_30
    )

    field_order = ["goal", "mode", "duration", "slot_1", "slot_2", "slot_3"]


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CoffeeSlot) -> str:
        return when(obj.starts_at, "weekday_time")


def _location_fields(form, chat: CoffeeChat, *, required: bool) -> None:
    if chat.mode == Mode.ONLINE:
        form.fields["meeting_link"] = forms.URLField(
            label=_("Meeting link"),
            max_length=500,
            required=required,
            assume_scheme="https",
            initial=chat.meeting_link,
            help_text=_("For example a Google Meet, Zoom or Teams link."),
        )
    else:
        form.fields["place"] = forms.CharField(
            label=_("Where shall we meet?"),
            max_length=200,
            required=required,
            initial=chat.place,
            help_text=_("A café you like, near where you work or live, with its address."),
        )


class RespondForm(forms.Form):
    """Pick one of the offered times; the invitee also names the place or the link."""

    slot = SlotChoiceField(
        label=_("Choose a time"),
        queryset=CoffeeSlot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, chat: CoffeeChat, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = chat.slots.all()
        if member.pk == chat.invitee_id:
            _location_fields(self, chat, required=True)


class RescheduleForm(SlotsForm):
    def __init__(self, *args, chat: CoffeeChat, member, **kwargs):
        super().__init__(*args, **kwargs)
        if member.pk == chat.invitee_id:
            _location_fields(self, chat, required=True)
