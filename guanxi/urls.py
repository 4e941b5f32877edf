from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts.views import linkedin, linkedin_callback
from api.main import urls as api_urls
from api.views import api_not_found, api_root
from guanxi import errors
from guides.views import home

# The admin has no password form of its own: moderators sign in through the site's sign-in,
# whose failed attempts are counted and locked out (ACCOUNT_RATE_LIMITS): one door to guess at.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Guanxi moderation")
admin.site.site_title = _("Guanxi moderation")
admin.site.index_title = _("What needs a moderator")

urlpatterns = [
    path("", home, name="home"),
    # Two of allauth's addresses for Log in with LinkedIn, answered by our views first (the same
    # paths, found before allauth's): its page of linked accounts (socialaccount_connections,
    # where allauth sends a member after linking and unlinking), a 404 while LinkedIn is off;
    # and the way back from LinkedIn (openid_connect_callback), an error page if LinkedIn fails.
    path("accounts/3rdparty/", linkedin, name="linkedin"),
    path("accounts/oidc/linkedin/login/callback/", linkedin_callback, name="linkedin_callback"),
    path("accounts/", include("allauth.urls")),
    path("account/tokens/", include("api.urls")),
    path("account/", include("accounts.urls")),
    # The JSON API (docs/api.md): its root leads to the docs; any other address under it that
    # matches no endpoint is a JSON 404, not the site's page.
    path("api/", api_root, name="api_root"),
    path("api/", api_urls()),
    re_path(r"^api/", api_not_found, name="api_not_found"),
    path("companies/", include("companies.urls")),
    path("resumes/", include("resumes.urls")),
    path("notifications/", include("notifications.urls")),
    path("feedback/", include("feedback.urls")),
    path("safety/", include("moderation.urls")),
    path("network/", include("network.urls")),
    path("contacts/", include("contacts.urls")),
    path("coffee/", include("coffee.urls")),
    path("events/", include("events.urls")),
    # A member's private calendar feed (its secret address) and the profile's buttons for it.
    path("calendar/", include("calendars.urls")),
    path("guides/", include("guides.urls")),
    path("dev/inbox/", include("devinbox.urls")),
    path("admin/", admin.site.urls),
    path("", include("referrals.urls")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler429 = errors.too_many_requests  # allauth's rate limits
handler500 = errors.server_error
