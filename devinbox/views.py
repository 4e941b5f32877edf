from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from devinbox.models import DevEmail


def _only_in_development():
    if not settings.DEBUG or settings.EMAIL_BACKEND != "devinbox.backend.EmailBackend":
        raise Http404


def inbox(request):
    _only_in_development()
    return TemplateResponse(request, "devinbox/list.html", {"emails": DevEmail.objects.all()[:100]})


def message(request, pk):
    _only_in_development()
    email = get_object_or_404(DevEmail, pk=pk)
    return TemplateResponse(request, "devinbox/detail.html", {"email": email})


@xframe_options_sameorigin
def message_html(request, pk):
    _only_in_development()
    email = get_object_or_404(DevEmail, pk=pk)
    response = HttpResponse(email.html or "")
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    return response
