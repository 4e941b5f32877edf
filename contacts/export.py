"""Export a member's contacts as CSV or as vCard (3.0 or 4.0): the files the contacts page
offers and the JSON API's /api/contacts/export.csv and export.vcf serve, from the same
functions (``member_contacts_csv``, ``member_contacts_vcard``, ``export_filename``)."""

import csv
import datetime
import io
import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Contact
from contacts.selectors import contacts_of

VCARD_VERSIONS = ("3.0", "4.0")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
VCARD_CONTENT_TYPE = "text/vcard; charset=utf-8"
# The namespace of our contacts' vCard UIDs: uuid5(this, "<site>/<contact id>") is the same in
# every export of the same contact, so an address book updates the card instead of adding one.
UID_NAMESPACE = uuid.UUID("6f0f8a1e-55a4-4a7e-9d3c-2f4d8a6b9c10")


def _safe_cell(value) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def contacts_csv(contacts) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Name"),
            _("E-mail address"),
            _("Company"),
            _("Job title"),
            _("Tags"),
            _("How we met"),
            _("LinkedIn URL"),
            _("Website"),
            _("Notes"),
            _("Keep in touch every (days)"),
            _("Connected on"),
            _("Last interaction"),
            _("Next keep-in-touch date"),
        ]
    )
    for c in contacts:
        writer.writerow(
            [
                _safe_cell(v)
                for v in (
                    c.name,
                    c.email,
                    c.company,
                    c.title,
                    ", ".join(str(label) for label in c.tag_labels),
                    c.how_we_met,
                    c.linkedin_url,
                    c.website,
                    c.notes,
                    c.cadence_days or "",
                    c.connected_on.isoformat() if c.connected_on else "",
                    _local(c.last_interaction_at),
                    _local(c.next_due_at),
                )
            ]
        )
    return out.getvalue()


def _escape(text: str) -> str:
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 6350 3.2)."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def contact_uuid(contact: Contact, site: str) -> uuid.UUID:
    return uuid.uuid5(UID_NAMESPACE, f"{site}/{contact.pk}")


def _vcard(contact: Contact, version: str, site: str) -> list[str]:
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "4.0":
        lines.append("KIND:individual")
    lines.append(f"FN:{_escape(contact.name)}")
    family, given = contact.name_parts
    # N: family; given; additional names; prefixes; suffixes (RFC 6350 6.2.2).
    lines.append(f"N:{_escape(family)};{_escape(given)};;;")
    if contact.email:
        kind = "TYPE=internet" if version == "3.0" else "TYPE=work"
        lines.append(f"EMAIL;{kind}:{_escape(contact.email)}")
    if contact.company:
        lines.append(f"ORG:{_escape(contact.company)}")
    if contact.title:
        lines.append(f"TITLE:{_escape(contact.title)}")
    if contact.linkedin_url:
        lines.append(f"URL;TYPE=linkedin:{contact.linkedin_url}")
    if contact.website:
        lines.append(f"URL;TYPE=home:{contact.website}")
    if contact.tag_list:
        lines.append("CATEGORIES:" + ",".join(_escape(str(t)) for t in contact.tag_labels))
    note = "\n\n".join(part for part in (contact.how_we_met, contact.notes) if part)
    if note:
        lines.append(f"NOTE:{_escape(note)}")
    lines.append(f"UID:urn:uuid:{contact_uuid(contact, site)}")
    lines.append(f"REV:{contact.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return lines


def contacts_vcard(contacts, *, version: str = "3.0", site: str = "guanxi") -> str:
    version = version if version in VCARD_VERSIONS else "3.0"
    lines: list[str] = []
    for contact in contacts:
        lines.extend(_fold(line) for line in _vcard(contact, version, site))
    return "\r\n".join(lines) + ("\r\n" if lines else "")


def export_filename(extension: str) -> str:
    """``guanxi-contacts-20240301.csv``: the day of the export, in the active time zone (the
    member's)."""
    return f"guanxi-contacts-{timezone.localdate():%Y%m%d}.{extension}"


def member_contacts_csv(member) -> str:
    """The member's contacts, by name, as the CSV file they download: with a byte-order mark,
    so that spreadsheet programs read it as UTF-8."""
    return "\ufeff" + contacts_csv(contacts_of(member).order_by("name", "pk"))


def member_contacts_vcard(member, *, version: str = "3.0") -> str:
    """The member's contacts, by name, as one vCard file (``version`` 3.0 or 4.0)."""
    site = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "guanxi"
    return contacts_vcard(contacts_of(member).order_by("name", "pk"), version=version, site=site)
