from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.job_ids import job_id_from_link
from referrals.models import AskKind, DeclineReason, JobFamily, Outcome, ReferrerChannel
from resumes.models import Resume


class ChannelForm(forms.ModelForm):
    accepted_kinds = forms.MultipleChoiceField(
        label=_("Kinds of request you accept"),
        choices=AskKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[AskKind.ADVICE, AskKind.REFERRAL],
        help_text=_("Seekers can start small: an advice chat before a referral."),
    )
    job_families = forms.MultipleChoiceField(
        label=_("Job families you can refer for"),
        choices=JobFamily.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    paused_until = forms.DateField(
        label=_("Paused until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to pause until you resume by hand."),
    )

    class Meta:
        model = ReferrerChannel
        fields = [
            "job_title",
            "team",
            "locations",
            "job_families",
            "instructions",
            "accepted_kinds",
            "capacity",
            "is_accepting",
            "paused_until",
        ]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        paused_until = data.get("paused_until")
        if not data.get("is_accepting") and paused_until and paused_until <= timezone.localdate():
            self.add_error("paused_until", _("Choose a date in the future, or leave it empty."))
        return data

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not 1 <= capacity <= 50:
            raise forms.ValidationError(_("Choose a capacity between 1 and 50 open requests."))
        return capacity


# Where the resume of a request comes from.
LIBRARY, UPLOAD, NO_RESUME = "library", "upload", "none"


class ReferralRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you asking for?"), widget=forms.RadioSelect)
    position_title = forms.CharField(label=_("Position title"), max_length=160)
    job_url = forms.URLField(
        label=_("Job link"), required=False, max_length=500, assume_scheme="https"
    )
    job_id = forms.CharField(label=_("Job ID"), required=False, max_length=80)
    # The job ID the form proposed from the link, so a seeker who clears it is not asked again.
    job_id_proposed = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)
    location = forms.CharField(label=_("Location"), required=False, max_length=120)
    resume_source = forms.ChoiceField(
        label=_("Your resume"), widget=forms.RadioSelect, required=False
    )
    resume = forms.ModelChoiceField(
        label=_("Resume from your library"),
        queryset=Resume.objects.none(),
        required=False,
        empty_label=None,  # the latest is chosen; "Upload a new PDF" is the other way
    )
    upload = forms.FileField(
        label=_("New resume (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    keep_in_library = forms.BooleanField(
        label=_("Keep this resume in my library for later requests"),
        required=False,
        initial=True,
    )
    note = forms.CharField(
        label=_("Why are you a good fit?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Three to five sentences: your experience, why this role, why this team."),
    )
    confirm_instructions = forms.BooleanField(
        label=_("I have read the referrer's instructions."),
    )
    confirm_accurate = forms.BooleanField(
        label=_("My resume is up to date and the job is still open."),
    )

    def __init__(self, *args, channel: ReferrerChannel, seeker, propose_job_id=False, **kwargs):
        super().__init__(*args, **kwargs)
        # The page proposes the job ID it finds in a link for the seeker to check (the API
        # takes what it is sent).
        self.propose_job_id = propose_job_id
        labels = dict(AskKind.choices)
        self.fields["kind"].choices = [
            (k, labels[k]) for k in AskKind.values if k in channel.accepted_kinds
        ]
        if AskKind.REFERRAL in channel.accepted_kinds:
            self.fields["kind"].initial = AskKind.REFERRAL
        library = Resume.objects.filter(owner=seeker, in_library=True)  # newest first
        self.fields["resume"].queryset = library
        latest = library.only("pk").first()
        self.has_library = latest is not None
        sources = [(UPLOAD, _("Upload a new PDF"))]
        if self.has_library:
            # Preselect the latest resume of the library: a seeker who has one sends it unless
            # they choose otherwise, with or without JavaScript.
            sources.insert(0, (LIBRARY, _("Use a resume from my library")))
            self.fields["resume"].initial = latest.pk
        if AskKind.ADVICE in channel.accepted_kinds:
            sources.append((NO_RESUME, _("No resume (fine for an advice chat)")))
        self.fields["resume_source"].choices = sources
        self.fields["resume_source"].initial = sources[0][0]
        self.fields["upload"].help_text = _("PDF only, up to %(limit)s.") % {
            "limit": filesizeformat(settings.RESUME_MAX_BYTES)
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == AskKind.REFERRAL and not (data.get("job_url") or data.get("job_id")):
            self.add_error("job_id", _("A referral needs the job link or the job ID."))
        self._clean_resume(data, kind)
        if self.propose_job_id:
            self._propose_job_id(data)
        return data

    def _propose_job_id(self, data) -> None:
        """A link without a job ID: show the ID found in it, never store it unseen. Once
        proposed, an empty ID is the seeker's choice."""
        if data.get("kind") != AskKind.REFERRAL or not data.get("job_url") or data.get("job_id"):
            return
        found = job_id_from_link(data["job_url"])
        if not found or found == data.get("job_id_proposed"):
            return
        self.data = self.data.copy()
        self.data["job_id"] = self.data["job_id_proposed"] = found
        self.add_error(
            "job_id",
            _(
                "We found the job ID “%(job_id)s” in the job link. Check it (or clear it), "
                "then send your request again."
            )
            % {"job_id": found},
        )
        if data.get("upload"):
            self.add_error(
                "upload", _("Choose your PDF again: the form comes back without the file.")
            )

    def _clean_resume(self, data, kind) -> None:
        """Keep only the resume of the chosen source: the library's (the select always sends
        one), a new PDF, or none."""
        resume, upload = data.get("resume"), data.get("upload")
        source = data.get("resume_source")
        if not source:  # a client that sends no choice: whichever it attached
            if resume and upload:
                self.add_error(
                    "upload", _("Choose a resume from your library or upload one, not both.")
                )
                return
            source = UPLOAD if upload else LIBRARY if resume else ""
        if source == LIBRARY and upload:
            self.add_error(
                "upload",
                _(
                    "You attached a new PDF but chose a resume from your library. Choose "
                    "“Upload a new PDF” to send the new one."
                ),
            )
            return
        if source != LIBRARY:
            data["resume"] = None
        if source != UPLOAD:
            data["upload"] = None
        if kind and kind != AskKind.ADVICE and not (data.get("resume") or data.get("upload")):
            if "upload" not in self.errors and "resume" not in self.errors:
                self.add_error("upload", _("Please attach your resume as a PDF."))


class AskInfoForm(forms.Form):
    question = forms.CharField(
        label=_("What do you need from the seeker?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(
        label=_("Share a contact detail (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only if you want to: the seeker never sees your e-mail otherwise."),
    )


class ReferForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the seeker (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(
        label=_("Share a contact detail (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only if you want to: the seeker never sees your e-mail otherwise."),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("A kind word or advice (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("How did it go?"), choices=Outcome.choices)


class ThankForm(forms.Form):
    message = forms.CharField(
        label=_("Your thank-you"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="",
    )


class WorkEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work e-mail address"),
        help_text=_("We send a code there and keep only the domain, never the address."),
    )


class VerificationCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the e-mail"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("The code has six digits.")},
    )
