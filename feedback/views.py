from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from feedback.forms import FeedbackForm
from feedback.models import Feedback
from guanxi.ratelimit import Limit, client_ip, hit

FEEDBACK_PER_HOUR = Limit("feedback", 10, 3600)


def feedback_create(request):
    page = request.GET.get("from", "")
    if not url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()}):
        page = ""
    form = FeedbackForm(request.POST or None, initial={"page": page})
    if request.method == "POST" and hit(FEEDBACK_PER_HOUR, client_ip(request)):
        form.is_valid()
        form.add_error(
            None, _("Thank you — that is a lot of feedback in one hour. Please try again later.")
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        Feedback.objects.create(
            author=request.user if request.user.is_authenticated else None,
            email=data["email"] or (request.user.email if request.user.is_authenticated else ""),
            page=data["page"],
            message=data["message"],
            language=get_language() or "",
        )
        messages.success(request, _("Thank you! Our volunteers read every message."))
        target = data["page"]
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("home")
    return TemplateResponse(request, "feedback/form.html", {"form": form})
