from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from referrals.job_ids import job_id_from_link


class AskKind(models.TextChoices):
    ADVICE = "advice", _("Advice chat")
    RESUME_REVIEW = "resume_review", _("Resume review")
    REFERRAL = "referral", _("Referral")


class JobFamily(models.TextChoices):
    SOFTWARE = "software", _("Software engineering")
    DATA = "data", _("Data and machine learning")
    HARDWARE = "hardware", _("Hardware and semiconductors")
    PRODUCT = "product", _("Product management")
    DESIGN = "design", _("Design and research")
    OPERATIONS = "operations", _("Operations and supply chain")
    SALES = "sales", _("Sales and business development")
    MARKETING = "marketing", _("Marketing and communications")
    FINANCE = "finance", _("Finance and accounting")
    PEOPLE = "people", _("People and recruiting")
    LEGAL = "legal", _("Legal and compliance")
    OTHER = "other", _("Other")


class ReferrerChannel(models.Model):
    """A member offering referrals at one company."""

    # Null once the referrer deleted their account: the seekers' history stays meaningful.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="channels",
        verbose_name=_("referrer"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name=_("company"),
    )
    job_title = models.CharField(_("job title"), max_length=120)
    team = models.CharField(_("team"), max_length=120, blank=True)
    locations = models.CharField(
        _("locations"),
        max_length=200,
        blank=True,
        help_text=_("Cities or regions you can refer for, e.g. Taipei, Seattle, remote"),
    )
    job_families = models.JSONField(_("job families"), default=list, blank=True)
    instructions = models.TextField(
        _("instructions to applicants"),
        blank=True,
        help_text=_("What you need from applicants: job IDs, resume format, anything else."),
    )
    accepted_kinds = models.JSONField(_("kinds of request accepted"), default=list)
    capacity = models.PositiveSmallIntegerField(
        pgettext_lazy("referrer channel", "capacity"),
        default=5,
        help_text=_(
            "The most open requests you want at once. When you have that many, seekers cannot "
            "ask you and are shown other referrers."
        ),
    )
    is_accepting = models.BooleanField(_("accepting requests"), default=True)
    paused_until = models.DateField(
        _("paused until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to pause until you resume by hand."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    verified_domain = models.CharField(_("verified work domain"), max_length=253, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    # Counters kept by referrals.services, so cards and lists never count rows.
    open_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("open requests")
    )
    received_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("requests received")
    )
    responded_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("requests answered")
    )
    expired_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("requests expired")
    )
    referred_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("applicants referred")
    )
    last_referred_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last referred at")
    )
    median_response_seconds = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("median response time (seconds)")
    )

    class Meta:
        verbose_name = _("referrer channel")
        verbose_name_plural = _("referrer channels")
        constraints = [
            models.UniqueConstraint(fields=["referrer", "company"], name="one_channel_per_company"),
        ]
        indexes = [models.Index(fields=["company", "is_accepting"])]

    def __str__(self) -> str:
        return f"{self.referrer} @ {self.company}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_full(self) -> bool:
        return self.open_count >= self.capacity

    @property
    def can_be_asked(self) -> bool:
        return self.is_accepting and not self.is_full

    @property
    def response_rate(self) -> float | None:
        """Share of requests answered before they expired; None until one has been answered.

        A rate of "0 %" beside "Not enough answers yet" says nothing a seeker can use: like the
        median response time, the rate appears with the first answer.
        """
        if not self.responded_count:
            return None
        return self.responded_count / (self.responded_count + self.expired_count)

    @property
    def response_rate_percent(self) -> int | None:
        rate = self.response_rate
        return None if rate is None else round(rate * 100)

    @property
    def last_referred_iso(self) -> str:
        """``last_referred_at`` in ISO 8601 in the active time zone (a ``datetime`` attribute)."""
        value = self.last_referred_at
        return "" if value is None else timezone.localtime(value).isoformat()

    @property
    def median_response_hours(self) -> float | None:
        if self.median_response_seconds is None:
            return None
        return self.median_response_seconds / 3600

    def get_kind_labels(self) -> list[str]:
        labels = dict(AskKind.choices)
        return [labels[k] for k in self.accepted_kinds if k in labels]

    def get_job_family_labels(self) -> list[str]:
        labels = dict(JobFamily.choices)
        return [labels[k] for k in self.job_families if k in labels]


