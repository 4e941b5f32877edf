"""Import a LinkedIn "Connections" export (Settings → Data privacy → Get a copy of your data).

The real file is not a bare CSV: it starts with a few notes lines, e.g.::

    Notes:
    "When exporting your connection data, you may notice that some of the email addresses are
    missing. ..."
    <blank line>
    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Mei,Lin,https://www.linkedin.com/in/meilin,,"Acme, Inc.",Engineer,15 Mar 2024

E-mails are often blank, names can be Chinese or accented, quoted fields may hold commas and a
UTF-8 byte-order mark may lead. The import is all-or-nothing: the whole file is checked before
anything is written; re-importing matches on LinkedIn URL, then e-mail, then name + company.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts.matching import fold, full_name, linkedin_key
from contacts.models import Contact, ContactImport, Source
from contacts.services import ContactError, _set_keys

MAX_BYTES = getattr(settings, "CONTACTS_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
MAX_ROWS = 20000
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
REQUIRED = {"First Name", "Last Name", "URL"}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


@dataclass
class Row:
    line: int
    name: str
    given_name: str
    family_name: str
    linkedin_url: str
    email: str
    company: str
    title: str
    connected_on: datetime.date | None


def _parse_date(text: str) -> datetime.date | None:
    """ "15 Mar 2024" (also "15-Mar-24" and ISO "2024-03-15"); None when blank."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("-", " ").split()
    if len(parts) == 3 and parts[1][:3].lower() in MONTHS:
        day, month, year = parts[0], MONTHS[parts[1][:3].lower()], parts[2]
        if day.isdigit() and year.isdigit():
            year_number = int(year) + (2000 if len(year) == 2 else 0)
            return datetime.date(year_number, month, int(day))
    raise ValueError(text)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ContactError(
        _(
            "This file is not a text file in UTF-8. Please upload the Connections.csv file as it "
            "came from LinkedIn."
        )
    )


