"""The moderators' community-health dashboard: who may see it, the figures of a small known week
pair, the weekly rollup the sweep keeps (equal to a full recomputation), the CSV, a fixed number
of queries, both languages."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.services import company_create
from conftest import make_channel, make_member, make_request, page_text
from referrals.health import (
    BUCKETS,
    WeekFigures,
    busiest_companies,
    histogram_median_seconds,
    request_stats_rebuild,
    request_stats_refresh,
    weekly_figures,
)
from referrals.models import WeeklyRequestStats
from referrals.services import referral_ask_for_info, referral_decline, referral_refer

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
# A Wednesday: the current week began on Monday 9 March, the previous one on Monday 2 March.
NOW = datetime.datetime(2026, 3, 11, 12, 0, tzinfo=TAIPEI)
THIS_WEEK, LAST_WEEK = datetime.date(2026, 3, 9), datetime.date(2026, 3, 2)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=TAIPEI)


@pytest.fixture
def globex(db):
    return company_create(name_en="Globex Systems", name_zh="環宇系統", website="https://g.example")


@pytest.fixture
def weeks_of_requests(alice, bob, charlie, dana, channel, globex):
    """Last week at Acme: one referred after 3 hours, one declined after 24 hours, one never
    answered (it expires this Wednesday morning). This week: one at Acme answered with a question
    after 1 hour, one at Globex not answered yet. Then the sweep runs at NOW."""
    seeker3 = make_member("seeker3@example.com", "Seeker Three")
    seeker4 = make_member("seeker4@example.com", "Seeker Four")
    with time_machine.travel(at(2, 10), tick=False):
        referred = make_request(alice, channel)
    with time_machine.travel(at(2, 13), tick=False):
        referral_refer(request=referred, referrer=bob)
    with time_machine.travel(at(3, 10), tick=False):
        declined = make_request(charlie, channel)
    with time_machine.travel(at(4, 10), tick=False):
        referral_decline(request=declined, referrer=bob, reason="no_opening")
        make_request(seeker3, channel)
    with time_machine.travel(at(9, 9), tick=False):
        asked = make_request(seeker4, channel)
    with time_machine.travel(at(9, 10), tick=False):
        referral_ask_for_info(request=asked, referrer=bob, question="Which team?")
    with time_machine.travel(at(10, 8), tick=False):
        make_request(alice, make_channel(dana, globex))
    with time_machine.travel(NOW, tick=False):
        call_command("referral_sweep", stdout=io.StringIO())


def _rows() -> list[tuple]:
    fields = ["week", "company_id", "created", "responded", "referred", "decided", "expired"]
    return sorted(
        WeeklyRequestStats.objects.values_list(*fields, "response_histogram"),
        key=lambda row: (row[0], row[1] or 0),
    )


def _histogram(**counts) -> list[int]:
    """A histogram with ``b<i>=count`` in range i (0: under 1 hour, 1: 1–2 hours, …)."""
    out = [0] * BUCKETS
    for name, count in counts.items():
        out[int(name[1:])] = count
    return out


# --- The figures ------------------------------------------------------------------------------


def test_the_sweep_writes_the_two_weeks(weeks_of_requests, acme, globex):
    assert _rows() == [
        # Last week: 3 sent, 2 answered (3 h: range 2–4 h; 24 h: range 24–36 h), 2 decided, 1 yes.
        (LAST_WEEK, None, 3, 2, 1, 2, 0, _histogram(b2=1, b6=1)),
        (LAST_WEEK, acme.pk, 3, 2, 1, 2, 0, _histogram(b2=1, b6=1)),
        # This week: 2 sent, 1 answered after 1 hour (range 1–2 h); last week's third expired.
        (THIS_WEEK, None, 2, 1, 0, 0, 1, _histogram(b1=1)),
        (THIS_WEEK, acme.pk, 1, 1, 0, 0, 1, _histogram(b1=1)),
        (THIS_WEEK, globex.pk, 1, 0, 0, 0, 0, _histogram()),
    ]


def test_the_rates_and_the_median(weeks_of_requests, acme):
    with time_machine.travel(NOW, tick=False):
        weeks = weekly_figures()
        at_acme = weekly_figures(company=acme)
    assert len(weeks) == 12 and weeks[-1].week == THIS_WEEK and weeks[-1].is_current
    assert [w.created for w in weeks[:-2]] == [0] * 10
    last, this = weeks[-2], weeks[-1]
    assert (last.response_percent, last.referral_percent, last.expired) == (67, 50, 0)
    assert (this.response_percent, this.referral_percent, this.expired) == (50, None, 1)
    # The median of the answered requests: the middle one's range, interpolated inside it.
    assert last.median_seconds == 4 * 3600  # the first of two: at the top of 2–4 hours
    assert this.median_seconds == 90 * 60  # the only one: the middle of 1–2 hours
    assert at_acme[-1].created == 1 and at_acme[-1].response_percent == 100


def test_the_median_of_a_histogram():
    assert histogram_median_seconds([0] * BUCKETS) is None
    assert histogram_median_seconds(_histogram(b0=2)) == 30 * 60
    # 10 answers: the 5th falls in the 4–8 hours range, one of its four answers in.
    assert histogram_median_seconds(_histogram(b1=4, b3=4, b5=2)) == 5 * 3600
    # Beyond the last range only "over 2 weeks" is known.
    over = WeekFigures(histogram=_histogram(b13=3))
    assert over.median_seconds == 336 * 3600 and over.median_is_over


def test_busiest_companies(weeks_of_requests, acme, globex):
    with time_machine.travel(NOW, tick=False):
        busiest = busiest_companies()
    assert [row.company for row in busiest] == [acme, globex]
    assert (busiest[0].figures.created, busiest[0].figures.responded) == (4, 3)
    # Answers after 1, 3 and 24 hours: the middle one is in the 2–4 hours range, halfway in.
    assert busiest[0].figures.median_seconds == 3 * 3600


# --- The rollup -------------------------------------------------------------------------------


def test_the_sweep_equals_a_full_recomputation(weeks_of_requests):
    swept = _rows()
    with time_machine.travel(NOW, tick=False):
        request_stats_rebuild()
    assert _rows() == swept


def test_running_the_sweep_again_changes_nothing(weeks_of_requests):
    swept = _rows()
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        out = io.StringIO()
        call_command("referral_sweep", stdout=out)
        assert "stats_rows=0" in out.getvalue()  # nothing changed: nothing written
        assert request_stats_refresh() == 0
    assert _rows() == swept
    WeeklyRequestStats.objects.filter(company=None).delete()
    WeeklyRequestStats.objects.filter(week=THIS_WEEK).update(created=99)
    with time_machine.travel(NOW + datetime.timedelta(minutes=10), tick=False):
        assert request_stats_refresh() == 4  # two overall rows back, two company rows fixed
    assert _rows() == swept


def test_the_sweep_keeps_older_weeks_and_the_rebuild_makes_them(alice, channel, bob):
    """The sweep recomputes this week and last week only; older weeks come from the rebuild
    (``manage.py request_stats_rebuild``) and stay as they are."""
    with time_machine.travel(at(2, 10) - datetime.timedelta(weeks=5), tick=False):
        old = make_request(alice, channel)
        referral_refer(request=old, referrer=bob)
    with time_machine.travel(NOW, tick=False):
        request_stats_refresh()
        assert not WeeklyRequestStats.objects.exists()
        out = io.StringIO()
        call_command("request_stats_rebuild", stdout=out)
        assert "stats_rows=2" in out.getvalue()
        five_weeks_ago = LAST_WEEK - datetime.timedelta(weeks=5)
        assert WeeklyRequestStats.objects.get(week=five_weeks_ago, company=None).referred == 1
        request_stats_refresh()
    assert WeeklyRequestStats.objects.filter(week=five_weeks_ago).count() == 2


def test_a_late_first_answer_moves_last_weeks_row(alice, bob, channel):
    """A request sent on Sunday night is answered on Monday: the sweep of the new week
    recomputes the week it was sent in."""
    with time_machine.travel(at(8, 23), tick=False):
        sunday = make_request(alice, channel)
        request_stats_refresh()
    assert WeeklyRequestStats.objects.get(week=LAST_WEEK, company=None).responded == 0
    with time_machine.travel(at(9, 9), tick=False):
        referral_refer(request=sunday, referrer=bob)
        request_stats_refresh()
    row = WeeklyRequestStats.objects.get(week=LAST_WEEK, company=None)
    assert (row.created, row.responded, row.referred) == (1, 1, 0)
    assert WeeklyRequestStats.objects.get(week=THIS_WEEK, company=None).referred == 1


def test_a_company_merge_moves_the_figures(weeks_of_requests, acme, globex):
    from workflows.companies import company_merge

    globex_pk = globex.pk
    with time_machine.travel(NOW, tick=False):
        company_merge(source=globex, target=acme)
    this_week = WeeklyRequestStats.objects.get(week=THIS_WEEK, company=acme)
    assert (this_week.created, this_week.responded) == (2, 1)
    assert not WeeklyRequestStats.objects.filter(company_id=globex_pk).exists()
    merged = _rows()
    with time_machine.travel(NOW, tick=False):
        request_stats_rebuild()
    assert _rows() == merged


# --- The pages --------------------------------------------------------------------------------


def test_only_moderators_see_it(client, alice, staff, acme):
    urls = [
        reverse("referrals:health"),
        reverse("referrals:health_csv"),
        reverse("referrals:health_company", args=[acme.slug]),
        reverse("referrals:health_company_csv", args=[acme.slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(alice)
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(staff)
    for url in urls:
        assert client.get(url).status_code == 200
    missing = reverse("referrals:health_company", args=["no-such-company"])
    assert client.get(missing).status_code == 404


def test_the_page_in_english(client, staff, weeks_of_requests, acme):
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("referrals:health"), HTTP_ACCEPT_LANGUAGE="en")
    text = page_text(response)
    assert "Community health" in text
    definitions = text.split('<ul class="definitions">', 1)[1].split("</ul>", 1)[0]
    for line in (
        "<strong>Response</strong>: the referrer's first answer",
        "<strong>Response rate</strong>: requests that got a first response ÷ requests sent",
        "<strong>Referral rate</strong>: requests referred ÷ requests decided",
        "<strong>Expiries</strong>: requests that expired that week.",
    ):
        assert line in definitions, line
    assert "so it is right to within its range" in text
    assert "Taipei time (UTC+8)" in text
    # The table: this week first, then last week's row with its rates and median.
    assert "67%" in text and "50%" in text and "4.0 hours" in text and "1.5 hours" in text
    assert '<svg class="chart"' in text and 'role="img"' in text
    assert reverse("referrals:health_company", args=[acme.slug]) in text
    assert "style=" not in text.split("<main", 1)[1]


def test_the_page_in_chinese(client, staff, weeks_of_requests, acme):
    staff.language = "zh-hant"
    staff.save(update_fields=["language"])
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("referrals:health"), HTTP_ACCEPT_LANGUAGE="zh-hant")
        company = client.get(
            reverse("referrals:health_company", args=[acme.slug]), HTTP_ACCEPT_LANGUAGE="zh-hant"
        )
    text = page_text(response)
    for words in ("社群健康度", "回覆率", "內推率", "首次回覆時間中位數", "逾期", "每週", "3月2日"):
        assert words in text, words
    assert "4.0 小時" in text
    assert "愛客美半導體" in page_text(company)


def test_company_search(client, staff, acme, globex):
    client.force_login(staff)
    response = client.get(reverse("referrals:health") + "?q=globex", HTTP_ACCEPT_LANGUAGE="en")
    assert reverse("referrals:health_company", args=[globex.slug]) in page_text(response)


def test_the_csv(client, staff, weeks_of_requests, acme):
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("referrals:health_csv"), HTTP_ACCEPT_LANGUAGE="en")
        at_acme = client.get(
            reverse("referrals:health_company_csv", args=[acme.slug]), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="guanxi-community-health-20260311.csv"'
    )
    assert at_acme["Content-Disposition"] == (
        f'attachment; filename="guanxi-community-health-{acme.slug}-20260311.csv"'
    )
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0] == [
        "Week starting",
        "Requests",
        "Responded",
        "Response rate (%)",
        "Decided",
        "Referred",
        "Referral rate (%)",
        "Median time to first response (hours)",
        "Expired",
    ]
    assert len(rows) == 13 and rows[1][0] == "2025-12-22"
    assert rows[-2] == ["2026-03-02", "3", "2", "66.7", "2", "1", "50.0", "4.0", "0"]
    assert rows[-1] == ["2026-03-09", "2", "1", "50.0", "0", "0", "", "1.5", "1"]
    acme_rows = list(csv.reader(io.StringIO(at_acme.content.decode("utf-8")[1:])))
    assert acme_rows[-1] == ["2026-03-09", "1", "1", "100.0", "0", "0", "", "1.5", "1"]


def test_the_csv_headers_in_chinese(client, staff, weeks_of_requests):
    staff.language = "zh-hant"
    staff.save(update_fields=["language"])
    client.force_login(staff)
    response = client.get(reverse("referrals:health_csv"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert "回覆率（%）" in header and "內推率（%）" in header


# --- A fixed number of queries ----------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # warm caches (content types, sessions) so only the page itself is measured
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _many_rows(weeks: int, companies: int) -> None:
    """Rollup rows for ``weeks`` weeks up to NOW at ``companies`` more companies."""
    firms = [company_create(name_en=f"Firm {i}", name_zh=f"公司{i}") for i in range(companies)]
    rows = []
    for w in range(weeks):
        week = THIS_WEEK - datetime.timedelta(weeks=w)
        rows.append(WeeklyRequestStats(week=week, created=10 * companies, responded=5 * companies))
        for i, firm in enumerate(firms):
            histogram = _histogram(b3=3, b7=2)
            rows.append(
                WeeklyRequestStats(
                    week=week,
                    company=firm,
                    created=10 + i,
                    responded=5,
                    referred=2,
                    decided=3,
                    expired=1,
                    response_histogram=histogram,
                )
            )
    WeeklyRequestStats.objects.filter(company=None).delete()
    WeeklyRequestStats.objects.bulk_create(rows)


def test_the_dashboard_runs_a_fixed_number_of_queries(client, staff, weeks_of_requests, acme):
    client.force_login(staff)
    urls = [
        reverse("referrals:health"),
        reverse("referrals:health_company", args=[acme.slug]),
        reverse("referrals:health_csv"),
    ]
    with time_machine.travel(NOW, tick=False):
        small = [_queries(client, url) for url in urls]  # 2 weeks, 2 companies
        _many_rows(weeks=20, companies=15)
        large = [_queries(client, url) for url in urls]
        response = client.get(urls[0])
    assert large == small
    assert len(response.context["busiest"]) == 10
