"""Dates and times on Chinese pages, as written in Taiwan: 「12月23日（週三）上午2:00」.

The ``WHEN_*`` names are ours (see guanxi/formats/__init__.py); each has a ``*_YEAR`` twin used
when the date is not in the current year. Both languages define exactly the same names.
``D`` is 週三 and ``A`` is 上午/下午 through our catalogue (guanxi/formats/django_words.py).
"""

WHEN_DATE = "n月j日"  # 12月23日
WHEN_DATE_YEAR = "Y年n月j日"  # 2027年12月23日
WHEN_WEEKDAY = "n月j日（D）"  # 12月23日（週三）
WHEN_WEEKDAY_YEAR = "Y年n月j日（D）"  # 2027年12月23日（週三）
WHEN_DATETIME = "n月j日 Ag:i"  # 12月23日 上午2:00
WHEN_DATETIME_YEAR = "Y年n月j日 Ag:i"  # 2027年12月23日 上午2:00
WHEN_WEEKDAY_TIME = "n月j日（D）Ag:i"  # 12月23日（週三）上午2:00
WHEN_WEEKDAY_TIME_YEAR = "Y年n月j日（D）Ag:i"  # 2027年12月23日（週三）上午2:00
WHEN_TIME = "Ag:i"  # 上午2:00

# The calendar badge of an event or a coffee chat: the month above, the day below.
BADGE_MONTH = "n月"  # 12月
BADGE_DAY = "j日"  # 23日
