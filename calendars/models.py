"""A member's private calendar feed: the secret address their calendar application subscribes
to (docs/security.md, "Calendar feeds").

The row keeps a random ``key``; the address is the key signed with the site's secret key
(``calendars.selectors.feed_token``), so it can be shown on the profile page again and again
while a copy of the database alone does not give anyone a working address. A reset draws a new
key: every address made from the old one is then a 404.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("member"),
    )
    key = models.CharField(_("key"), max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    # When a calendar application last read it (at most one write per FETCH_PRECISION).
    fetched_at = models.DateTimeField(_("last read at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.member)
