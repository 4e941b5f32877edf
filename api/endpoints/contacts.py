"""Contacts: the member's private address book (the pages' /contacts/): the list and its
search, a contact with its history and follow-ups, adding, editing and removing one, logging an
interaction, scheduling a follow-up and marking it done; importing LinkedIn's Connections.csv
and downloading them all as CSV or vCard, as the contacts page offers."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Field, File, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from api.auth import require_write
from api.endpoints.companies import Cursor, Limit
from api.errors import ApiError, form_error
from api.pagination import keyset_page, next_link
from api.schemas import ERRORS, answers, file_answer, form_data, form_schema, page_of
from contacts.export import (
    CSV_CONTENT_TYPE,
    VCARD_CONTENT_TYPE,
    VCARD_VERSIONS,
    export_filename,
    member_contacts_csv,
    member_contacts_vcard,
)
from contacts.forms import ContactForm, FollowUpForm, ImportForm, InteractionForm
from contacts.linkedin import MAX_BYTES, contacts_import_linkedin, import_summary
from contacts.models import Tag
from contacts.selectors import (
    contact_follow_ups,
    contact_for_owner,
    contact_history,
    contacts_search,
    follow_up_for_owner,
)
from contacts.services import (
    ContactError,
    contact_create,
    contact_delete,
    contact_update,
    follow_up_complete,
    follow_up_create,
    interaction_log,
)

router = Router(tags=["Contacts"])

TagFilter = Query(None, description="Only contacts with this role type.")
# The history a contact's answer carries: the most recent interactions.
HISTORY_SHOWN = 100


class LastInteraction(Schema):
    kind: str
    occurred_at: datetime
    topics: str


class ContactRow(Schema):
    id: int
    name: str
    company: str
    title: str
    tags: list[str]
    cadence_days: int | None
    next_due_at: datetime | None = Field(description="When keeping in touch is due.")
    attention_at: datetime | None = Field(description="When it needs attention (due or quiet).")
    last_interaction: LastInteraction | None


class InteractionOut(Schema):
    id: int
    kind: str
    occurred_at: datetime
    topics: str
    notes: str


class FollowUpOut(Schema):
    id: int
    topic: str
    due_on: date
    done_at: datetime | None


class ContactDetail(ContactRow):
    email: str
    how_we_met: str
    linkedin_url: str
    website: str
    notes: str
    is_member: bool = Field(description="The contact is a Guanxi member.")
    source: str
    created_at: datetime
    interactions: list[InteractionOut] = Field(description="The newest 100, newest first.")
    follow_ups: list[FollowUpOut] = Field(description="Open ones first, by due date.")
    url: str


class ImportOut(Schema):
    created: int = Field(description="New contacts.")
    matched: int = Field(
        description="People already in your contacts: not added again (their blanks are filled)."
    )
    repeated: int = Field(description="Rows naming a person an earlier row of the file named.")
    skipped: int = Field(description="Blank rows (LinkedIn members who hide their data).")
    summary: list[str] = Field(description="What the import page says, in your language.")


ContactPage = page_of("ContactPage", ContactRow)
ContactIn = form_schema("ContactIn", ContactForm)
InteractionIn = form_schema("InteractionIn", InteractionForm)
FollowUpIn = form_schema("FollowUpIn", FollowUpForm)


def contact_row(contact) -> dict:
    last = contact.last_interaction
    return {
        "id": contact.pk,
        "name": contact.name,
        "company": contact.company,
        "title": contact.title,
        "tags": contact.tag_list,
        "cadence_days": contact.cadence_days,
        "next_due_at": contact.next_due_at,
        "attention_at": contact.attention_at,
        "last_interaction": (
            None
            if last is None
            else {"kind": last.kind, "occurred_at": last.occurred_at, "topics": last.topics}
        ),
    }


def _detail(request, contact_id: int) -> dict:
    contact = contact_for_owner(request.auth, contact_id)
    return {
        **contact_row(contact),
        "email": contact.email,
        "how_we_met": contact.how_we_met,
        "linkedin_url": contact.linkedin_url,
        "website": contact.website,
        "notes": contact.notes,
        "is_member": contact.member_id is not None,
        "source": contact.source,
        "created_at": contact.created_at,
        "interactions": [
            {
                "id": i.pk,
                "kind": i.kind,
                "occurred_at": i.occurred_at,
                "topics": i.topics,
                "notes": i.notes,
            }
            for i in contact_history(contact)[:HISTORY_SHOWN]
        ],
        "follow_ups": [
            {"id": f.pk, "topic": f.topic, "due_on": f.due_on, "done_at": f.done_at}
            for f in contact_follow_ups(contact)
        ],
        "url": request.build_absolute_uri(contact.get_absolute_url()),
    }


@router.get("", response=answers(ContactPage), summary="My contacts, or search them")
def contact_list(
    request,
    q: str = Query("", max_length=100, description="Name, company, title, e-mail, how we met."),
    tag: Tag | None = TagFilter,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Your contacts by name; with `q` and `tag`, the list's search and filter."""
    contacts = contacts_search(request.auth, query=q, tag=tag or "")
    page = keyset_page(
        contacts, list_name=f"contacts?q={q.strip()}&tag={tag or ''}", cursor=cursor, limit=limit
    )
    return {
        "items": [contact_row(contact) for contact in page.items],
        "next": next_link(request, page.next_cursor),
        "next_cursor": page.next_cursor,
    }


