from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    name_en = models.CharField(_("English name"), max_length=120)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(
        editable=False, default="", db_index=False, verbose_name=_("search text")
    )
    active_referrer_count = models.PositiveIntegerField(
        _("active referrers"), default=0, editable=False
    )
    # Every member with a channel here, accepting or not: the company page's "Referrers (n)"
    # and its pages come from this, so showing them counts no channels.
    referrer_count = models.PositiveIntegerField(_("referrers"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_en"]
        indexes = [models.Index(fields=["-active_referrer_count", "name_en"])]

    def __str__(self) -> str:
        if self.name_zh and self.name_zh != self.name_en:
            return f"{self.name_en} {self.name_zh}"
        return self.name_en

    @property
    def display_name(self) -> str:
        """The name in the active language first, the other one as a subtitle."""
        if (get_language() or "").startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name_en

    @property
    def other_name(self) -> str:
        names = [self.name_en, self.name_zh]
        main = self.display_name
        return next((n for n in names if n and n != main), "")

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", args=[self.slug])


class CompanyAlias(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("company")
    )
    name = models.CharField(_("alias"), max_length=120)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="unique_company_alias")
        ]

    def __str__(self) -> str:
        return self.name


class CompanyDomain(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="domains", verbose_name=_("company")
    )
    domain = models.CharField(_("domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("e-mail / web domain")
        verbose_name_plural = _("e-mail / web domains")

    def __str__(self) -> str:
        return self.domain
