from django import template

from accounts.time_zones import zone_label as _zone_label

register = template.Library()


@register.filter
def zone_label(name) -> str:
    """``{{ TIME_ZONE|zone_label }}``: 「台北時間 (UTC+8)」 / "Taipei time (UTC+8)", never "CST"."""
    return _zone_label(str(name) if name else None)
