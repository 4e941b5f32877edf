from django.http import Http404
from django.template.response import TemplateResponse

from companies.selectors import company_list

GUIDES = ["resume", "etiquette", "what-a-referral-means"]


def home(request):
    return TemplateResponse(request, "guides/home.html", {"companies": company_list()[:8]})


def guide_index(request):
    return TemplateResponse(request, "guides/index.html")


def guide(request, slug):
    if slug not in GUIDES:
        raise Http404
    return TemplateResponse(request, f"guides/{slug}.html")
