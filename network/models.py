"""Networking: what members look for and offer, who they want to meet, and their connections."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.models import RoleType
from network.search import city_names

# A request nobody answered stops counting as "waiting" after this many days; the sender may
# then ask again. Ignoring is never shown to the sender: for them it simply stays unanswered.
CONNECTION_QUIET_EXPIRY_DAYS = 30


class Intent(models.TextChoices):
    """What a member is looking for: "I am looking for"."""

    JOB_REFERRAL = "job_referral", _("Job referral")
    INTERNSHIP = "internship", _("Internship")
    MENTOR = "mentor", _("A mentor")
    BUSINESS_ADVICE = "business_advice", _("Business advice")
    VISA_ADVICE = "visa_advice", _("Visa advice")
    BUSINESS_PROSPECTS = "business_prospects", _("Business prospects")
    CAREER_CHANGE = "career_change", _("Career change")
    COFOUNDER = "cofounder", _("A co-founder")
    HIRING = "hiring", _("People to hire")
    INVESTMENT = "investment", _("Investment")


# How each intent reads inside the connection note: "I am looking for <phrase>".
INTENT_PHRASES = {
    Intent.JOB_REFERRAL: _("a job referral"),
    Intent.INTERNSHIP: _("an internship"),
    Intent.MENTOR: _("a mentor"),
    Intent.BUSINESS_ADVICE: _("business advice"),
    Intent.VISA_ADVICE: _("advice on visas"),
    Intent.BUSINESS_PROSPECTS: _("business prospects"),
    Intent.CAREER_CHANGE: _("advice on changing careers"),
    Intent.COFOUNDER: _("a co-founder"),
    Intent.HIRING: _("people to hire"),
    Intent.INVESTMENT: _("investment"),
}


class Offer(models.TextChoices):
    """What a member can give back: "I can offer"."""

    REFERRALS = "referrals", _("Referrals")
    RESUME_REVIEW = "resume_review", _("Resume review")
    MOCK_INTERVIEWS = "mock_interviews", _("Mock interviews")
    VISA_EXPERIENCE = "visa_experience", _("Visa experience")
    INDUSTRY_INSIGHT = "industry_insight", _("Industry insight")
    INTRODUCTIONS = "introductions", _("Introductions")
    MENTORING = "mentoring", _("Mentoring")
    BUSINESS_ADVICE = "business_advice", _("Business advice")
    JOB_OPENINGS = "job_openings", _("Job openings")


class Industry(models.TextChoices):
    SOFTWARE = "software", _("Software and internet")
    SEMICONDUCTORS = "semiconductors", _("Semiconductors and hardware")
    FINANCE = "finance", _("Finance and banking")
    CONSULTING = "consulting", _("Consulting and accounting")
    HEALTHCARE = "healthcare", _("Healthcare and biotech")
    EDUCATION = "education", _("Education and research")
    RETAIL = "retail", _("Retail and e-commerce")
    MANUFACTURING = "manufacturing", _("Manufacturing and supply chain")
    MEDIA = "media", _("Media, marketing and design")
    PUBLIC = "public", _("Government and non-profit")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


def pack_choices(values) -> str:
    """Store a set of choices as "|a|b|", so ``__contains="|a|"`` filters on every database."""
    values = sorted({str(v) for v in values if v})
    return f"|{'|'.join(values)}|" if values else ""


def unpack_choices(packed: str) -> list[str]:
    return [v for v in packed.split("|") if v]


def contains_choice(value: str) -> str:
    return f"|{value}|"


class NetworkProfile(models.Model):
    """A member's networking side, created the first time they save it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_profile",
        verbose_name=_("member"),
    )
    intents = models.CharField(_("looking for"), max_length=400, blank=True)
    offers = models.CharField(_("can offer"), max_length=400, blank=True)
    role_type = models.CharField(_("role type"), max_length=20, choices=RoleType, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry, blank=True)
    company = models.CharField(_("current company"), max_length=120, blank=True)
    # ``company`` as a company's page knows it (companies.search.company_name_key), so a
    # connection's page shows who works there (workflows.warm_paths).
    company_search_key = models.CharField(
        max_length=200, blank=True, editable=False, verbose_name=_("company (for company pages)")
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    about = models.TextField(_("about me"), max_length=500, blank=True)
    listed = models.BooleanField(_("listed in the directory"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")
        indexes = [models.Index(fields=["listed", "-updated_at"])]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("network:member", args=[self.user_id])

    @property
    def intent_list(self) -> list[str]:
        return unpack_choices(self.intents)

    @property
    def offer_list(self) -> list[str]:
        return unpack_choices(self.offers)

    def get_intent_labels(self) -> list[str]:
        labels = dict(Intent.choices)
        return [labels[v] for v in self.intent_list if v in labels]

    def get_offer_labels(self) -> list[str]:
        labels = dict(Offer.choices)
        return [labels[v] for v in self.offer_list if v in labels]


class Shortlist(models.Model):
    """A member saved to "people I want to meet"."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shortlist",
        verbose_name=_("owner"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shortlisted_by",
        verbose_name=_("member"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("saved member")
        verbose_name_plural = _("saved members")
        constraints = [
            models.UniqueConstraint(fields=["owner", "member"], name="shortlist_once"),
            models.CheckConstraint(condition=~Q(owner=F("member")), name="shortlist_not_yourself"),
        ]

    def __str__(self) -> str:
        return f"{self.owner} → {self.member}"


class MeetWish(models.Model):
    """A description of the kind of person a member wants to meet; blank parts match anyone."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meet_wishes",
        verbose_name=_("owner"),
    )
    role_type = models.CharField(_("role type"), max_length=20, choices=RoleType, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry, blank=True)
    company = models.CharField(_("company"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("person I want to meet")
        verbose_name_plural = _("people I want to meet")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        parts = [self.get_role_type_display(), self.get_industry_display(), self.company, self.city]
        return " · ".join(p for p in parts if p)

    def matches(self, *, role_type: str, industry: str, company: str, city: str) -> bool:
        """The same rule as ``selectors.wish_q``, in Python."""
        return (
            (not self.role_type or self.role_type == role_type)
            and (not self.industry or self.industry == industry)
            and (not self.company or self.company.casefold() in company.casefold())
            and (
                not self.city
                or any(name.casefold() in city.casefold() for name in city_names(self.city))
            )
        )


class MatchNotice(models.Model):
    """A wish's owner was told about a member: at most once per (wish, member)."""

    wish = models.ForeignKey(
        MeetWish, on_delete=models.CASCADE, related_name="notices", verbose_name=_("wish")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("match notice")
        verbose_name_plural = _("match notices")
        constraints = [
            models.UniqueConstraint(fields=["wish", "member"], name="match_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.wish} ← {self.member}"


class ConnectionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("connection status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("connection status", "Accepted")
    IGNORED = "ignored", pgettext_lazy("connection status", "Ignored")
    EXPIRED = "expired", pgettext_lazy("connection status", "No answer")


class Connection(models.Model):
    """A connection request with a short note; the recipient accepts or ignores it."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="connections_sent",
        verbose_name=_("sender"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="connections_received",
        verbose_name=_("recipient"),
    )
    note = models.TextField(_("note"), max_length=600)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConnectionStatus,
        default=ConnectionStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    responded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("responded at"))

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="pending"),
                name="one_pending_connection_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="connection_not_yourself"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "status", "-created_at"]),
            models.Index(fields=["sender", "status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient} ({self.status})"

    @staticmethod
    def quiet_cutoff(now=None):
        return (now or timezone.now()) - timedelta(days=CONNECTION_QUIET_EXPIRY_DAYS)

    @property
    def is_waiting(self) -> bool:
        """Still waiting, as the sender sees it (an ignored request looks the same)."""
        return (
            self.status in (ConnectionStatus.PENDING, ConnectionStatus.IGNORED)
            and self.created_at > self.quiet_cutoff()
        )

    def sender_status_label(self) -> str:
        """What the sender may know: connected, waiting, or no answer — never "ignored"."""
        if self.status == ConnectionStatus.ACCEPTED:
            return pgettext_lazy("connection status", "Connected")
        if self.is_waiting:
            return pgettext_lazy("connection status", "Waiting for an answer")
        return pgettext_lazy("connection status", "No answer")
