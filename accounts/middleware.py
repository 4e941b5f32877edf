import zoneinfo

from django.conf import settings
from django.utils import timezone, translation


class MemberPreferencesMiddleware:
    """Activate the signed-in member's language and time zone.

    Runs after LocaleMiddleware: an explicit choice stored on the member wins over the browser's
    Accept-Language header; anonymous visitors keep the cookie or the browser's preference.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language and user.language != translation.get_language():
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone or settings.TIME_ZONE))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response
