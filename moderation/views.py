from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moderation.forms import ReportForm
from moderation.models import Block
from moderation.services import ModerationError, block_create, block_delete, report_create
from referrals.models import ReferralRequest


def _reportable(request):
    """The member (and request) being reported; 404 unless the reporter may see them."""
    if "request" in request.GET:
        try:
            pk = int(request.GET["request"])
        except ValueError:
            raise Http404 from None
        referral = get_object_or_404(
            ReferralRequest.objects.select_related("seeker", "channel__referrer").filter(
                Q(seeker=request.user) | Q(channel__referrer=request.user)
            ),
            pk=pk,
        )
        other = (
            referral.channel.referrer if referral.seeker_id == request.user.pk else referral.seeker
        )
        return other, referral
    try:
        pk = int(request.GET.get("member", ""))
    except ValueError:
        raise Http404 from None
    member = get_object_or_404(get_user_model().objects.filter(is_active=True), pk=pk)
    if member.pk == request.user.pk:
        raise Http404
    return member, None


@login_required
def report(request):
    target, referral = _reportable(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_create(
                reporter=request.user,
                target=target,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                referral_request=referral,
            )
            if form.cleaned_data["block"]:
                block_create(blocker=request.user, blocked=target)
        except ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. The moderators will look at your report."))
            return redirect("moderation:blocks" if form.cleaned_data["block"] else "home")
    return TemplateResponse(
        request,
        "moderation/report.html",
        {
            "form": form,
            "target": target,
            "referral": referral,
        },
    )


@login_required
def blocks(request):
    return TemplateResponse(
        request,
        "moderation/blocks.html",
        {
            "blocks": Block.objects.filter(blocker=request.user).select_related("blocked"),
        },
    )


@login_required
@require_POST
def block(request, member_pk):
    member = get_object_or_404(get_user_model().objects.filter(is_active=True), pk=member_pk)
    try:
        block_create(blocker=request.user, blocked=member)
    except ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Blocked. This member can no longer send you requests."))
    return redirect("moderation:blocks")


@login_required
@require_POST
def unblock(request, member_pk):
    block_delete(blocker=request.user, blocked_id=member_pk)
    messages.success(request, _("Unblocked."))
    return redirect("moderation:blocks")
