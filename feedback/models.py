from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Triaged")
        DONE = "done", _("Done")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    email = models.EmailField(_("e-mail for a reply"), blank=True)
    page = models.CharField(_("page"), max_length=300, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(max_length=10, blank=True, verbose_name=_("language"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:60]
