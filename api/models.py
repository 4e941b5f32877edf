"""Personal access tokens for the JSON API (docs/api.md).

A token is shown to its member once, when it is made; only a SHA-256 hash of it is kept. Its
``key_id`` (the ten characters after ``gx_``) is not secret: it finds the row, and the hash of
the whole token is then compared in constant time.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Every token starts with this, so a token pasted where it should not be is recognised (secret
# scanners look for such prefixes).
TOKEN_PREFIX = "gx_"


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class AccessToken(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(_("access"), max_length=10, choices=Scope.choices)
    key_id = models.CharField(_("token ID"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    @property
    def hint(self) -> str:
        """What the member sees of the token after it was shown: its start, never the secret."""
        return f"{TOKEN_PREFIX}{self.key_id}…"
