"""The time zones a member can pick: a short list of places people live, by region, with city
names in the page's language, instead of the ~600 raw IANA names (with their deprecated
aliases such as PRC, ROC or Africa/Asmera).

A zone is always named by a city and its offset from UTC: 「台北時間 (UTC+8)」 / "Taipei time
(UTC+8)", never an abbreviation such as CST, which means China, Cuba or Central Standard Time.

A zone that is not on the list (a browser reports Asia/Calcutta, or an account still holds
America/Boise) is read as the listed zone that keeps the same clock (``listed_zone``).
"""

import datetime
import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

# (IANA name, the city as in "Taipei time", the places the picker shows when more are known
# than the city). Each region runs west to east.
REGIONS = [
    (
        pgettext_lazy("time zone region", "Asia"),
        [
            (
                "Asia/Jerusalem",
                pgettext_lazy("time zone city", "Jerusalem"),
                pgettext_lazy("time zone city", "Jerusalem, Tel Aviv"),
            ),
            ("Asia/Riyadh", pgettext_lazy("time zone city", "Riyadh"), None),
            ("Asia/Qatar", pgettext_lazy("time zone city", "Doha"), None),
            ("Asia/Tehran", pgettext_lazy("time zone city", "Tehran"), None),
            (
                "Asia/Dubai",
                pgettext_lazy("time zone city", "Dubai"),
                pgettext_lazy("time zone city", "Dubai, Abu Dhabi"),
            ),
            ("Asia/Kabul", pgettext_lazy("time zone city", "Kabul"), None),
            ("Asia/Karachi", pgettext_lazy("time zone city", "Karachi"), None),
            ("Asia/Tashkent", pgettext_lazy("time zone city", "Tashkent"), None),
            ("Asia/Almaty", pgettext_lazy("time zone city", "Almaty"), None),
            ("Asia/Yekaterinburg", pgettext_lazy("time zone city", "Yekaterinburg"), None),
            (
                "Asia/Kolkata",
                pgettext_lazy("time zone city", "India"),
                pgettext_lazy("time zone city", "Kolkata, Mumbai, New Delhi"),
            ),
            ("Asia/Colombo", pgettext_lazy("time zone city", "Colombo"), None),
            ("Asia/Kathmandu", pgettext_lazy("time zone city", "Kathmandu"), None),
            ("Asia/Dhaka", pgettext_lazy("time zone city", "Dhaka"), None),
            ("Asia/Yangon", pgettext_lazy("time zone city", "Yangon"), None),
            ("Asia/Bangkok", pgettext_lazy("time zone city", "Bangkok"), None),
            (
                "Asia/Ho_Chi_Minh",
                pgettext_lazy("time zone city", "Ho Chi Minh City"),
                pgettext_lazy("time zone city", "Ho Chi Minh City, Hanoi"),
            ),
            ("Asia/Jakarta", pgettext_lazy("time zone city", "Jakarta"), None),
            ("Asia/Novosibirsk", pgettext_lazy("time zone city", "Novosibirsk"), None),
            ("Asia/Taipei", pgettext_lazy("time zone city", "Taipei"), None),
            ("Asia/Hong_Kong", pgettext_lazy("time zone city", "Hong Kong"), None),
            ("Asia/Macau", pgettext_lazy("time zone city", "Macau"), None),
            (
                "Asia/Shanghai",
                pgettext_lazy("time zone city", "Beijing"),
                pgettext_lazy("time zone city", "Beijing, Shanghai"),
            ),
            ("Asia/Singapore", pgettext_lazy("time zone city", "Singapore"), None),
            ("Asia/Kuala_Lumpur", pgettext_lazy("time zone city", "Kuala Lumpur"), None),
            ("Asia/Manila", pgettext_lazy("time zone city", "Manila"), None),
            ("Asia/Irkutsk", pgettext_lazy("time zone city", "Irkutsk"), None),
            ("Asia/Ulaanbaatar", pgettext_lazy("time zone city", "Ulaanbaatar"), None),
            ("Asia/Tokyo", pgettext_lazy("time zone city", "Tokyo"), None),
            ("Asia/Seoul", pgettext_lazy("time zone city", "Seoul"), None),
            ("Asia/Vladivostok", pgettext_lazy("time zone city", "Vladivostok"), None),
        ],
    ),
    (
        pgettext_lazy("time zone region", "North America"),
        [
            ("Pacific/Honolulu", pgettext_lazy("time zone city", "Honolulu"), None),
            ("America/Anchorage", pgettext_lazy("time zone city", "Anchorage"), None),
            ("America/Vancouver", pgettext_lazy("time zone city", "Vancouver"), None),
            (
                "America/Los_Angeles",
                pgettext_lazy("time zone city", "Los Angeles"),
                pgettext_lazy("time zone city", "Los Angeles, San Francisco, Seattle"),
            ),
            ("America/Phoenix", pgettext_lazy("time zone city", "Phoenix"), None),
            (
                "America/Denver",
                pgettext_lazy("time zone city", "Denver"),
                pgettext_lazy("time zone city", "Denver, Salt Lake City"),
            ),
            (
                "America/Edmonton",
                pgettext_lazy("time zone city", "Edmonton"),
                pgettext_lazy("time zone city", "Edmonton, Calgary"),
            ),
            (
                "America/Chicago",
                pgettext_lazy("time zone city", "Chicago"),
                pgettext_lazy("time zone city", "Chicago, Dallas, Houston"),
            ),
            ("America/Mexico_City", pgettext_lazy("time zone city", "Mexico City"), None),
            ("America/Winnipeg", pgettext_lazy("time zone city", "Winnipeg"), None),
            (
                "America/New_York",
                pgettext_lazy("time zone city", "New York"),
                pgettext_lazy("time zone city", "New York, Boston, Washington DC"),
            ),
            (
                "America/Toronto",
                pgettext_lazy("time zone city", "Toronto"),
                pgettext_lazy("time zone city", "Toronto, Montreal"),
            ),
            ("America/Halifax", pgettext_lazy("time zone city", "Halifax"), None),
            ("America/St_Johns", pgettext_lazy("time zone city", "St. John's"), None),
        ],
    ),
    (
        pgettext_lazy("time zone region", "Europe"),
        [
            ("Atlantic/Azores", pgettext_lazy("time zone city", "Azores"), None),
            ("Atlantic/Reykjavik", pgettext_lazy("time zone city", "Reykjavik"), None),
            ("Atlantic/Canary", pgettext_lazy("time zone city", "Canary Islands"), None),
            ("Europe/Lisbon", pgettext_lazy("time zone city", "Lisbon"), None),
            ("Europe/London", pgettext_lazy("time zone city", "London"), None),
            ("Europe/Dublin", pgettext_lazy("time zone city", "Dublin"), None),
            ("Europe/Paris", pgettext_lazy("time zone city", "Paris"), None),
            ("Europe/Brussels", pgettext_lazy("time zone city", "Brussels"), None),
            ("Europe/Amsterdam", pgettext_lazy("time zone city", "Amsterdam"), None),
            (
                "Europe/Berlin",
                pgettext_lazy("time zone city", "Berlin"),
                pgettext_lazy("time zone city", "Berlin, Munich, Frankfurt"),
            ),
            ("Europe/Zurich", pgettext_lazy("time zone city", "Zurich"), None),
            ("Europe/Madrid", pgettext_lazy("time zone city", "Madrid"), None),
            (
                "Europe/Rome",
                pgettext_lazy("time zone city", "Rome"),
                pgettext_lazy("time zone city", "Rome, Milan"),
            ),
            ("Europe/Vienna", pgettext_lazy("time zone city", "Vienna"), None),
            ("Europe/Prague", pgettext_lazy("time zone city", "Prague"), None),
            ("Europe/Warsaw", pgettext_lazy("time zone city", "Warsaw"), None),
            ("Europe/Budapest", pgettext_lazy("time zone city", "Budapest"), None),
            ("Europe/Copenhagen", pgettext_lazy("time zone city", "Copenhagen"), None),
            ("Europe/Oslo", pgettext_lazy("time zone city", "Oslo"), None),
            ("Europe/Stockholm", pgettext_lazy("time zone city", "Stockholm"), None),
            ("Europe/Helsinki", pgettext_lazy("time zone city", "Helsinki"), None),
            ("Europe/Athens", pgettext_lazy("time zone city", "Athens"), None),
            ("Europe/Bucharest", pgettext_lazy("time zone city", "Bucharest"), None),
            ("Europe/Kyiv", pgettext_lazy("time zone city", "Kyiv"), None),
            ("Europe/Istanbul", pgettext_lazy("time zone city", "Istanbul"), None),
            ("Europe/Moscow", pgettext_lazy("time zone city", "Moscow"), None),
        ],
    ),
    (
        pgettext_lazy("time zone region", "Oceania"),
        [
            ("Australia/Perth", pgettext_lazy("time zone city", "Perth"), None),
            ("Australia/Darwin", pgettext_lazy("time zone city", "Darwin"), None),
            ("Australia/Adelaide", pgettext_lazy("time zone city", "Adelaide"), None),
            ("Australia/Brisbane", pgettext_lazy("time zone city", "Brisbane"), None),
            (
                "Australia/Sydney",
                pgettext_lazy("time zone city", "Sydney"),
                pgettext_lazy("time zone city", "Sydney, Canberra"),
            ),
            ("Australia/Melbourne", pgettext_lazy("time zone city", "Melbourne"), None),
            ("Australia/Hobart", pgettext_lazy("time zone city", "Hobart"), None),
            ("Pacific/Guam", pgettext_lazy("time zone city", "Guam"), None),
            ("Pacific/Port_Moresby", pgettext_lazy("time zone city", "Port Moresby"), None),
            ("Pacific/Noumea", pgettext_lazy("time zone city", "Nouméa"), None),
            (
                "Pacific/Auckland",
                pgettext_lazy("time zone city", "Auckland"),
                pgettext_lazy("time zone city", "Auckland, Wellington"),
            ),
            ("Pacific/Fiji", pgettext_lazy("time zone city", "Fiji"), None),
            ("Pacific/Tongatapu", pgettext_lazy("time zone city", "Tonga"), None),
            ("Pacific/Apia", pgettext_lazy("time zone city", "Samoa"), None),
            ("Pacific/Kiritimati", pgettext_lazy("time zone city", "Kiritimati"), None),
            ("Pacific/Tahiti", pgettext_lazy("time zone city", "Tahiti"), None),
        ],
    ),
    (
        pgettext_lazy("time zone region", "Central and South America"),
        [
            ("America/Guatemala", pgettext_lazy("time zone city", "Guatemala"), None),
            ("America/Costa_Rica", pgettext_lazy("time zone city", "Costa Rica"), None),
            ("America/Bogota", pgettext_lazy("time zone city", "Bogotá"), None),
            ("America/Lima", pgettext_lazy("time zone city", "Lima"), None),
            ("America/Panama", pgettext_lazy("time zone city", "Panama"), None),
            ("America/Havana", pgettext_lazy("time zone city", "Havana"), None),
            ("America/Jamaica", pgettext_lazy("time zone city", "Jamaica"), None),
            ("America/Caracas", pgettext_lazy("time zone city", "Caracas"), None),
            ("America/La_Paz", pgettext_lazy("time zone city", "La Paz"), None),
            ("America/Santo_Domingo", pgettext_lazy("time zone city", "Santo Domingo"), None),
            ("America/Puerto_Rico", pgettext_lazy("time zone city", "Puerto Rico"), None),
            ("America/Santiago", pgettext_lazy("time zone city", "Santiago, Chile"), None),
            (
                "America/Argentina/Buenos_Aires",
                pgettext_lazy("time zone city", "Buenos Aires"),
                None,
            ),
            ("America/Sao_Paulo", pgettext_lazy("time zone city", "São Paulo"), None),
            ("America/Montevideo", pgettext_lazy("time zone city", "Montevideo"), None),
        ],
    ),
    (
        pgettext_lazy("time zone region", "Africa"),
        [
            ("Africa/Casablanca", pgettext_lazy("time zone city", "Casablanca"), None),
            ("Africa/Accra", pgettext_lazy("time zone city", "Accra"), None),
            ("Africa/Lagos", pgettext_lazy("time zone city", "Lagos"), None),
            ("Africa/Algiers", pgettext_lazy("time zone city", "Algiers"), None),
            ("Africa/Tunis", pgettext_lazy("time zone city", "Tunis"), None),
            ("Africa/Kinshasa", pgettext_lazy("time zone city", "Kinshasa"), None),
            ("Africa/Cairo", pgettext_lazy("time zone city", "Cairo"), None),
            ("Africa/Johannesburg", pgettext_lazy("time zone city", "Johannesburg"), None),
            ("Africa/Khartoum", pgettext_lazy("time zone city", "Khartoum"), None),
            ("Africa/Nairobi", pgettext_lazy("time zone city", "Nairobi"), None),
            ("Africa/Addis_Ababa", pgettext_lazy("time zone city", "Addis Ababa"), None),
        ],
    ),
    (
        pgettext_lazy("time zone region", "Other"),
        [("UTC", pgettext_lazy("time zone city", "Coordinated Universal Time (UTC)"), None)],
    ),
]

