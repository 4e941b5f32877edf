"""Coffee chats: thin views that parse a form, call a service and render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import member_name
from coffee.calendar import chat_calendar, chat_method
from coffee.forms import ProposeForm, RescheduleForm, RespondForm
from coffee.models import Status
from coffee.selectors import chat_for, chat_sections
from coffee.services import (
    CHANGEABLE,
    CoffeeError,
    coffee_cancel,
    coffee_confirm,
    coffee_mark_happened,
    coffee_propose,
    coffee_reschedule,
)
from guanxi.ratelimit import Limit, hit

PROPOSALS_PER_HOUR = Limit("coffee_propose", 10, 3600)


@login_required
def chat_list(request):
    now = timezone.now()
    context = {**chat_sections(request.user, now=now), "now": now}
    return TemplateResponse(request, "coffee/list.html", context)


@login_required
def propose(request, user_pk):
    User = get_user_model()
    invitee = get_object_or_404(
        User.objects.filter(is_active=True).exclude(pk=request.user.pk), pk=user_pk
    )
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and hit(PROPOSALS_PER_HOUR, str(request.user.pk)):
        form.is_valid()
        form.add_error(None, _("Too many attempts in a short time. Please wait a while."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            chat = coffee_propose(
                proposer=request.user,
                invitee=invitee,
                goal=data["goal"],
                mode=data["mode"],
                duration_minutes=data["duration"],
                slots=form.slots(),
            )
        except CoffeeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your invitation has been sent to %(name)s. They will choose a time and "
                    "the place."
                )
                % {"name": invitee.public_name},
            )
            return redirect(chat.get_absolute_url())
    return TemplateResponse(request, "coffee/propose.html", {"invitee": invitee, "form": form})


def _detail(request, chat, respond_form=None):
    now = timezone.now()
    is_chooser = chat.status == Status.PROPOSED and request.user.pk == chat.chooser_id
    if is_chooser and respond_form is None:
        respond_form = RespondForm(chat=chat, member=request.user)
    return TemplateResponse(
        request,
        "coffee/detail.html",
        {
            "chat": chat,
            "other": chat.other(request.user),
            "is_invitee": request.user.pk == chat.invitee_id,
            "slots": list(chat.slots.all()),
            "respond_form": respond_form if is_chooser else None,
            "can_change": chat.status in CHANGEABLE,
            "can_mark_met": chat.status == Status.CONFIRMED and chat.starts_at <= now,
            "has_calendar": chat.starts_at is not None,
            "now": now,
        },
    )


@login_required
def detail(request, pk):
    return _detail(request, chat_for(request.user, pk))


@login_required
@require_POST
def respond(request, pk):
    chat = chat_for(request.user, pk)
    if chat.status != Status.PROPOSED or request.user.pk != chat.chooser_id:
        messages.error(request, _("This coffee chat is not waiting for your answer."))
        return redirect(chat.get_absolute_url())
    form = RespondForm(request.POST, chat=chat, member=request.user)
    if form.is_valid():
        try:
            coffee_confirm(
                chat=chat,
                member=request.user,
                slot_id=form.cleaned_data["slot"].pk,
                place=form.cleaned_data.get("place", ""),
                meeting_link=form.cleaned_data.get("meeting_link", ""),
            )
        except CoffeeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your coffee chat is confirmed. You both receive a calendar invitation."),
            )
            return redirect(chat.get_absolute_url())
    return _detail(request, chat, respond_form=form)


@login_required
def reschedule(request, pk):
    chat = chat_for(request.user, pk)
    if chat.status not in CHANGEABLE:
        messages.error(request, _("This coffee chat can no longer be changed."))
        return redirect(chat.get_absolute_url())
    form = RescheduleForm(request.POST or None, chat=chat, member=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            coffee_reschedule(
                chat=chat,
                member=request.user,
                slots=form.slots(),
                place=form.cleaned_data.get("place", ""),
                meeting_link=form.cleaned_data.get("meeting_link", ""),
            )
        except CoffeeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your new times have been sent to %(name)s.")
                % {"name": member_name(chat.other(request.user))},
            )
            return redirect(chat.get_absolute_url())
    return TemplateResponse(
        request,
        "coffee/reschedule.html",
        {"chat": chat, "other": chat.other(request.user), "form": form},
    )


@login_required
@require_POST
def cancel(request, pk):
    chat = chat_for(request.user, pk)
    try:
        coffee_cancel(chat=chat, member=request.user)
    except CoffeeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The coffee chat has been cancelled."))
    return redirect(chat.get_absolute_url())


@login_required
@require_POST
def happened(request, pk):
    chat = chat_for(request.user, pk)
    try:
        coffee_mark_happened(
            chat=chat, member=request.user, topics=request.POST.get("topics", "")[:300]
        )
    except CoffeeError as error:
        messages.error(request, str(error))
    else:
        other = chat.other(request.user)
        if other is None:  # they have left Guanxi since
            messages.success(request, _("Glad you met."))
        else:
            messages.success(
                request,
                _("Glad you met. %(name)s is now in your contacts, with this chat in the history.")
                % {"name": other.public_name},
            )
    return redirect(chat.get_absolute_url())


@login_required
def ics(request, pk):
    """The invitation as a file, in the requester's language and time zone."""
    chat = chat_for(request.user, pk)
    if chat.starts_at is None:
        messages.info(request, _("The calendar file is available once a time has been chosen."))
        return redirect(chat.get_absolute_url())
    response = HttpResponse(
        chat_calendar(chat, viewer=request.user),
        content_type=f"text/calendar; method={chat_method(chat)}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="coffee-chat-{chat.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