@router.post("", response={201: ContactDetail, **ERRORS}, summary="Add a contact")
def contact_add(request, payload: ContactIn):
    """Add a contact (write access)."""
    require_write(request)
    contact = contact_create(owner=request.auth, **form_data(ContactForm, payload))
    return Status(201, _detail(request, contact.pk))


@router.get(
    "/{int:contact_id}", response=answers(ContactDetail), summary="A contact with its history"
)
def contact_detail(request, contact_id: int):
    """A contact, with your history together and the follow-ups."""
    return _detail(request, contact_id)


@router.put("/{int:contact_id}", response=answers(ContactDetail), summary="Edit a contact")
def contact_edit(request, contact_id: int, payload: ContactIn):
    """Replace a contact's details, as its edit page does (write access)."""
    contact = contact_for_owner(request.auth, contact_id)
    require_write(request)
    contact_update(contact=contact, owner=request.auth, **form_data(ContactForm, payload))
    return _detail(request, contact_id)


@router.delete("/{int:contact_id}", response={204: None, **ERRORS}, summary="Remove a contact")
def contact_remove(request, contact_id: int):
    """Remove a contact and its history (write access)."""
    contact = contact_for_owner(request.auth, contact_id)
    require_write(request)
    contact_delete(contact=contact, owner=request.auth)
    return Status(204, None)


@router.post(
    "/{int:contact_id}/interactions",
    response={201: ContactDetail, **ERRORS},
    summary="Log an interaction",
)
def contact_log_interaction(request, contact_id: int, payload: InteractionIn):
    """Log a message, coffee, call or event; it restarts the keep-in-touch cadence (write
    access). A time without an offset is read in your time zone."""
    contact = contact_for_owner(request.auth, contact_id)
    require_write(request)
    interaction_log(owner=request.auth, contact=contact, **form_data(InteractionForm, payload))
    return Status(201, _detail(request, contact_id))


@router.post(
    "/{int:contact_id}/follow-ups",
    response={201: ContactDetail, **ERRORS},
    summary="Schedule a follow-up",
)
def contact_follow_up(request, contact_id: int, payload: FollowUpIn):
    """Schedule a follow-up that names the topic to come back to (write access)."""
    contact = contact_for_owner(request.auth, contact_id)
    require_write(request)
    follow_up_create(owner=request.auth, contact=contact, **form_data(FollowUpForm, payload))
    return Status(201, _detail(request, contact_id))


@router.post(
    "/follow-ups/{int:follow_up_id}/done",
    response=answers(ContactDetail),
    summary="Mark a follow-up done",
)
def follow_up_done(request, follow_up_id: int):
    """Mark a follow-up done (write access)."""
    item = follow_up_for_owner(request.auth, follow_up_id)
    require_write(request)
    follow_up_complete(owner=request.auth, follow_up=item)
    return _detail(request, item.contact_id)


ConnectionsFile = File(
    ..., description="LinkedIn's Connections.csv, as it came (Data privacy → Get a copy)."
)


@router.post("/import", response=answers(ImportOut), summary="Import LinkedIn connections")
def contact_import(request, file: UploadedFile = ConnectionsFile):
    """Import LinkedIn's "Connections.csv", as the page "Import from LinkedIn" does: the same
    checks, all or nothing, and no duplicates (a person already in your contacts is matched by
    LinkedIn address, then e-mail, then name and company). Send it as `multipart/form-data`,
    the file as `file` (write access). A file that is refused changes nothing: the sentence
    says why, and on which line."""
    require_write(request)
    form = ImportForm(data={}, files={"file": file})
    if not form.is_valid():
        raise form_error(form)
    upload = form.cleaned_data["file"]
    try:
        result = contacts_import_linkedin(
            owner=request.auth, data=upload.read(MAX_BYTES + 1), filename=upload.name
        )
    except ContactError as error:
        raise ApiError(
            str(error), code="invalid", errors=[{"field": "file", "message": str(error)}]
        ) from None
    return {
        "created": result.created,
        "matched": result.matched,
        "repeated": result.repeated,
        "skipped": result.skipped,
        "summary": import_summary(result),
    }


def _download(body: str, content_type: str, extension: str) -> HttpResponse:
    """A file of the member's, to save: never stored by a browser or a proxy (as every answer of
    the API, ``GuanxiAPI.create_response``)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(extension)}"'
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Authorization"])
    return response


@router.get(
    "/export.csv",
    response={200: None, **ERRORS},
    summary="All my contacts as CSV",
    openapi_extra=file_answer("text/csv", "The CSV file (UTF-8, with a byte-order mark)."),
)
def contact_export_csv(request):
    """All your contacts, by name, as the CSV file the contacts page offers: the column names in
    your language, times in your time zone, formulas defused for spreadsheets."""
    return _download(member_contacts_csv(request.auth), CSV_CONTENT_TYPE, "csv")


@router.get(
    "/export.vcf",
    response={200: None, **ERRORS},
    summary="All my contacts as vCard",
    openapi_extra=file_answer("text/vcard", "One vCard per contact."),
)
def contact_export_vcard(
    request,
    version: Literal[VCARD_VERSIONS] = Query(
        "3.0", description="vCard 3.0 (read by most address books) or 4.0."
    ),
):
    """All your contacts, by name, as the vCard file the contacts page offers, for an address
    book; each card keeps its UID from one export to the next, so importing again updates it."""
    return _download(
        member_contacts_vcard(request.auth, version=version), VCARD_CONTENT_TYPE, "vcf"
    )