CITIES = {name: city for _region, zones in REGIONS for name, city, _places in zones}
LISTED = frozenset(CITIES)

# The old names browsers still report (Chrome answers with CLDR's names, e.g. Asia/Calcutta)
# and the deprecated aliases, for zones several listed cities share a clock with.
ALIASES = {
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
    "Asia/Macao": "Asia/Macau",
    "Asia/Chongqing": "Asia/Shanghai",
    "Asia/Chungking": "Asia/Shanghai",
    "Asia/Harbin": "Asia/Shanghai",
    "Asia/Tel_Aviv": "Asia/Jerusalem",
    "Europe/Kiev": "Europe/Kyiv",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Montreal": "America/Toronto",
    "Australia/ACT": "Australia/Sydney",
    "Australia/Canberra": "Australia/Sydney",
    "Australia/NSW": "Australia/Sydney",
    "PRC": "Asia/Shanghai",
    "ROC": "Asia/Taipei",
    "ROK": "Asia/Seoul",
    "Japan": "Asia/Tokyo",
    "Hongkong": "Asia/Hong_Kong",
    "Singapore": "Asia/Singapore",
    "GB": "Europe/London",
    "Eire": "Europe/Dublin",
    "US/Pacific": "America/Los_Angeles",
    "US/Mountain": "America/Denver",
    "US/Arizona": "America/Phoenix",
    "US/Central": "America/Chicago",
    "US/Eastern": "America/New_York",
    "US/Alaska": "America/Anchorage",
    "US/Hawaii": "Pacific/Honolulu",
    "Canada/Pacific": "America/Vancouver",
    "Canada/Eastern": "America/Toronto",
    "Etc/UTC": "UTC",
    "Etc/GMT": "UTC",
    "GMT": "UTC",
    "Universal": "UTC",
    "Zulu": "UTC",
}

