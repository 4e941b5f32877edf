"""``{{ value|when:"weekday_time" }}`` and ``{{ value|ago }}``: dates as each language writes them.

See guanxi/formats/__init__.py for the kinds (date, weekday, datetime, weekday_time, time).
"""

from django import template

from guanxi import formats

register = template.Library()


@register.filter(expects_localtime=True)
def when(value, kind="datetime"):
    return formats.when(value, kind)


@register.filter
def ago(value):
    return formats.ago(value)
