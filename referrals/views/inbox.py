"""The referrer's side: the 'Referral inbox' and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.pagination import UncountedPaginator
from referrals import wording
from referrals.display import inbox_rows
from referrals.forms import AskInfoForm, DeclineForm, ReferForm
from referrals.packet import referral_packet
from referrals.selectors import (
    closed_rows_for_referrer,
    request_for_referrer,
    request_timeline,
    waiting_rows_for_referrer,
)
from referrals.services import (
    ReferralError,
    referral_ask_for_info,
    referral_decline,
    referral_mark_viewed,
    referral_refer,
)
from resumes.views import serve_resume


@login_required
def inbox(request):
    pending = inbox_rows(waiting_rows_for_referrer(request.user), pending=True)
    # Newest decisions first, twenty at a time with Previous/Next: nothing counts a busy
    # referrer's whole history, and only the page's rows are joined to seeker and company.
    history = UncountedPaginator(closed_rows_for_referrer(request.user), 20).get_page(
        request.GET.get("page")
    )
    inbox_rows(history.object_list, pending=False)
    return TemplateResponse(
        request, "referrals/inbox/list.jinja", {"pending": pending, "history": history}
    )


@login_required
def inbox_request(request, pk):
    referral = request_for_referrer(request.user, pk)
    if referral.status == "submitted":
        referral = referral_mark_viewed(request=referral, referrer=request.user)
        referral = request_for_referrer(request.user, pk)
    return TemplateResponse(
        request,
        "referrals/inbox/detail.html",
        {
            "referral": referral,
            "events": request_timeline(referral),
            "info_form": AskInfoForm(),
            "refer_form": ReferForm(),
            "decline_form": DeclineForm(),
            "packet": referral_packet(referral),
        },
    )


@login_required
def inbox_resume(request, pk):
    referral = request_for_referrer(request.user, pk)
    return serve_resume(request, referral.resume, referral_request=referral)


def _decide(request, pk, form_class, action, success_message):
    referral = request_for_referrer(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(referral.get_inbox_url())
    try:
        action(referral, form.cleaned_data)
    except ReferralError as error:
        messages.error(request, str(error))
    else:
        if callable(success_message):
            success_message = success_message(referral)
        messages.success(request, success_message)
    return redirect(referral.get_inbox_url())


@login_required
@require_POST
def refer(request, pk):
    return _decide(
        request,
        pk,
        ReferForm,
        lambda r, d: referral_refer(
            request=r, referrer=request.user, note=d["note"], contact=d["contact"]
        ),
        lambda r: str(wording.DECIDED_MESSAGE.get(r.kind, wording.DECIDED_MESSAGE["referral"])),
    )


@login_required
@require_POST
def ask_for_info(request, pk):
    return _decide(
        request,
        pk,
        AskInfoForm,
        lambda r, d: referral_ask_for_info(
            request=r, referrer=request.user, question=d["question"], contact=d["contact"]
        ),
        _("Your question has been sent to the seeker."),
    )


@login_required
@require_POST
def decline(request, pk):
    return _decide(
        request,
        pk,
        DeclineForm,
        lambda r, d: referral_decline(
            request=r, referrer=request.user, reason=d["reason"], note=d["note"]
        ),
        _("The request has been declined. The seeker will see your reason."),
    )