# The first part of the IANA names of places.
PLACES = frozenset(
    ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe"]
    + ["Indian", "Pacific"]
)

# How far ahead two zones must keep the same clock to be read as one.
_SAME_CLOCK_DAYS = 2 * 366


@lru_cache(maxsize=512)
def _offsets(name: str, year: int) -> tuple | None:
    """The zone's offsets from UTC, week by week, over two years from ``year``."""
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    start = datetime.datetime(year, 1, 1, 12, tzinfo=datetime.UTC)
    return tuple(
        (start + datetime.timedelta(days=day)).astimezone(zone).utcoffset()
        for day in range(0, _SAME_CLOCK_DAYS, 7)
    )


@lru_cache(maxsize=256)
def listed_zone(name: str | None) -> str | None:
    """The listed zone for ``name``: itself when listed, the canonical name of an alias, else
    the first listed zone that keeps the same clock (America/Boise reads as Denver). ``None``
    for a name that is no time zone at all, or whose clock no listed city keeps."""
    if not name:
        return None
    name = ALIASES.get(name, name)
    if name in LISTED:
        return name
    region = name.split("/")[0]
    if region not in PLACES:  # Factory, EST5EDT, Etc/GMT+8: a rule, not a place someone lives
        return None
    year = timezone.now().year
    clock = _offsets(name, year)
    if clock is None:
        return None
    same = [listed for listed in CITIES if _offsets(listed, year) == clock]
    same.sort(key=lambda listed: listed.split("/")[0] != region)  # prefer the same region
    return same[0] if same else None


