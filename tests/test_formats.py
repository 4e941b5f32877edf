"""Dates and times read as each language writes them (guanxi/formats/), machine formats stay ISO."""

import datetime
import importlib
import re
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, timezone, translation

from guanxi.formats import KINDS, ago, when

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
MOMENT = datetime.datetime(2026, 12, 23, 2, 0, tzinfo=TAIPEI)  # a Wednesday
THIS_YEAR = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
NEXT_YEAR = datetime.datetime(2027, 6, 1, 12, 0, tzinfo=datetime.UTC)

EXPECTED = {
    "zh-hant": {
        "date": "12月23日",
        "weekday": "12月23日（週三）",
        "datetime": "12月23日 上午2:00",
        "weekday_time": "12月23日（週三）上午2:00",
        "time": "上午2:00",
    },
    "en": {
        "date": "23 Dec",
        "weekday": "Wed 23 Dec",
        "datetime": "23 Dec, 2:00 AM",
        "weekday_time": "Wed 23 Dec, 2:00 AM",
        "time": "2:00 AM",
    },
}
EXPECTED_WITH_YEAR = {
    "zh-hant": {
        "date": "2026年12月23日",
        "weekday": "2026年12月23日（週三）",
        "datetime": "2026年12月23日 上午2:00",
        "weekday_time": "2026年12月23日（週三）上午2:00",
        "time": "上午2:00",
    },
    "en": {
        "date": "23 Dec 2026",
        "weekday": "Wed 23 Dec 2026",
        "datetime": "23 Dec 2026, 2:00 AM",
        "weekday_time": "Wed 23 Dec 2026, 2:00 AM",
        "time": "2:00 AM",
    },
}


@pytest.fixture(autouse=True)
def _in_taipei():
    with timezone.override(TAIPEI):
        yield


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_in_each_language(language, kind):
    with time_machine.travel(THIS_YEAR), translation.override(language):
        assert when(MOMENT, kind) == EXPECTED[language][kind]
        # The same through the template filter, from UTC as the database gives it.
        template = Template('{{ moment|when:"' + kind + '" }}')
        rendered = template.render(Context({"moment": MOMENT.astimezone(datetime.UTC)}))
        assert rendered == EXPECTED[language][kind]


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_year_is_shown_only_outside_the_current_year(language, kind):
    with time_machine.travel(NEXT_YEAR), translation.override(language):
        assert when(MOMENT, kind) == EXPECTED_WITH_YEAR[language][kind]


def test_plain_dates_and_nothing():
    with time_machine.travel(THIS_YEAR):
        with translation.override("zh-hant"):
            assert when(MOMENT.date(), "weekday") == "12月23日（週三）"
        with translation.override("en"):
            assert when(MOMENT.date(), "date") == "23 Dec"
        assert when(None, "date") == ""
        assert ago(None) == ""
        with pytest.raises(ValueError):
            when(MOMENT, "Y-m-d")


def test_times_follow_the_active_time_zone():
    with time_machine.travel(THIS_YEAR), translation.override("en"):
        with timezone.override(zoneinfo.ZoneInfo("America/Los_Angeles")):
            assert when(MOMENT, "weekday_time") == "Tue 22 Dec, 10:00 AM"


@pytest.mark.parametrize("language, month, day", [("zh-hant", "12月", "23日"), ("en", "Dec", "23")])
def test_calendar_badge(language, month, day):
    template = Template('{{ m|date:"BADGE_MONTH" }}/{{ m|date:"BADGE_DAY" }}')
    with translation.override(language):
        assert template.render(Context({"m": MOMENT})) == f"{month}/{day}"


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "zh-hant",
            ["3 分鐘前", "3 小時前", "1 天前", "1 個月前", "2 年前", "3 天後", "1 週前"],
        ),
        (
            "en",
            [
                "3\xa0minutes ago",
                "3\xa0hours ago",
                "1\xa0day ago",
                "1\xa0month ago",
                "2\xa0years ago",
                "3\xa0days from now",
                "1\xa0week ago",
            ],
        ),
    ],
)
def test_how_long_ago_in_its_largest_unit(language, expected):
    deltas = [
        -datetime.timedelta(minutes=3),
        -datetime.timedelta(hours=3),
        -datetime.timedelta(days=1, hours=12),
        -datetime.timedelta(days=40),
        -datetime.timedelta(days=800),
        datetime.timedelta(days=3, hours=1),
        -datetime.timedelta(days=8),
    ]
    now = timezone.now()
    with translation.override(language), time_machine.travel(now, tick=False):
        said = [ago(now + delta, now).replace("\xa0", " ") for delta in deltas]
    assert said == [e.replace("\xa0", " ") for e in expected]


