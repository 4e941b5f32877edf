from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from companies.forms import CompanyForm
from companies.selectors import (
    CARD_FIELDS,
    aliases_of,
    company_by_slug,
    company_list_page,
    company_search_counted,
)
from companies.selectors import company_list as all_companies
from companies.services import CompanyError, company_create, company_find_duplicates
from guanxi.pagination import CountedPaginator
from referrals.display import referrer_cards
from referrals.selectors import CARD_SORTS, channel_cards_of
from workflows.warm_paths import PANEL_SIZE, people_known_at, people_known_counts

# Twelve cards a page: enough to choose from, and a page that stays quick to read and to load.
REFERRERS_PER_PAGE = 12


def _cursor(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def company_list(request):
    query = request.GET.get("q", "").strip()[:100]
    per_page = settings.COMPANIES_PER_PAGE
    # Browsing the whole list: pages by cursor ("after"/"before"), so page 800 costs the same
    # as page 1 and nothing counts every company.
    keyset = not query and "page" not in request.GET

    if keyset:
        page = company_list_page(
            per_page=per_page,
            after=_cursor(request.GET.get("after")),
            before=_cursor(request.GET.get("before")),
        )
    else:
        if query:
            companies, found = company_search_counted(query)
            paginator = CountedPaginator(companies, per_page, count=found)
        else:
            paginator = Paginator(all_companies().only(*CARD_FIELDS), per_page)
        page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "companies/list.jinja",
        {
            "page": page,
            "query": query,
            "keyset": keyset,
            # How many people the member already knows at each company on the page.
            "known_counts": people_known_counts(request.user, page.object_list),
        },
    )


def company_detail(request, slug):
    company = company_by_slug(slug)
    if company is None:
        raise Http404
    sort = request.GET.get("sort", "active")
    if sort not in CARD_SORTS:
        sort = "active"
    channels = channel_cards_of(company, sort=sort)
    # The stored count (kept by the channel services) numbers the pages.
    page = CountedPaginator(channels, REFERRERS_PER_PAGE, count=company.referrer_count).get_page(
        request.GET.get("page")
    )
    page.object_list = referrer_cards(page.object_list)
    # Who the member already knows there, from their own contacts and connections only.
    known = people_known_at(request.user, company)
    return TemplateResponse(
        request,
        "companies/detail.jinja",
        {
            "company": company,
            "aliases": aliases_of(company),
            "page": page,
            "known": known,
            "known_shown": PANEL_SIZE,
            "known_referrers": {p.member_id for p in known if p.refers_here},
            "sort": sort,
            "sorts": [
                ("active", _("Most referrals")),
                ("recent", _("Most recent referral")),
                ("fast", _("Fastest response")),
                ("responsive", _("Highest response rate")),
                ("available", _("Most room")),
            ],
        },
    )


@login_required
def company_add(request):
    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        messages.error(request, _("Please verify your e-mail address before adding a company."))
        return redirect("companies:list")
    form = CompanyForm(request.POST or None, initial={"name_en": request.GET.get("name", "")})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        names = [data["name_en"], data["name_zh"], *form.alias_list()]
        duplicates = company_find_duplicates(names=names, website=data["website"])
        if duplicates and not data["confirm_new"]:
            form.add_error(
                None,
                _(
                    "We found companies that look the same. If yours is listed, please use it; "
                    "otherwise tick the box to confirm and add it."
                ),
            )
        else:
            try:
                company = company_create(
                    name_en=data["name_en"],
                    name_zh=data["name_zh"],
                    website=data["website"],
                    aliases=form.alias_list(),
                    created_by=request.user,
                    allow_duplicate=True,
                )
            except CompanyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(company)s has been added. Thank you!") % {"company": company.display_name},
                )
                next_url = request.POST.get("next", "")
                if next_url == "channel":
                    return redirect("referrals:channel_create", slug=company.slug)
                return redirect(company)
    return TemplateResponse(
        request,
        "companies/add.html",
        {
            "form": form,
            "duplicates": duplicates,
            "next": request.GET.get("next", ""),
        },
    )
