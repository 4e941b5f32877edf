from django.conf import settings


class SecurityHeadersMiddleware:
    """Send the site's Content-Security-Policy (unless a view set its own) and Permissions-Policy.

    Scripts and styles only from our own origin: no inline scripts, no eval, no inline styles
    (``tests/test_no_inline_styles.py``); nothing may frame our pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        if self.permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response


class PrivateCacheMiddleware:
    """A signed-in member's pages are never stored by a browser or a proxy.

    After AuthenticationMiddleware, so files served by WhiteNoise never reach it. The member is
    read before the view, as MemberPreferencesMiddleware does anyway: after a failed request,
    reading them could only fail again. A view that already forbade storing (``no-store``) keeps
    its own Cache-Control.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        if signed_in and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response