class Status(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("request status", "Submitted")
    VIEWED = "viewed", pgettext_lazy("request status", "Viewed")
    NEEDS_INFO = "needs_info", pgettext_lazy("request status", "Needs info")
    REFERRED = "referred", pgettext_lazy("request status", "Referred")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("request status", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("request status", "Expired")


OPEN_STATUSES = (Status.SUBMITTED, Status.VIEWED, Status.NEEDS_INFO)
AWAITING_REFERRER = (Status.SUBMITTED, Status.VIEWED)
DECIDED_STATUSES = (Status.REFERRED, Status.DECLINED)

# The status pill of a request the referrer said yes to, worded for the kind of ask (the rest of
# the referral loop's wording is in ``referrals.wording``, which builds on these models).
DECIDED_STATUS = {
    AskKind.REFERRAL: pgettext_lazy("request status", "Referred"),
    AskKind.ADVICE: pgettext_lazy("request status", "Accepted"),
    AskKind.RESUME_REVIEW: pgettext_lazy("request status", "Reviewed"),
}

# The status pill of a request back with the referrer after the seeker answered their question.
INFO_PROVIDED_STATUS = pgettext_lazy("request status", "Info provided")


def ask_kind(kind: str) -> str:
    """``kind`` if it is a kind of ask, else a referral."""
    return kind if kind in AskKind.values else AskKind.REFERRAL


class DeclineReason(models.TextChoices):
    LEVEL_MISMATCH = "level_mismatch", _("Level mismatch")
    NO_OPENING = "no_opening", _("No matching opening")
    JOB_ID_MISSING = "job_id_missing", _("Job ID missing or wrong")
    RESUME_GAP = "resume_gap", _("Resume does not show the required experience")
    LOCATION = "location", _("Location or work authorisation")
    NOT_MY_AREA = "not_my_area", _("Outside the teams I can vouch for")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFER = "offer", _("Offer received")
    HIRED = "hired", _("Hired")
    NOT_SELECTED = "not_selected", _("Not selected")


class ReferralRequest(models.Model):
    # Null once the seeker deleted their account ("a deleted member" in the referrer's history).
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="referral_requests",
        verbose_name=_("seeker"),
    )
    channel = models.ForeignKey(
        ReferrerChannel,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name=_("referrer channel"),
    )
    # Copied from the channel so "one open request per seeker and company" is a constraint.
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="referral_requests",
        verbose_name=_("company"),
    )
    kind = models.CharField(
        _("kind of request"), max_length=20, choices=AskKind.choices, default=AskKind.REFERRAL
    )
    position_title = models.CharField(_("position title"), max_length=160)
    job_url = models.URLField(_("job link"), max_length=500, blank=True)
    job_id = models.CharField(_("job ID"), max_length=80, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    resume = models.ForeignKey(
        "resumes.Resume",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral_requests",
        verbose_name=_("resume"),
    )
    note = models.TextField(_("why you are a good fit"), max_length=3000)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    nudge_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reminder due at"))
    nudged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reminded at"))
    first_response_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("first response at")
    )
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))
    decline_reason = models.CharField(
        _("reason"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thanked at"))
    referrer_contact = models.CharField(
        _("contact details shared by the referrer"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("referral request")
        verbose_name_plural = _("referral requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "company"],
                condition=Q(status__in=["submitted", "viewed", "needs_info"]),
                name="one_open_request_per_seeker_and_company",
            ),
        ]
        indexes = [
            models.Index(fields=["seeker", "-created_at"]),
            models.Index(fields=["channel", "status", "created_at"]),
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["status", "nudge_at"]),
            # The weekly rollup (referrals.health) reads the last two weeks' requests by when
            # they were sent and by when they were decided or expired.
            models.Index(fields=["created_at"], name="referrals_request_created"),
            models.Index(fields=["closed_at"], name="referrals_request_closed"),
        ]

    def __str__(self) -> str:
        # "Engineer (Referred)" in English, 「Engineer（已內推）」 in Chinese.
        return pgettext("a name and its state", "%(name)s (%(value)s)") % {
            "name": self.position_title,
            "value": self.get_status_display(),
        }

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def link_job_id(self) -> str:
        """The job ID read from the job link (referrals.job_ids) when the seeker gave none."""
        return "" if self.job_id or not self.job_url else job_id_from_link(self.job_url)

    @property
    def awaits_referrer(self) -> bool:
        return self.status in AWAITING_REFERRER

    @property
    def info_provided(self) -> bool:
        """Back with the referrer after the seeker answered their question.

        A request awaiting the referrer that already had a first response can only have come
        back from "needs info": submitted (not opened since the answer) or viewed (opened
        again after it).
        """
        return self.status in AWAITING_REFERRER and self.first_response_at is not None

    @property
    def status_label(self) -> str:
        """The status as both sides read it, worded for the kind of ask."""
        if self.status == Status.REFERRED:
            return DECIDED_STATUS[ask_kind(self.kind)]
        if self.status == Status.SUBMITTED and self.first_response_at is not None:
            # Only the seeker's answer brings an answered request back to "submitted".
            return INFO_PROVIDED_STATUS
        return self.get_status_display()

    def get_absolute_url(self) -> str:
        return reverse("referrals:my_request", args=[self.pk])

    def get_inbox_url(self) -> str:
        return reverse("referrals:inbox_request", args=[self.pk])


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Request sent")
    VIEWED = "viewed", _("Opened by the referrer")
    NEEDS_INFO = "needs_info", _("Referrer asked for more information")
    INFO_PROVIDED = "info_provided", _("Seeker answered")
    REFERRED = "referred", _("Referred")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the seeker")
    EXPIRED = "expired", _("Expired without an answer")
    NUDGED = "nudged", _("Reminder sent to the referrer")
    OUTCOME = "outcome", _("Outcome reported")
    THANKED = "thanked", _("Thank-you sent")


class RequestEvent(models.Model):
    """One timestamped change in a request's life, shown as a timeline to both sides."""

    request = models.ForeignKey(
        ReferralRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices, verbose_name=_("kind"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    message = models.TextField(blank=True, verbose_name=_("message"))
    detail = models.CharField(max_length=30, blank=True, verbose_name=_("detail"))
    # Done through the personal link of an e-mail, without signing in (referrals.decision_links).
    via_email_link = models.BooleanField(default=False, verbose_name=_("from the e-mail link"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def detail_label(self) -> str:
        labels = {**dict(DeclineReason.choices), **dict(Outcome.choices)}
        return labels.get(self.detail, "")


class WorkEmailCode(models.Model):
    """A single-use code sent to a work address to verify a channel.

    The address itself is never stored: only its domain, and a hash of the code.
    """

    channel = models.ForeignKey(
        ReferrerChannel, on_delete=models.CASCADE, related_name="verification_codes"
    )
    domain = models.CharField(max_length=253)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("work e-mail code")
        verbose_name_plural = _("work e-mail codes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.domain} ({self.created_at:%Y-%m-%d %H:%M})"


# Response times are counted in these ranges (hours, about doubling): a median cannot be added up
# over weeks or companies, but counts per range can, and give the median to within its range.
RESPONSE_BUCKET_HOURS = (1, 2, 4, 8, 12, 24, 36, 48, 72, 96, 120, 168, 336)


class WeeklyRequestStats(models.Model):
    """One week of referral requests at one company, or at all of them (``company`` empty).

    A rollup kept by ``referrals.health`` (the sweep recomputes the current and the previous
    week; ``manage.py request_stats_rebuild`` every week), so the moderators' dashboard reads
    12 rows instead of counting millions of requests. ``week`` is the Monday the week starts on,
    in the site's time zone. ``created`` and ``responded`` count the requests sent that week
    and how many of them got a first response since; ``referred``, ``decided`` and ``expired``
    count the requests referred, decided (referred or declined) and expired that week.
    ``response_histogram`` counts the responded requests by time to first response, one number
    per range of ``RESPONSE_BUCKET_HOURS`` and one for longer.
    """

    week = models.DateField(_("week"))
    company = models.ForeignKey(
        "companies.Company",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("company"),
    )
    created = models.PositiveIntegerField(_("requests"), default=0)
    responded = models.PositiveIntegerField(_("responded"), default=0)
    referred = models.PositiveIntegerField(_("referred"), default=0)
    decided = models.PositiveIntegerField(_("decided"), default=0)
    expired = models.PositiveIntegerField(_("expired"), default=0)
    response_histogram = models.JSONField(_("response times by range"), default=list)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("weekly request figures")
        verbose_name_plural = _("weekly request figures")
        constraints = [
            models.UniqueConstraint(
                fields=["week", "company"],
                condition=Q(company__isnull=False),
                name="one_stats_row_per_week_and_company",
            ),
            models.UniqueConstraint(
                fields=["week"],
                condition=Q(company__isnull=True),
                name="one_overall_stats_row_per_week",
            ),
        ]
        indexes = [
            # A company's weeks (its dashboard page).
            models.Index(fields=["company", "week"], name="referrals_stats_company_week"),
            # The busiest companies over the last weeks: added up from the index alone (the
            # figures are in it), without reading the rows.
            models.Index(
                fields=[
                    "week",
                    "company",
                    "created",
                    "responded",
                    "referred",
                    "decided",
                    "expired",
                ],
                condition=Q(company__isnull=False),
                name="referrals_stats_week_totals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week:%Y-%m-%d} {self.company_id or '*'}"
