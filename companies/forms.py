from django import forms
from django.utils.translation import gettext_lazy as _


class CompanyForm(forms.Form):
    name_en = forms.CharField(label=_("English name"), max_length=120)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. abbreviations or former names"),
    )
    confirm_new = forms.BooleanField(
        label=_("I checked: this is a different company from those listed above."),
        required=False,
    )

    def alias_list(self) -> list[str]:
        raw = self.cleaned_data.get("aliases", "").replace("，", ",").replace("、", ",")
        return [a.strip() for a in raw.split(",") if a.strip()]
