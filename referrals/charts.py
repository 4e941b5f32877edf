"""Small charts drawn on the server as inline SVG: no script, no inline style (the CSP forbids
both); the template sets only SVG geometry (x, y, width, height, points) and classes, and
static/css/health.css colours them.

A chart is a picture of figures that a table on the same page gives in full, for screen readers
and for anyone who wants the numbers: the SVG names itself with a title and a description that
points to that table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guanxi.formats import when

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 28
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int


@dataclass
class Line:
    points: list[str]  # one "x,y x,y …" string per unbroken run of values
    dots: list[tuple[float, float]]
    series: int


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    grid: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (x, label)
    name: str = ""  # its CSS class is chart-<name>; its ids start with it
    title: str = ""
    legend: list[str] = field(default_factory=list)  # the series' names, in order


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at least ``value`` (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def _y(value: float, top_value: float) -> float:
    return round(TOP + PLOT_HEIGHT * (1 - value / top_value), 1)


def _axes(chart: Chart, labels: list[str], top_value: float, fmt) -> None:
    slot = PLOT_WIDTH / max(1, len(labels))
    chart.grid = [(_y(v, top_value), fmt(v)) for v in (0, top_value / 2, top_value)]
    # Every other week is labelled, the current (last) one always: a Chinese date is wide.
    last = len(labels) - 1
    chart.ticks = [
        (round(LEFT + slot * (i + 0.5), 1), label)
        for i, label in enumerate(labels)
        if (last - i) % 2 == 0
    ]


def bar_chart(labels: list[str], series: list[list[float | None]], fmt=None) -> Chart:
    """Bars for each label, one per series side by side."""
    fmt = fmt or _number
    chart = Chart()
    values = [v for s in series for v in s if v is not None]
    top_value = nice_ceiling(max(values, default=0))
    _axes(chart, labels, top_value, fmt)
    slot = PLOT_WIDTH / max(1, len(labels))
    group = slot * 0.7
    width = group / max(1, len(series))
    for i in range(len(labels)):
        for k, values_k in enumerate(series):
            value = values_k[i]
            if not value:
                continue
            y = _y(value, top_value)
            chart.bars.append(
                Bar(
                    x=round(LEFT + slot * i + (slot - group) / 2 + width * k, 1),
                    y=y,
                    width=round(width - 1, 1),
                    height=round(TOP + PLOT_HEIGHT - y, 1),
                    series=k + 1,
                )
            )
    return chart


def line_chart(
    labels: list[str], series: list[list[float | None]], *, top_value: float, fmt=None
) -> Chart:
    """A line per series; a week without a value (None) breaks the line."""
    fmt = fmt or _number
    chart = Chart()
    _axes(chart, labels, top_value, fmt)
    slot = PLOT_WIDTH / max(1, len(labels))
    for k, values in enumerate(series):
        runs: list[list[str]] = [[]]
        dots = []
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            x, y = round(LEFT + slot * (i + 0.5), 1), _y(min(value, top_value), top_value)
            runs[-1].append(f"{x},{y}")
            dots.append((x, y))
        chart.lines.append(
            Line(points=[" ".join(run) for run in runs if len(run) > 1], dots=dots, series=k + 1)
        )
    return chart


def _number(value: float) -> str:
    return f"{value:g}"


def dashboard_charts(weeks) -> list[Chart]:
    """The community-health dashboard's three charts of ``referrals.health.WeekFigures``:
    requests and expiries per week (bars), response and referral rates (lines, per cent), and the
    median time to first response (bars, hours)."""
    labels = [when(week.week, "date") for week in weeks]
    requests = bar_chart(labels, [[w.created for w in weeks], [w.expired for w in weeks]])
    requests.name, requests.title = "requests", _("Requests and expiries per week")
    requests.legend = [_("Requests"), _("Expiries")]
    rates = line_chart(
        labels,
        [[w.response_percent for w in weeks], [w.referral_percent for w in weeks]],
        top_value=100,
        fmt=_percent,
    )
    rates.name, rates.title = "rates", _("Response rate and referral rate")
    rates.legend = [_("Response rate"), _("Referral rate")]
    median = bar_chart(labels, [[w.median_hours for w in weeks]], fmt=_hours)
    median.name, median.title = "median", _("Median time to first response (hours)")
    return [requests, rates, median]


def _percent(value: float) -> str:
    return f"{value:g}%"


def _hours(value: float) -> str:
    return _("%(hours)s h") % {"hours": f"{value:g}"}
