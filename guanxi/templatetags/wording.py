"""Punctuation that follows the language: lists, labels and counts joined in templates.

Chinese uses its own full-width marks: 「職缺：…」, 「請教交流、內推」, 「等你處理（3）」, where
English writes "Position: …", "Advice chat, Referral", "Waiting for you (3)". A template that
glues values with a literal ", " or ": " writes English punctuation into Chinese, so these come
from the catalogue instead:

    {{ channel.get_kind_labels|listing }}       Advice chat, Referral / 請教交流、內推
    {{ kind }}{% colon %}{{ detail }}            Declined: … / 婉拒：…
    {{ pending|length|parens }}                 (3) / （3）
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

register = template.Library()


@register.filter(needs_autoescape=True)
def listing(values, autoescape=True) -> str:
    """Join a list with the language's list separator (", " in English, "、" in Chinese)."""
    separator = pgettext("list separator", ", ")
    escape = conditional_escape if autoescape else str
    return mark_safe(escape(separator).join(escape(v) for v in values if v not in ("", None)))


@register.simple_tag
def colon() -> str:
    """The mark between a label and its value (": " in English, "：" in Chinese)."""
    return pgettext("between a label and its value", ": ")


@register.filter(needs_autoescape=True)
def parens(value, autoescape=True) -> str:
    """A value in parentheses: "(3)" in English, "（3）" in Chinese."""
    escape = conditional_escape if autoescape else str
    return mark_safe(pgettext("a value in parentheses", "(%(value)s)") % {"value": escape(value)})
