"""Dates and times on English pages: "Wed 23 Dec, 2:00 AM".

The ``WHEN_*`` names are ours (see guanxi/formats/__init__.py); each has a ``*_YEAR`` twin used
when the date is not in the current year. Both languages define exactly the same names.
"""

WHEN_DATE = "j M"  # 23 Dec
WHEN_DATE_YEAR = "j M Y"  # 23 Dec 2027
WHEN_WEEKDAY = "D j M"  # Wed 23 Dec
WHEN_WEEKDAY_YEAR = "D j M Y"  # Wed 23 Dec 2027
WHEN_DATETIME = "j M, g:i A"  # 23 Dec, 2:00 AM
WHEN_DATETIME_YEAR = "j M Y, g:i A"  # 23 Dec 2027, 2:00 AM
WHEN_WEEKDAY_TIME = "D j M, g:i A"  # Wed 23 Dec, 2:00 AM
WHEN_WEEKDAY_TIME_YEAR = "D j M Y, g:i A"  # Wed 23 Dec 2027, 2:00 AM
WHEN_TIME = "g:i A"  # 2:00 AM

# The calendar badge of an event or a coffee chat: the month above, the day below.
BADGE_MONTH = "M"  # Dec
BADGE_DAY = "j"  # 23
