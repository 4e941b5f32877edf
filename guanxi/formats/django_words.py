"""Django's own strings that our catalogue words differently, so dates read as in Taiwan.

Our catalogue (LOCALE_PATHS) wins over Django's. Marking the strings here keeps them in it when
the catalogues are extracted again; nothing imports this module.

- ``D`` (the weekday in guanxi/formats/*/formats.py): 週三, not 星期三.
- ``A``: 上午/下午, not AM/PM.
- "now" (``ago`` and ``naturaltime`` under a minute): 「剛剛送出」 and "Sent just now", not
  「現在送出」 and "Sent now".
- The units of "3 days ago" (``ago`` and ``naturaltime``) and of ``timesince``: 3 天, 1 個月,
  5 分鐘, not 3 日, 1 月, 5 分.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, npgettext_lazy

WEEKDAYS = [
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
]

HALF_DAYS = [gettext_noop("AM"), gettext_noop("PM")]

JUST_NOW = gettext_noop("now")

UNITS = [
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d year", "%(num)d years", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d month", "%(num)d months", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d week", "%(num)d weeks", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d day", "%(num)d days", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d hour", "%(num)d hours", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d minute", "%(num)d minutes", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d year", "%(num)d years", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d month", "%(num)d months", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d week", "%(num)d weeks", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d day", "%(num)d days", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d hour", "%(num)d hours", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d minute", "%(num)d minutes", "num"),
]
