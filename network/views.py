"""Networking pages: directory, member pages, my network profile, people I want to meet,
connections. Views parse, call a service and render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanxi.pagination import CappedPaginator, UncountedPaginator
from network.display import member_cards
from network.forms import (
    ConnectForm,
    DirectoryFilterForm,
    MeetWishForm,
    ShortlistForm,
    plain_fields,
)
from network.models import Connection
from network.selectors import (
    connection_between,
    connections_of,
    directory_rows,
    incoming_requests,
    listed_member,
    my_incoming_request,
    my_shortlist_entry,
    my_wish,
    profile_of,
    sent_requests,
    shortlist_of,
    visible_member,
    wish_matches,
    wishes_of,
)
from network.services import (
    NetworkError,
    connection_accept,
    connection_ignore,
    connection_note_initial,
    connection_problem,
    connection_send,
    meet_wish_create,
    meet_wish_delete,
    shortlist_add,
    shortlist_remove,
)

MEMBERS_PER_PAGE = getattr(settings, "NETWORK_MEMBERS_PER_PAGE", 24)


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
def directory(request):
    # Browsing builds no form here: the filters are written from the form's fields, each list
    # of choices translated once for the filters' options and the cards' labels.
    bound = DirectoryFilterForm(request.GET) if request.GET else None
    filters = bound.filters() if bound is not None else {}
    fields = plain_fields(DirectoryFilterForm, bound)
    members = directory_rows(viewer=request.user, filters=filters)
    # Filtered results are counted (up to a cap); browsing everyone is not: the total of a
    # large community tells a member nothing, and counting it costs more than the page.
    paginator_class = CappedPaginator if filters else UncountedPaginator
    page = paginator_class(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = member_cards(page.object_list, fields)
    extra = request.GET.copy()
    extra.pop("page", None)
    return TemplateResponse(
        request,
        "network/directory.jinja",
        {
            "fields": fields,
            "page": page,
            "filtered": bool(filters),
            "extra": extra.urlencode(),
            "my_profile": profile_of(request.user),
        },
    )


@login_required
def member(request, pk):
    person = visible_member(request.user, pk)
    profile = profile_of(person)
    is_self = person.pk == request.user.pk
    context = {"person": person, "profile": profile, "is_self": is_self}
    if not is_self:
        context["connection"] = connection_between(request.user, person)
        context["saved"] = request.user.shortlist.filter(member=person).first() if profile else None
        context["shortlist_form"] = ShortlistForm(
            initial={"note": context["saved"].note if context["saved"] else ""}
        )
    return TemplateResponse(request, "network/member.html", context)


def profile_edit(request):
    """The network profile is part of the member's one profile page now."""
    return redirect(reverse("accounts:profile") + "#networking", permanent=True)


@login_required
@require_POST
def shortlist_save(request, pk):
    person = listed_member(pk)
    form = ShortlistForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        shortlist_add(owner=request.user, member=person, note=note)
    except NetworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is on your list of people to meet.") % {"name": person.public_name},
        )
    return _back(request, "network:wishes")


@login_required
@require_POST
def shortlist_delete(request, pk):
    entry = my_shortlist_entry(request.user, pk)
    shortlist_remove(owner=request.user, entry=entry)
    messages.success(request, _("Removed from your list."))
    return _back(request, "network:wishes")


@login_required
def wishes(request):
    form = MeetWishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meet_wish_create(owner=request.user, **form.cleaned_data)
        except NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved. Members who fit are shown below."))
            return redirect("network:wishes")
    my_wishes = list(wishes_of(request.user))
    wish_matches(owner=request.user, wishes=my_wishes)
    return TemplateResponse(
        request,
        "network/wishes.html",
        {"form": form, "wishes": my_wishes, "shortlist": shortlist_of(request.user)},
    )


@login_required
@require_POST
def wish_delete(request, pk):
    wish = my_wish(request.user, pk)
    meet_wish_delete(owner=request.user, wish=wish)
    messages.success(request, _("The description was removed."))
    return redirect("network:wishes")


@login_required
def connect(request, pk):
    recipient = listed_member(pk) if pk != request.user.pk else request.user
    problem = connection_problem(sender=request.user, recipient=recipient)
    form = ConnectForm(
        request.POST or None,
        initial={"note": connection_note_initial(sender=request.user, recipient=recipient)},
    )
    if request.method == "POST" and not problem and form.is_valid():
        try:
            connection_send(
                sender=request.user, recipient=recipient, note=form.cleaned_data["note"]
            )
        except NetworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your note is on its way to %(name)s.") % {"name": recipient.public_name},
            )
            return redirect("network:member", pk=recipient.pk)
    return TemplateResponse(
        request,
        "network/connect.html",
        {"form": form, "recipient": recipient, "problem": problem},
    )


@login_required
def connections(request):
    mine = list(connections_of(request.user))
    for c in mine:
        c.other = c.recipient if c.sender_id == request.user.pk else c.sender
    return TemplateResponse(
        request,
        "network/connections.html",
        {
            "incoming": incoming_requests(request.user),
            "connections": mine,
            "sent": sent_requests(request.user)[:50],
        },
    )


@login_required
@require_POST
def connection_respond(request, pk, answer):
    connection: Connection = my_incoming_request(request.user, pk)
    try:
        if answer == "accept":
            connection_accept(connection=connection, recipient=request.user)
            messages.success(
                request,
                _("You are now connected with %(name)s.") % {"name": connection.sender.public_name},
            )
        else:
            connection_ignore(connection=connection, recipient=request.user)
            messages.info(request, _("Request ignored. The sender is not told."))
    except NetworkError as error:
        messages.error(request, str(error))
    return redirect("network:connections")