def utc_offset(name: str, when: datetime.datetime | None = None) -> str:
    """ "+8", "+5:30", "-3", "+0": the zone's offset from UTC at ``when`` (now by default)."""
    offset = (when or timezone.now()).astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours}:{minutes:02d}" if minutes else f"{sign}{hours}"


def city_of(name: str) -> str:
    """The city that names a zone in the page's language ("Taipei" / 「台北」)."""
    listed = listed_zone(name)
    if listed in CITIES:
        return str(CITIES[listed])
    return name.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(name: str | None, when: datetime.datetime | None = None) -> str:
    """「台北時間 (UTC+8)」 / "Taipei time (UTC+8)": how a page names a member's time zone."""
    name = name or settings.TIME_ZONE
    if listed_zone(name) == "UTC":
        return "UTC"
    try:
        offset = utc_offset(name, when)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return name
    return gettext("%(city)s time (UTC%(offset)s)") % {"city": city_of(name), "offset": offset}


def time_zone_choices() -> list:
    """The picker: listed zones grouped by region, each "Taipei (UTC+8)" in the page's language.

    Evaluated each time a form is built or rendered, so the words follow the language and the
    offsets follow daylight saving time.
    """
    now = timezone.now()
    return [
        (
            str(region),
            [
                (
                    name,
                    gettext("%(place)s (UTC%(offset)s)")
                    % {"place": places or city, "offset": utc_offset(name, now)}
                    if name != "UTC"
                    else str(city),
                )
                for name, city, places in zones
            ],
        )
        for region, zones in REGIONS
    ]
