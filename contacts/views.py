"""Contacts: the member's private address book. Every page is scoped to its owner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contacts.export import (
    CSV_CONTENT_TYPE,
    VCARD_CONTENT_TYPE,
    VCARD_VERSIONS,
    export_filename,
    member_contacts_csv,
    member_contacts_vcard,
)
from contacts.forms import ContactForm, FollowUpForm, ImportForm, InteractionForm, SettingsForm
from contacts.linkedin import MAX_BYTES, contacts_import_linkedin, import_summary
from contacts.models import ContactImport, InteractionKind, Tag
from contacts.selectors import (
    contact_count,
    contact_follow_ups,
    contact_for_owner,
    contact_history,
    contact_rows_by_name,
    contacts_of,
    contacts_search,
    duplicate_groups,
    follow_up_for_owner,
    gone_quiet_rows_of,
    with_attention,
)
from contacts.services import (
    ContactError,
    contact_create,
    contact_delete,
    contact_update,
    contacts_merge,
    follow_up_complete,
    follow_up_create,
    interaction_log,
    member_today,
    reminder_settings_of,
    reminder_settings_save,
)
from guanxi.pagination import CountedPaginator, UncountedPaginator
from guanxi.text import excerpt

PER_PAGE = 25
TOPICS_SHOWN = 80  # characters of the last conversation's topics on a row


def _rows(contacts, *, now) -> list:
    """The rows of the list and the gone-quiet view (``with_attention``), each with what it
    shows read once: the tag labels and the last conversation's kind in the active language
    (each choices list translated once per page) and its topics cut as ``|truncatechars``."""
    contacts = with_attention(contacts, now=now)
    tags = {key: str(label) for key, label in Tag.choices}
    kinds = {key: str(label) for key, label in InteractionKind.choices}
    for contact in contacts:
        contact.tag_names = [tags[t] for t in contact.tags.split("|") if t in tags]
        last = contact.last_interaction
        if last is not None:
            contact.last_kind = kinds.get(last.kind, last.kind)
            contact.last_topics = excerpt(last.topics, TOPICS_SHOWN)
    return contacts


@login_required
def contact_list(request):
    query = request.GET.get("q", "").strip()[:100]
    tag = request.GET.get("tag", "")
    tag = tag if tag in Tag.values else ""

    if query or tag:
        paginator = Paginator(contacts_search(request.user, query=query, tag=tag), PER_PAGE)
    else:
        count = contact_count(request.user)
        paginator = CountedPaginator(contact_rows_by_name(request.user), PER_PAGE, count=count)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _rows(page.object_list, now=timezone.now())
    return TemplateResponse(
        request,
        "contacts/list.jinja",
        {
            "page": page,
            "query": query,
            "tag": tag,
            "tags": [(key, str(label)) for key, label in Tag.choices],
            "extra": f"tag={tag}" if tag else "",
        },
    )


@login_required
def contact_add(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = contact_create(owner=request.user, **form.cleaned_data)
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is in your contacts.") % {"name": contact.name})
            return redirect(contact.get_absolute_url())
    return TemplateResponse(request, "contacts/form.html", {"form": form, "contact": None})


@login_required
def contact_detail(request, pk):
    contact = contact_for_owner(request.user, pk)
    return TemplateResponse(
        request,
        "contacts/detail.html",
        {
            "contact": contact,
            "interactions": contact_history(contact),
            "follow_ups": contact_follow_ups(contact),
            "today": member_today(request.user),
            "now": timezone.now(),
        },
    )


@login_required
def contact_edit(request, pk):
    contact = contact_for_owner(request.user, pk)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        try:
            contact_update(contact=contact, owner=request.user, **form.cleaned_data)
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(contact.get_absolute_url())
    return TemplateResponse(request, "contacts/form.html", {"form": form, "contact": contact})


@login_required
@require_POST
def contact_remove(request, pk):
    contact = contact_for_owner(request.user, pk)
    contact_delete(contact=contact, owner=request.user)
    messages.success(
        request, _("%(name)s was removed from your contacts.") % {"name": contact.name}
    )
    return redirect("contacts:list")


@login_required
def log_interaction(request, pk):
    contact = contact_for_owner(request.user, pk)
    form = InteractionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interaction_log(owner=request.user, contact=contact, **form.cleaned_data)
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Logged. Would you like to schedule a follow-up on what you talked about?"),
            )
            return redirect(contact.get_absolute_url())
    return TemplateResponse(request, "contacts/log.html", {"form": form, "contact": contact})


@login_required
def follow_up(request, pk):
    contact = contact_for_owner(request.user, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_create(owner=request.user, contact=contact, **form.cleaned_data)
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The follow-up is scheduled."))
            return redirect(contact.get_absolute_url())
    return TemplateResponse(request, "contacts/follow_up.html", {"form": form, "contact": contact})


@login_required
@require_POST
def follow_up_done(request, pk):
    item = follow_up_for_owner(request.user, pk)
    follow_up_complete(owner=request.user, follow_up=item)
    messages.success(request, _("Marked as done."))
    back = request.POST.get("next", "")
    if back == "gone_quiet":
        return redirect("contacts:gone_quiet")
    return redirect(item.contact.get_absolute_url())


@login_required
def gone_quiet(request):
    # Previous/Next pages: the list is worked from the top, so nothing counts what is due.
    now = timezone.now()
    page = UncountedPaginator(gone_quiet_rows_of(request.user, now=now), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = _rows(page.object_list, now=now)
    return TemplateResponse(
        request,
        "contacts/gone_quiet.jinja",
        {
            "page": page,
            "today": member_today(request.user),
            "reminders": reminder_settings_of(request.user),
        },
    )


@login_required
def import_linkedin(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = contacts_import_linkedin(
                owner=request.user, data=upload.read(MAX_BYTES + 1), filename=upload.name
            )
        except ContactError as error:
            form.add_error("file", str(error))
        else:
            for sentence in import_summary(result):
                messages.success(request, sentence)
            return redirect("contacts:import")
    past = ContactImport.objects.filter(owner=request.user)[:10]
    return TemplateResponse(
        request,
        "contacts/import.html",
        {"form": form, "imports": past, "max_mb": MAX_BYTES // (1024 * 1024)},
    )


@login_required
def export_csv(request):
    response = HttpResponse(member_contacts_csv(request.user), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename("csv")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_vcard(request):
    version = request.GET.get("version", "3.0")
    if version not in VCARD_VERSIONS:
        raise Http404
    response = HttpResponse(
        member_contacts_vcard(request.user, version=version), content_type=VCARD_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename("vcf")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def duplicates(request):
    return TemplateResponse(
        request, "contacts/duplicates.html", {"groups": duplicate_groups(request.user)}
    )


@login_required
@require_POST
def merge(request, pk):
    """Keep contact ``pk`` and merge the contacts posted as ``merge`` into it."""
    mine = contacts_of(request.user)
    keep = get_object_or_404(mine, pk=pk)
    try:
        other_pks = {int(value) for value in request.POST.getlist("merge")} - {keep.pk}
    except ValueError:
        raise Http404 from None
    others = list(mine.filter(pk__in=other_pks))
    if len(others) != len(other_pks):
        raise Http404
    try:
        contacts_merge(owner=request.user, keep=keep, others=others)
    except ContactError as error:
        messages.error(request, str(error))
        return redirect("contacts:duplicates")
    messages.success(
        request,
        _("Merged into %(name)s. Their history and follow-ups are together now.")
        % {"name": keep.name},
    )
    return redirect(reverse("contacts:detail", args=[keep.pk]))


@login_required
def reminder_settings(request):
    current = reminder_settings_of(request.user)
    form = SettingsForm(request.POST or None, initial={"frequency": current.frequency})
    if request.method == "POST" and form.is_valid():
        try:
            reminder_settings_save(member=request.user, frequency=form.cleaned_data["frequency"])
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("contacts:gone_quiet")
    return TemplateResponse(request, "contacts/settings.html", {"form": form})