def parse_connections(data: bytes) -> tuple[list[Row], int]:
    """Check the whole file and return its rows (and how many blank rows were skipped).

    Raises ``ContactError`` naming the line of the first problem.
    """
    if len(data) > MAX_BYTES:
        raise ContactError(
            _("This file is larger than %(mb)d MB. Please upload the Connections.csv file only.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: dict[str, int] | None = None
    width = 0
    rows: list[Row] = []
    skipped = 0
    try:
        while True:
            # A record can span lines (a quoted field may hold line breaks), and after an error
            # ``reader.line_num`` counts the lines read past the bad record: the record begins on
            # the line after the end of the previous one.
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if header is None:
                names = [c.strip().lstrip("\ufeff") for c in cells]
                if REQUIRED <= set(names):
                    header = {name: names.index(name) for name in HEADER if name in names}
                    width = len(names)
                elif line > 20:
                    break
                continue
            if not any(c.strip() for c in cells):
                continue
            while len(cells) > width and not cells[-1].strip():
                cells = cells[:-1]
            if len(cells) != width:
                raise ContactError(
                    _(
                        "Line %(line)d has %(found)d columns instead of %(expected)d. Nothing was "
                        "imported."
                    )
                    % {"line": line, "found": len(cells), "expected": width}
                )
            if len(rows) >= MAX_ROWS:
                raise ContactError(
                    _("This file has more than %(count)d connections. Nothing was imported.")
                    % {"count": MAX_ROWS}
                )

            def cell(name: str, cells=cells, header=header) -> str:
                index = header.get(name)
                return cells[index].strip() if index is not None else ""

            first, last = cell("First Name")[:100], cell("Last Name")[:100]
            name = full_name(first, last)
            url = cell("URL")
            if not name and not url:
                # LinkedIn leaves members who hide their data blank: nothing to import.
                skipped += 1
                continue
            try:
                connected_on = _parse_date(cell("Connected On"))
            except ValueError:
                raise ContactError(
                    _("Line %(line)d has a date we cannot read: “%(value)s”. Nothing was imported.")
                    % {"line": line, "value": cell("Connected On")[:40]}
                ) from None
            if url and not url.lower().startswith(("http://", "https://")):
                raise ContactError(
                    _(
                        "Line %(line)d has a profile address that is not a web link. Nothing was "
                        "imported."
                    )
                    % {"line": line}
                )
            email = cell("Email Address")
            if email and ("@" not in email or " " in email):
                raise ContactError(
                    _("Line %(line)d has an e-mail address we cannot read. Nothing was imported.")
                    % {"line": line}
                )
            rows.append(
                Row(
                    line=line,
                    name=(name or url.rstrip("/").rsplit("/", 1)[-1])[:200],
                    given_name=first,
                    family_name=last,
                    linkedin_url=url[:300],
                    email=email[:254],
                    company=cell("Company")[:200],
                    title=cell("Position")[:200],
                    connected_on=connected_on,
                )
            )
    except csv.Error:
        raise ContactError(
            _(
                "Line %(line)d is not valid CSV (perhaps a quote is not closed). Nothing was "
                "imported."
            )
            % {"line": line}
        ) from None
    if header is None:
        raise ContactError(
            _(
                "This does not look like a LinkedIn Connections export: the header line with "
                "“First Name, Last Name, URL” is missing. Nothing was imported."
            )
        )
    return rows, skipped


class _Index:
    """The owner's contacts by LinkedIn URL, e-mail and name + company, to match rows against."""

    def __init__(self, contacts):
        self.by_url: dict[str, Contact] = {}
        self.by_email: dict[str, Contact] = {}
        self.by_name: dict[tuple[str, str], Contact] = {}
        for contact in contacts:
            self.add(contact)

    def add(self, contact: Contact) -> None:
        if contact.linkedin_key:
            self.by_url.setdefault(contact.linkedin_key, contact)
        if contact.email:
            self.by_email.setdefault(contact.email.lower(), contact)
        if contact.name_key:
            self.by_name.setdefault((contact.name_key, contact.company_key), contact)

    def find(self, row: Row) -> Contact | None:
        key = linkedin_key(row.linkedin_url)
        if key and key in self.by_url:
            return self.by_url[key]
        if row.email and row.email.lower() in self.by_email:
            return self.by_email[row.email.lower()]
        return self.by_name.get((fold(row.name), fold(row.company)))


@dataclass(frozen=True)
class ImportResult:
    """What one import did with the rows of the file (``ContactImport`` keeps the record)."""

    created: int  # new contacts
    matched: int  # people who were already in the owner's contacts
    repeated: int  # rows naming a person an earlier row of the same file already named
    skipped: int  # blank rows (members who hide their data)


def import_summary(result: ImportResult) -> list[str]:
    """What an import did, as the import page and the API say it: one whole sentence per count,
    so each language can make its own plural."""
    sentences = [
        ngettext(
            "Imported %(count)d new contact.", "Imported %(count)d new contacts.", result.created
        )
        % {"count": result.created}
    ]
    if result.matched:
        sentences.append(
            ngettext(
                "%(count)d person was already in your contacts and was not added again.",
                "%(count)d people were already in your contacts and were not added again.",
                result.matched,
            )
            % {"count": result.matched}
        )
    if result.repeated:
        sentences.append(
            ngettext(
                "%(count)d row repeated a person listed earlier in the file and was counted once.",
                "%(count)d rows repeated people listed earlier in the file and were counted once.",
                result.repeated,
            )
            % {"count": result.repeated}
        )
    return sentences


def contacts_import_linkedin(*, owner, data: bytes, filename: str = "") -> ImportResult:
    """Import every connection of the file, or none. Re-importing creates no duplicates."""
    rows, skipped = parse_connections(data)
    now = timezone.now()
    with transaction.atomic():
        index = _Index(Contact.objects.filter(owner=owner).order_by("pk"))
        created: list[Contact] = []
        changed: dict[int, Contact] = {}
        seen: set[int] = set()  # existing contacts an earlier row of this file matched
        matched = repeated = 0
        for row in rows:
            contact = index.find(row)
            if contact is not None:
                if contact.pk is None:
                    repeated += 1  # a person this file has already added
                    continue
                if contact.pk in seen:
                    repeated += 1  # still fills blanks the earlier row left
                else:
                    seen.add(contact.pk)
                    matched += 1
                touched = False
                for field, value in (
                    ("linkedin_url", row.linkedin_url),
                    ("email", row.email),
                    ("company", row.company),
                    ("title", row.title),
                    ("connected_on", row.connected_on),
                ):
                    if value and not getattr(contact, field):
                        setattr(contact, field, value)
                        touched = True
                if (
                    (row.given_name or row.family_name)
                    and not (contact.given_name or contact.family_name)
                    and fold(contact.name) == fold(row.name)
                ):
                    contact.given_name, contact.family_name = row.given_name, row.family_name
                    touched = True
                if touched:
                    _set_keys(contact)
                    contact.updated_at = now
                    changed[contact.pk] = contact
                continue
            contact = Contact(
                owner=owner,
                name=row.name,
                given_name=row.given_name,
                family_name=row.family_name,
                email=row.email,
                company=row.company,
                title=row.title,
                linkedin_url=row.linkedin_url,
                connected_on=row.connected_on,
                source=Source.LINKEDIN,
                created_at=now,
                updated_at=now,
            )
            _set_keys(contact)
            created.append(contact)
            index.add(contact)
        Contact.objects.bulk_create(created, batch_size=500)
        if changed:
            Contact.objects.bulk_update(
                list(changed.values()),
                [
                    "given_name",
                    "family_name",
                    "linkedin_url",
                    "linkedin_key",
                    "email",
                    "company",
                    "company_key",
                    "company_search_key",
                    "email_domain",
                    "title",
                    "connected_on",
                    "updated_at",
                ],
                batch_size=500,
            )
        ContactImport.objects.create(
            owner=owner,
            filename=(filename or "Connections.csv")[:200],
            created_count=len(created),
            matched_count=matched,
            skipped_count=skipped,
            created_at=now,
        )
    return ImportResult(created=len(created), matched=matched, repeated=repeated, skipped=skipped)
