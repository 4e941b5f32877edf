from django import template

from accounts.models import member_name as _member_name

register = template.Library()


@register.filter
def member_name(user) -> str:
    """``{{ request.seeker|member_name }}``: the public name, or "a deleted member"."""
    return _member_name(user or None)
