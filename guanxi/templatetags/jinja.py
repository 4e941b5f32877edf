"""``{% jinja "chrome/header.jinja" name=value … %}``: a Jinja2 template inside a Django one.

Pieces that both engines show (the site header and footer, the network's tabs, a channel's
figures) are written once, in Jinja2, and Django's templates render them with this tag. The
Jinja2 template sees ``request``, ``user``, ``csrf_token``/``csrf_input``, ``LANGUAGE_CODE``,
``unread_notification_count`` and the values named in the tag.
"""

from django import template
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from guanxi.jinja2 import csrf_input

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **values) -> str:
    token = context.get("csrf_token", "")
    values = {
        "request": context.get("request"),
        "user": context.get("user"),
        "csrf_token": token,
        "csrf_input": csrf_input(token),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE") or translation.get_language(),
        "unread_notification_count": context.get("unread_notification_count", 0),
        **values,
    }
    html = engines["jinja2"].env.get_template(template_name).render(values)
    return mark_safe(html)  # noqa: S308 - our own template's output