@pytest.mark.parametrize("language, expected", [("zh-hant", "剛剛送出"), ("en", "Sent just now")])
def test_just_now(language, expected):
    now = timezone.now()
    template = Template(
        "{% load i18n %}"
        "{% blocktranslate with when=then|ago %}Sent {{ when }}{% endblocktranslate %}"
    )
    with translation.override(language), time_machine.travel(now, tick=False):
        assert template.render(Context({"then": now})) == expected


def test_ago_filter_in_a_template():
    now = timezone.now()
    template = Template("{{ then|ago }}")
    with translation.override("zh-hant"), time_machine.travel(now, tick=False):
        text = template.render(Context({"then": now - datetime.timedelta(days=1, hours=12)}))
    assert text.replace("\xa0", " ") == "1 天前"


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_machine_formats_stay_iso(language):
    template = Template('<time datetime="{{ m|date:"c" }}">')
    with translation.override(language):
        assert template.render(Context({"m": MOMENT})) == (
            '<time datetime="2026-12-23T02:00:00+08:00">'
        )


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_calendar_files_stay_iso(language, db):
    from events.calendar import event_calendar
    from events.tests.helpers import make_event

    event = make_event(starts_at=MOMENT)
    with translation.override(language):
        ics = event_calendar(event).decode()
    assert "DTSTART;TZID=Asia/Taipei:20261223T020000" in ics


def test_both_languages_name_the_same_formats():
    names = {}
    for language in ("zh_Hant", "en"):
        module = importlib.import_module(f"guanxi.formats.{language}.formats")
        names[language] = {n for n in dir(module) if n.isupper()}
    assert names["zh_Hant"] == names["en"]
    for kind in KINDS:
        assert f"WHEN_{kind.upper()}" in names["en"]
        assert (f"WHEN_{kind.upper()}_YEAR" in names["en"]) == (kind != "time")
    with translation.override("zh-hant"):
        assert formats.get_format("WHEN_DATE") == "n月j日"


# A display format spelt out in a template ("Y-m-d H:i", "j M"): only ISO ("c") and the named
# formats (BADGE_DAY, SHORT_DATE_FORMAT, …) may follow |date: or |time:.
SPELT_OUT = re.compile(r"""\|(?:date|time):\s*(["'])(?!c\1)(?![A-Z_]+\1)([^"']*)\1""")


def test_no_template_spells_a_date_format_out():
    root = Path(settings.BASE_DIR)
    found = []
    for path in root.glob("**/templates/**/*"):
        if ".venv" in path.parts or not path.is_file() or path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in SPELT_OUT.finditer(line):
                found.append(f"{path.relative_to(root)}:{number}: {match.group(2)}")
            if "naturaltime" in line or "timesince" in line:
                found.append(f"{path.relative_to(root)}:{number}: naturaltime/timesince")
    assert found == []


@time_machine.travel(THIS_YEAR, tick=False)
def test_remembered_dates_follow_the_zone_and_the_language():
    """``when`` remembers what it wrote; the same instant in another zone or language is
    written again, not taken from what another member saw."""
    instant = datetime.datetime(2026, 12, 23, 2, 0, tzinfo=datetime.UTC)
    seen = {}
    for zone in ("Asia/Taipei", "Europe/London"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            for language in ("en", "zh-hant"):
                with translation.override(language):
                    seen[zone, language] = when(instant, "time")
    assert seen["Asia/Taipei", "en"] == "10:00 AM"
    assert seen["Europe/London", "en"] == "2:00 AM"
    assert seen["Asia/Taipei", "zh-hant"] == "上午10:00"
    assert seen["Europe/London", "zh-hant"] == "上午2:00"
