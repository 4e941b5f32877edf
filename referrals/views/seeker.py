"""The seeker's side: asking for a referral and 'My requests'."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.pagination import UncountedPaginator
from guanxi.ratelimit import Limit, hit
from referrals.display import my_request_rows
from referrals.forms import AnswerForm, OutcomeForm, ReferralRequestForm, ThankForm
from referrals.models import ReferrerChannel, Status
from referrals.selectors import my_request_rows_of, request_for_seeker, request_timeline
from referrals.services import (
    ReferralError,
    referral_answer_info,
    referral_next_channel,
    referral_report_outcome,
    referral_request_create,
    referral_resend,
    referral_thank,
    referral_withdraw,
    seeker_limit_problem,
)
from resumes.services import ResumeError
from workflows.warm_paths import ask_warm_paths

# Attempts, not requests: the daily and open-request caps are enforced by the service.
ASK_ATTEMPTS_PER_HOUR = Limit("ask", 20, 3600)


@login_required
def ask(request, channel_pk):
    channel = get_object_or_404(
        ReferrerChannel.objects.select_related("company", "referrer"), pk=channel_pk
    )
    limit_problem = seeker_limit_problem(seeker=request.user, channel=channel)
    form = ReferralRequestForm(
        request.POST or None,
        request.FILES or None,
        channel=channel,
        seeker=request.user,
        propose_job_id=True,
    )
    if request.method == "POST" and hit(ASK_ATTEMPTS_PER_HOUR, str(request.user.pk)):
        form.is_valid()
        form.add_error(None, _("Too many attempts in a short time. Please wait a while."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = referral_request_create(
                seeker=request.user,
                channel=channel,
                kind=data["kind"],
                position_title=data["position_title"],
                note=data["note"],
                job_url=data["job_url"],
                job_id=data["job_id"],
                location=data["location"],
                resume=data["resume"],
                upload=data["upload"],
                keep_in_library=data["keep_in_library"],
            )
        except ResumeError as error:
            form.add_error("upload", str(error))
        except ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request has been sent to %(name)s. We will e-mail you when they answer.")
                % {"name": channel.referrer.public_name},
            )
            return redirect(created.get_absolute_url())
    return TemplateResponse(
        request,
        "referrals/seeker/ask.html",
        {
            "channel": channel,
            "company": channel.company,
            "form": form,
            "limit_problem": limit_problem,
            "max_mb": settings.RESUME_MAX_BYTES // (1024 * 1024),
            # Whom the member already knows there: this referrer, or others to ask instead.
            "warm": None if limit_problem else ask_warm_paths(request.user, channel),
        },
    )


@login_required
def my_requests(request):
    # Previous/Next pages: a busy seeker's requests are never counted just to number the pages.
    page = UncountedPaginator(my_request_rows_of(request.user), 20).get_page(
        request.GET.get("page")
    )
    my_request_rows(page.object_list)
    return TemplateResponse(request, "referrals/seeker/list.jinja", {"page": page})


@login_required
def my_request(request, pk):
    referral = request_for_seeker(request.user, pk)
    next_channel = None
    if referral.status in (Status.EXPIRED, Status.DECLINED):
        next_channel = referral_next_channel(request=referral)
    return TemplateResponse(
        request,
        "referrals/seeker/detail.html",
        {
            "referral": referral,
            "events": request_timeline(referral),
            "next_channel": next_channel,
            "answer_form": AnswerForm(),
            "outcome_form": OutcomeForm(initial={"outcome": referral.outcome or None}),
            "thank_form": ThankForm(),
        },
    )


def _act(request, pk, form_class, action, success_message):
    referral = request_for_seeker(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(referral.get_absolute_url())
    try:
        action(referral, form.cleaned_data if form else {})
    except ReferralError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success_message)
    return redirect(referral.get_absolute_url())


@login_required
@require_POST
def answer(request, pk):
    return _act(
        request,
        pk,
        AnswerForm,
        lambda r, d: referral_answer_info(request=r, seeker=request.user, answer=d["answer"]),
        _("Your answer has been sent back to the referrer."),
    )


@login_required
@require_POST
def withdraw(request, pk):
    return _act(
        request,
        pk,
        None,
        lambda r, d: referral_withdraw(request=r, seeker=request.user),
        _("Your request has been withdrawn."),
    )


@login_required
@require_POST
def report_outcome(request, pk):
    return _act(
        request,
        pk,
        OutcomeForm,
        lambda r, d: referral_report_outcome(request=r, seeker=request.user, outcome=d["outcome"]),
        _("Thank you for the update. Your referrer will see it."),
    )


@login_required
@require_POST
def thank(request, pk):
    return _act(
        request,
        pk,
        ThankForm,
        lambda r, d: referral_thank(request=r, seeker=request.user, message=d["message"]),
        _("Your thank-you has been sent."),
    )


@login_required
@require_POST
def resend(request, pk, channel_pk):
    referral = request_for_seeker(request.user, pk)
    channel = get_object_or_404(ReferrerChannel.objects.select_related("referrer"), pk=channel_pk)
    try:
        created = referral_resend(request=referral, seeker=request.user, channel=channel)
    except ReferralError as error:
        messages.error(request, str(error))
        return redirect(referral.get_absolute_url())
    messages.success(
        request,
        _("Your request has been sent to %(name)s.") % {"name": channel.referrer.public_name},
    )
    return redirect(created.get_absolute_url())
