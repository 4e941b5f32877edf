"""A member's private address book: contacts, what happened with them, and what comes next.

The services keep the derived fields (``last_interaction``, ``next_due_at``,
``follow_up_due_on``, ``attention_at``) right on every write, so the list, the gone-quiet view
and the digest read them without scanning interactions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.matching import split_name


class RoleType(models.TextChoices):
    """The kind of role someone holds: a contact's tags, and a network profile's role type.

    ``network.models`` imports it from here: one vocabulary for both.
    """

    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    FOUNDER = "founder", _("Founder or CEO")
    INVESTOR = "investor", _("Investor")
    SENIOR_LEADER = "senior_leader", _("Senior leader")
    EXPERT = "expert", _("Expert")
    PEER = "peer", _("Peer")


# A contact's tags are the directory's role types: one vocabulary for both.
Tag = RoleType


class Source(models.TextChoices):
    MANUAL = "manual", _("Added by hand")
    LINKEDIN = "linkedin", _("LinkedIn import")
    GUANXI = "guanxi", _("Met on Guanxi")


class InteractionKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    COFFEE = "coffee", _("Coffee chat")
    CALL = "call", _("Call")
    EVENT = "event", _("Event")
    REFERRAL = "referral", _("Referral")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    OFF = "off", _("Never")


class Contact(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("owner"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Guanxi member"),
    )
    name = models.CharField(_("name"), max_length=200)
    # The name's parts when a source gave them (a LinkedIn export's first and last name); empty
    # otherwise, and then read from ``name`` (``contacts.matching.split_name``).
    given_name = models.CharField(_("given name"), max_length=100, blank=True, editable=False)
    family_name = models.CharField(_("family name"), max_length=100, blank=True, editable=False)
    email = models.EmailField(_("e-mail address"), blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    # "|investor|peer|": a plain string, so "contains |investor|" filters on every database.
    tags = models.CharField(_("tags"), max_length=200, blank=True, default="")
    how_we_met = models.CharField(_("how we met"), max_length=300, blank=True)
    linkedin_url = models.URLField(_("LinkedIn URL"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cadence_days = models.PositiveIntegerField(
        _("keep in touch every (days)"),
        null=True,
        blank=True,
        help_text=_("For example 30 for once a month. Leave empty for no reminder."),
    )
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.MANUAL, verbose_name=_("source")
    )
    connected_on = models.DateField(_("connected on"), null=True, blank=True)
    # Matching keys for duplicates and re-imports (see contacts.matching).
    name_key = models.CharField(
        max_length=200,
        blank=True,
        db_index=True,
        editable=False,
        verbose_name=_("name (for matching)"),
    )
    company_key = models.CharField(
        max_length=200, blank=True, editable=False, verbose_name=_("company (for matching)")
    )
    linkedin_key = models.CharField(
        max_length=300, blank=True, editable=False, verbose_name=_("LinkedIn URL (for matching)")
    )
    # What a company's page knows the contact by (workflows.warm_paths): the company's name
    # without its legal form, folded as company names are (companies.search.company_name_key),
    # and the domain of the e-mail address.
    company_search_key = models.CharField(
        max_length=200, blank=True, editable=False, verbose_name=_("company (for company pages)")
    )
    email_domain = models.CharField(
        max_length=253, blank=True, editable=False, verbose_name=_("e-mail domain")
    )
    # Kept by the services.
    last_interaction = models.ForeignKey(
        "Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last interaction"),
    )
    last_interaction_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last interaction at")
    )
    next_due_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("keep in touch by")
    )
    follow_up_due_on = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("next follow-up due on")
    )
    attention_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("needs attention on")
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("created at")
    )
    updated_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("updated at")
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "member"],
                condition=Q(member__isnull=False),
                name="contact_one_per_member",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "attention_at"], name="contact_owner_attention"),
            models.Index(fields=["owner", "name"], name="contact_owner_name"),
            models.Index(fields=["owner", "linkedin_key"], name="contact_owner_linkedin"),
            models.Index(fields=["owner", "email"], name="contact_owner_email"),
            # Everything the warm paths (workflows.warm_paths) filter a member's contacts on:
            # which of them are at a page's companies is read from the index alone.
            models.Index(
                fields=["owner", "company_search_key", "email_domain", "member", "id"],
                name="contact_owner_workplace",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", args=[self.pk])

    @property
    def name_parts(self) -> tuple[str, str]:
        """``(family, given)``: the recorded parts, or the name split as it reads."""
        if self.family_name or self.given_name:
            return self.family_name, self.given_name
        return split_name(self.name)

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split("|") if t]

    @property
    def tag_labels(self) -> list[str]:
        labels = dict(Tag.choices)
        return [labels[t] for t in self.tag_list if t in labels]


class Interaction(models.Model):
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="interactions", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    topics = models.CharField(_("topics discussed"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    link = models.CharField(max_length=300, blank=True, verbose_name=_("link"))
    # Set by other apps (relationship_record), so the same occurrence is logged once.
    occurrence_key = models.CharField(
        max_length=200, blank=True, default="", verbose_name=_("occurrence key")
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("created at")
    )

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "occurrence_key"],
                condition=~Q(occurrence_key=""),
                name="interaction_once_per_occurrence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.occurred_at:%Y-%m-%d}"


class FollowUp(models.Model):
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("contact")
    )
    topic = models.CharField(_("topic to come back to"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("done at"))
    occurrence_key = models.CharField(
        max_length=200, blank=True, default="", verbose_name=_("occurrence key")
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("created at")
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "occurrence_key"],
                condition=~Q(occurrence_key=""),
                name="follow_up_once_per_occurrence",
            )
        ]
        indexes = [models.Index(fields=["contact", "done_at", "due_on"], name="follow_up_open")]

    def __str__(self) -> str:
        return self.topic


class ContactImport(models.Model):
    """One uploaded LinkedIn file: what it did, for the owner's record."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_imports",
        verbose_name=_("owner"),
    )
    filename = models.CharField(max_length=200, verbose_name=_("filename"))
    created_count = models.PositiveIntegerField(default=0, verbose_name=_("contacts created"))
    matched_count = models.PositiveIntegerField(default=0, verbose_name=_("already in contacts"))
    skipped_count = models.PositiveIntegerField(default=0, verbose_name=_("rows skipped"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("contact import")
        verbose_name_plural = _("contact imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class ReminderSettings(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("member"),
    )
    frequency = models.CharField(
        _("reminder digest"), max_length=10, choices=Frequency.choices, default=Frequency.OFF
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return f"{self.member} · {self.frequency}"


class DigestSent(models.Model):
    """One digest per member and period ("2024-03-15" daily, "2024-W11" weekly): never twice."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    period = models.CharField(max_length=12, verbose_name=_("period"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    queued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("queued at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    item_count = models.PositiveIntegerField(default=0, verbose_name=_("items"))

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="digest_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.period}"
