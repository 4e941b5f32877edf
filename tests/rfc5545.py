"""``assert_valid_icalendar(data)``: an iCalendar file checked against RFC 5545, for any test.

Parses ``data`` with ``icalendar`` and checks what calendar applications rely on and a parser
does not: the properties each component requires and the ones it may hold only once, every
property a registered one (RFC 5545, RFC 7986) or an ``X-`` one, the values of VERSION, STATUS,
TRANSP and SEQUENCE, DTSTAMP and LAST-MODIFIED in UTC, DTEND after DTSTART and of the same
type, every TZID that a time names defined by a VTIMEZONE with its STANDARD or DAYLIGHT rules,
one event per UID, and the lines themselves (CRLF, at most 75 octets). Returns the parsed
calendar; a failure lists every problem at once.
"""

import re
from datetime import date, datetime, timedelta

import icalendar

# What each component must hold (RFC 5545, 3.6). A VEVENT needs DTSTART too when the calendar
# has no METHOD (checked below).
REQUIRED = {
    "VCALENDAR": {"PRODID", "VERSION"},
    "VEVENT": {"UID", "DTSTAMP"},
    "VTODO": {"UID", "DTSTAMP"},
    "VJOURNAL": {"UID", "DTSTAMP"},
    "VFREEBUSY": {"UID", "DTSTAMP"},
    "VTIMEZONE": {"TZID"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "VALARM": {"ACTION", "TRIGGER"},
}

# What a component may hold at most once.
_EVENT_ONCE = {
    "DTSTAMP", "UID", "DTSTART", "CLASS", "CREATED", "DESCRIPTION", "GEO", "LAST-MODIFIED",
    "LOCATION", "ORGANIZER", "PRIORITY", "SEQUENCE", "STATUS", "SUMMARY", "URL",
    "RECURRENCE-ID", "RRULE", "DURATION", "COLOR",
}  # fmt: skip
ONCE = {
    "VCALENDAR": {
        "PRODID", "VERSION", "CALSCALE", "METHOD", "UID", "LAST-MODIFIED", "URL",
        "REFRESH-INTERVAL", "SOURCE", "COLOR",
    },
    "VEVENT": _EVENT_ONCE | {"TRANSP", "DTEND"},
    "VTODO": _EVENT_ONCE | {"COMPLETED", "PERCENT-COMPLETE", "DUE"},
    "VTIMEZONE": {"TZID", "LAST-MODIFIED", "TZURL"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "VALARM": {"ACTION", "TRIGGER", "DURATION", "REPEAT", "DESCRIPTION", "SUMMARY"},
}  # fmt: skip

# Every property registered by RFC 5545 and RFC 7986; anything else must be an X- property.
REGISTERED = {
    "CALSCALE", "METHOD", "PRODID", "VERSION", "ATTACH", "CATEGORIES", "CLASS", "COMMENT",
    "DESCRIPTION", "GEO", "LOCATION", "PERCENT-COMPLETE", "PRIORITY", "RESOURCES", "STATUS",
    "SUMMARY", "COMPLETED", "DTEND", "DUE", "DTSTART", "DURATION", "FREEBUSY", "TRANSP", "TZID",
    "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "TZURL", "ATTENDEE", "CONTACT", "ORGANIZER",
    "RECURRENCE-ID", "RELATED-TO", "URL", "UID", "EXDATE", "RDATE", "RRULE", "ACTION", "REPEAT",
    "TRIGGER", "CREATED", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "REQUEST-STATUS",
    # RFC 7986
    "NAME", "REFRESH-INTERVAL", "SOURCE", "COLOR", "IMAGE", "CONFERENCE",
}  # fmt: skip

STATUSES = {
    "VEVENT": {"TENTATIVE", "CONFIRMED", "CANCELLED"},
    "VTODO": {"NEEDS-ACTION", "COMPLETED", "IN-PROCESS", "CANCELLED"},
    "VJOURNAL": {"DRAFT", "FINAL", "CANCELLED"},
}
IN_UTC = ("DTSTAMP", "LAST-MODIFIED", "CREATED", "COMPLETED")
OFFSET = re.compile(r"[+-]\d{4}(\d{2})?")


def _values(component, name) -> list:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _written(prop) -> str:
    """The property's value as the file writes it."""
    value = prop.to_ical()
    return value.decode() if isinstance(value, bytes) else value


def _utc(prop) -> bool:
    return _written(prop).endswith("Z") and "TZID" not in prop.params


def _check_lines(data: bytes, problems: list[str]) -> None:
    if not data.startswith(b"BEGIN:VCALENDAR\r\n") or not data.endswith(b"END:VCALENDAR\r\n"):
        problems.append("the file must start with BEGIN:VCALENDAR and end with END:VCALENDAR")
    if re.search(rb"(?<!\r)\n|\r(?!\n)", data):
        problems.append("every line must end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    long = [line[:40] for line in lines if len(line) > 75]
    if long:
        problems.append(f"lines longer than 75 octets (fold them): {long[:3]}")


def _check_times(component, name: str, where: str, problems: list[str]) -> None:
    start = component.get("DTSTART")
    end = component.get("DTEND" if name == "VEVENT" else "DUE")
    if component.get("DTEND") is not None and component.get("DURATION") is not None:
        problems.append(f"{where}: DTEND and DURATION together")
    if start is None or end is None:
        return
    start_dt, end_dt = start.dt, end.dt
    if isinstance(start_dt, datetime) != isinstance(end_dt, datetime):
        problems.append(f"{where}: DTSTART and its end are not both dates or both date-times")
    elif end_dt <= start_dt:
        problems.append(f"{where}: ends before it starts")
    if isinstance(start_dt, date) and not isinstance(start_dt, datetime):
        if start.params.get("VALUE") not in (None, "DATE") or end_dt - start_dt < timedelta(1):
            problems.append(f"{where}: an all-day event must last whole days")


def _check_component(component, cal_has_method: bool, uids: dict, problems: list[str]) -> None:
    name = component.name
    where = f"{name} {component.get('UID') or component.get('TZID') or ''}".strip()
    required = set(REQUIRED.get(name, set()))
    if name == "VEVENT" and not cal_has_method:
        required.add("DTSTART")
    for prop in sorted(required - set(component.keys())):
        problems.append(f"{where}: {prop} is required")
    for prop in sorted(ONCE.get(name, set())):
        if len(_values(component, prop)) > 1:
            problems.append(f"{where}: {prop} more than once")
    for prop in component.keys():
        if prop not in REGISTERED and not prop.startswith("X-"):
            problems.append(f"{where}: {prop} is neither registered nor an X- property")
    for prop in IN_UTC:
        for value in _values(component, prop):
            if not _utc(value):
                problems.append(f"{where}: {prop} must be in UTC")
    if name in STATUSES and component.get("STATUS") is not None:
        if str(component["STATUS"]) not in STATUSES[name]:
            problems.append(f"{where}: STATUS {component['STATUS']} is not allowed")
    if component.get("TRANSP") is not None and str(component["TRANSP"]) not in {
        "OPAQUE",
        "TRANSPARENT",
    }:
        problems.append(f"{where}: TRANSP {component['TRANSP']}")
    if component.get("SEQUENCE") is not None and int(component["SEQUENCE"]) < 0:
        problems.append(f"{where}: SEQUENCE must not be negative")
    if name in {"VEVENT", "VTODO"}:
        _check_times(component, name, where, problems)
        uid = str(component.get("UID"))
        if uid in uids and "RECURRENCE-ID" not in component:
            problems.append(f"{where}: the UID is used twice")
        uids[uid] = component
    if name == "VTIMEZONE" and not [
        c for c in component.subcomponents if c.name in {"STANDARD", "DAYLIGHT"}
    ]:
        problems.append(f"{where}: a VTIMEZONE needs a STANDARD or DAYLIGHT rule")
    if name in {"STANDARD", "DAYLIGHT"}:
        start = component.get("DTSTART")
        if start is not None and (_utc(start) or "TZID" in start.params):
            problems.append(f"{where}: a rule's DTSTART is a local time, without Z or TZID")
        for prop in ("TZOFFSETFROM", "TZOFFSETTO"):
            if prop in component and not OFFSET.fullmatch(_written(component[prop])):
                problems.append(f"{where}: {prop} must be written ±hhmm")


def _tzids_used(cal) -> set[str]:
    used = set()
    for component in cal.walk():
        if component.name in {"VTIMEZONE", "STANDARD", "DAYLIGHT"}:
            continue
        for prop in component.keys():
            for value in _values(component, prop):
                tzid = getattr(value, "params", {}).get("TZID")
                if tzid:
                    used.add(tzid)
    return used


def assert_valid_icalendar(data: bytes) -> icalendar.Calendar:
    """``data`` parsed, after checking it against RFC 5545 (see the module's docstring)."""
    problems: list[str] = []
    _check_lines(data, problems)
    cal = icalendar.Calendar.from_ical(data)
    assert cal.name == "VCALENDAR", cal.name
    if str(cal.get("VERSION")) != "2.0":
        problems.append("VERSION must be 2.0")
    if cal.get("CALSCALE") is not None and str(cal["CALSCALE"]) != "GREGORIAN":
        problems.append("CALSCALE must be GREGORIAN")
    if not cal.subcomponents:
        problems.append("a calendar holds at least one component")
    uids: dict = {}
    has_method = cal.get("METHOD") is not None
    for component in cal.walk():
        _check_component(component, has_method, uids, problems)
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    for tzid in sorted(_tzids_used(cal) - defined):
        problems.append(f"TZID {tzid} is used but no VTIMEZONE defines it")
    assert problems == [], "Not valid RFC 5545:\n" + "\n".join(problems)
    return cal
