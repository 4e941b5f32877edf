"""Dates and times as people read them, in each language (FORMAT_MODULE_PATH points here).

Pages and e-mails never spell a format out: they name what they show, and each language's
``formats.py`` says how it is written there::

    {{ chat.starts_at|when:"weekday_time" }}   12月23日（週三）上午2:00 / Wed 23 Dec, 2:00 AM
    {{ r.created_at|ago }}                      3 天前 / 3 days ago

The year is shown only when the date is not in the current year. Machine formats stay ISO
8601 and are written as such where they are needed (``|date:"c"`` in ``datetime`` attributes,
.ics files, CSV and vCard exports).
"""

import datetime

from django.contrib.humanize.templatetags.humanize import NaturalTimeFormatter
from django.utils import formats, timezone, translation
from django.utils.timesince import timesince

# What a page can show, each a WHEN_<KIND> format (and WHEN_<KIND>_YEAR) in every language.
KINDS = ("date", "weekday", "datetime", "weekday_time", "time")


def when(value, kind: str = "datetime") -> str:
    """``value`` (a date, or a datetime shown in the active time zone) written as ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of date {kind!r}; use one of {KINDS}.")
    if not isinstance(value, datetime.date):  # nothing to show (None, ""), as |date does
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    name = f"WHEN_{kind.upper()}"
    if kind != "time" and value.year != timezone.localdate().year:
        name += "_YEAR"
    # Aware datetimes equal as instants are not equal as shown: the key is the wall-clock time
    # and its zone.
    wall = value.replace(tzinfo=None) if isinstance(value, datetime.datetime) else value
    key = (translation.get_language(), name, wall, getattr(value, "tzinfo", None))
    text = _formatted.get(key)
    if text is None:
        if len(_formatted) > 8192:
            _formatted.clear()
        text = _formatted[key] = formats.date_format(value, name)
    return text


# Dates already written, per language, kind, wall-clock time and zone: a list page writes
# dozens of dates, and Django's formatting costs tens of microseconds each.
_formatted: dict[tuple, str] = {}


def ago(value, now: datetime.datetime | None = None) -> str:
    """How long ago (or from now) ``value`` is, in its largest unit only.

    Django's ``naturaltime`` says "1 day, 12 hours ago" (「1 日, 12 小時前」); people say
    "1 day ago" (「1 天前」), as most products do.
    """
    if not isinstance(value, datetime.datetime):
        return ""
    now = now or timezone.now()
    if abs(now - value) < datetime.timedelta(days=1):
        return NaturalTimeFormatter.string_for(value)
    strings = NaturalTimeFormatter.time_strings
    if value < now:
        delta = timesince(value, now, time_strings=NaturalTimeFormatter.past_substrings, depth=1)
        return strings["past-day"] % {"delta": delta}
    delta = timesince(now, value, time_strings=NaturalTimeFormatter.future_substrings, depth=1)
    return strings["future-day"] % {"delta": delta}
