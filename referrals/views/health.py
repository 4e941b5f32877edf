"""The moderators' community-health dashboard: referral requests week by week, overall and per
company (URLs /moderators/health/…). Moderators only: to anyone else the pages do not exist
(404)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.time_zones import zone_label
from companies.models import Company
from companies.selectors import company_search
from referrals.charts import dashboard_charts
from referrals.health import (
    DASHBOARD_WEEKS,
    RESPONSE_BUCKET_HOURS,
    busiest_companies,
    figures_as_of,
    figures_csv,
    total,
    weekly_figures,
)

# How many companies a search on the dashboard offers.
COMPANY_MATCHES = 10


def moderators_only(view):
    """Signed-in moderators only; a 404 for every other member."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _company(slug):
    if slug is None:
        return None
    return get_object_or_404(Company.objects.only("name_en", "name_zh", "slug"), slug=slug)


@moderators_only
def dashboard(request, slug=None):
    company = _company(slug)
    weeks = weekly_figures(company=company)
    query = request.GET.get("q", "").strip()[:100]
    return TemplateResponse(
        request,
        "referrals/health/dashboard.html",
        {
            "company": company,
            "weeks": weeks,
            "total": total(weeks),
            "charts": dashboard_charts(weeks),
            "busiest": busiest_companies() if company is None else [],
            "as_of": figures_as_of(),
            "query": query,
            "matches": list(company_search(query)[:COMPANY_MATCHES]) if query else [],
            "week_count": DASHBOARD_WEEKS,
            "longest_range_days": RESPONSE_BUCKET_HOURS[-1] // 24,
            "zone": zone_label(settings.TIME_ZONE),
        },
    )


@moderators_only
def dashboard_csv(request, slug=None):
    company = _company(slug)
    name = f"-{company.slug}" if company else ""
    body = "\ufeff" + figures_csv(weekly_figures(company=company))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"guanxi-community-health{name}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
