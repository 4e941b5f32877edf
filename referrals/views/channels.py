"""'Become a referrer': a member's referrer channels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Company
from companies.selectors import company_search
from referrals.forms import ChannelForm, VerificationCodeForm, WorkEmailForm
from referrals.models import ReferrerChannel
from referrals.selectors import IMPACT_RECENT_DAYS, channels_of, my_channel, referrer_impact
from referrals.services import ReferralError, channel_delete, channel_save
from referrals.verification import channel_verification_confirm, channel_verification_send


@login_required
def channel_list(request):
    return TemplateResponse(
        request, "referrals/channels/list.html", {"channels": channels_of(request.user)}
    )


@login_required
def channel_choose_company(request):
    query = request.GET.get("q", "").strip()
    companies = company_search(query)[:12] if query else []
    return TemplateResponse(
        request, "referrals/channels/choose_company.html", {"query": query, "companies": companies}
    )


@login_required
def channel_create(request, slug):
    company = get_object_or_404(Company, slug=slug)
    existing = ReferrerChannel.objects.filter(referrer=request.user, company=company).first()
    if existing:
        messages.info(request, _("You already refer for this company; here is your channel."))
        return redirect("referrals:channel_edit", pk=existing.pk)
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = form.save(commit=False)
        channel.referrer, channel.company = request.user, company
        try:
            channel_save(channel=channel)
        except ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you for opening a referrer channel at %(company)s.")
                % {"company": company.display_name},
            )
            return redirect("referrals:channels")
    return TemplateResponse(
        request, "referrals/channels/form.html", {"form": form, "company": company}
    )


@login_required
def channel_edit(request, pk):
    channel = my_channel(request.user, pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        try:
            channel_save(channel=form.save(commit=False))
        except ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your referrer channel has been saved."))
            return redirect("referrals:channels")
    return TemplateResponse(
        request,
        "referrals/channels/form.html",
        {"form": form, "company": channel.company, "channel": channel},
    )


@login_required
@require_POST
def channel_remove(request, pk):
    channel = my_channel(request.user, pk)
    try:
        channel_delete(channel=channel)
    except ReferralError as error:
        messages.error(request, str(error))
        return redirect("referrals:channel_edit", pk=channel.pk)
    messages.success(request, _("Your referrer channel has been removed."))
    return redirect("referrals:channels")


@login_required
def channel_verify(request, pk):
    """Verify a channel with a code sent to a work address at the company's domain."""
    channel = my_channel(request.user, pk)
    step = request.POST.get("step")
    email_form = WorkEmailForm(request.POST if step == "send" else None)
    code_form = VerificationCodeForm(request.POST if step == "confirm" else None)
    if request.method == "POST" and email_form.is_bound and email_form.is_valid():
        try:
            channel_verification_send(channel=channel, email=email_form.cleaned_data["email"])
        except ReferralError as error:
            email_form.add_error("email", str(error))
        else:
            messages.success(request, _("We sent a code. It is valid for 30 minutes."))
            return redirect("referrals:channel_verify", pk=channel.pk)
    if request.method == "POST" and code_form.is_bound and code_form.is_valid():
        try:
            channel_verification_confirm(channel=channel, code=code_form.cleaned_data["code"])
        except ReferralError as error:
            code_form.add_error("code", str(error))
        else:
            messages.success(request, _("Verified: your channel now shows the badge."))
            return redirect("referrals:channels")
    pending = channel.verification_codes.filter(
        used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    return TemplateResponse(
        request,
        "referrals/channels/verify.html",
        {
            "channel": channel,
            "company": channel.company,
            "email_form": email_form,
            "code_form": code_form,
            "pending": pending,
            "domains": channel.company.domains.values_list("domain", flat=True),
        },
    )


@login_required
def impact(request, pk=None):
    """What a referrer's help came to: all their channels, or one of them (``pk``)."""
    channels = list(channels_of(request.user))
    all_channels = len(channels)
    if pk is not None:
        channels = [c for c in channels if c.pk == pk]
        if not channels:
            raise Http404
    figures = referrer_impact(request.user, channels)
    for channel in channels:
        channel.impact = figures["channels"][channel.pk]
    return TemplateResponse(
        request,
        "referrals/channels/impact.html",
        {
            "channels": channels,
            "one": pk is not None,
            "all_channels": all_channels,
            "total": figures["total"],
            "thanks": figures["thanks"],
            "recent_days": IMPACT_RECENT_DAYS,
        },
    )
