"""The job ID in a job link, read from the shapes of the common applicant-tracking systems.

``job_id_from_link(url)`` is pure: a link in, the ID the company's own referral tool knows the
job by out, or ``""`` when the link names none we can read with confidence. The ask form offers
what it finds for the seeker to confirm (``referrals.forms``); the referral packet falls back on
it when a request has a link and no ID (``referrals.packet``).

The shapes, with the part taken:

- Greenhouse: ``boards.greenhouse.io/<company>/jobs/<id>`` (also ``job-boards.`` and the ``.eu``
  boards), ``…/embed/job_app?token=<id>``, and ``?gh_jid=<id>`` on a company's own site;
- Lever: ``jobs.lever.co/<company>/<uuid>``; Ashby: ``jobs.ashbyhq.com/<company>/<uuid>``;
- Workday: ``<company>.wd5.myworkdayjobs.com/…/job/<place>/<title>_<id>`` (``R12345``,
  ``JR-0001234``; a repost's ``-1`` is left out);
- SmartRecruiters: ``jobs.smartrecruiters.com/<company>/<number>-<title>``;
- iCIMS: ``careers-<company>.icims.com/jobs/<number>/<title>/job``;
- a careers page: an ``R-123456`` / ``JR123456`` requisition anywhere in the path or query, a
  ``jobId``-like query parameter, or a number of five digits or more in the path of a careers
  site or after a ``jobs``-like folder (``careers.google.com/jobs/results/123456789-…``,
  ``amazon.jobs/en/jobs/2712345/…``; the last such number when there are several).

Job boards that list other companies' jobs (LinkedIn, Indeed, 104…) number postings their own
way: their numbers are not the company's job ID, so their links give nothing.

static/js/job-id.js reads links the same way for the ask form's live hint;
tests/browser/test_referral_packet.py checks that both agree on every link of
referrals/tests/test_job_ids.py.
"""

import re
from urllib.parse import parse_qsl, urlsplit

# The model's field is this long; an "ID" longer than this is not one.
MAX_LENGTH = 80

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

# Every pattern is ASCII-only (a full-width digit is no ID), as in JavaScript.

# Hosts (and their subdomains) of job boards: their posting numbers are theirs, not the
# company's.
BOARDS = (
    "linkedin.com",
    "indeed.com",
    "glassdoor.com",
    "104.com.tw",
    "1111.com.tw",
    "518.com.tw",
    "cake.me",
    "yourator.co",
    "ziprecruiter.com",
    "monster.com",
    "wellfound.com",
    "angel.co",
)

# Query parameters that name a job, compared in lower case.
ID_PARAMETERS = (
    "gh_jid",
    "jobid",
    "job_id",
    "jid",
    "jobreqid",
    "job_req_id",
    "reqid",
    "req_id",
    "requisitionid",
    "career_job_req_id",
)
ID_VALUE = re.compile(rf"^(?:{UUID}|[A-Za-z]{{0,4}}-?\d[\w-]*)$", re.ASCII)

# Folders after which a number is a job's: /jobs/123456, /results/123456-title, /details/…
JOB_FOLDERS = {
    *("job", "jobs", "careers", "career", "results", "details", "detail", "jobdetail"),
    *("position", "positions", "opening", "openings", "vacancy", "vacancies", "posting"),
    *("postings", "requisition", "requisitions", "req", "role", "roles", "listing"),
}
NUMBER_SEGMENT = re.compile(r"^(\d{5,})(?:-[^/]*)?$", re.ASCII)
# A requisition: R-123456, R123456, JR123456, JR-0001234 (four digits at least, on its own).
REQUISITION = re.compile(
    r"(?<![A-Za-z0-9])(JR|R)(-?)(\d{4,})(?![A-Za-z0-9])", re.IGNORECASE | re.ASCII
)

GREENHOUSE = re.compile(r"^/[^/]+/jobs/(\d+)(?:/|$)", re.ASCII)
LEVER_OR_ASHBY = re.compile(rf"^/[^/]+/({UUID})(?:/|$)", re.ASCII)
SMARTRECRUITERS = re.compile(r"^/[^/]+/(\d{6,})(?:-[^/]*)?(?:/|$)", re.ASCII)
ICIMS = re.compile(r"^/jobs/(\d+)(?:/|$)", re.ASCII)
DIGITS = re.compile(r"^\d+$", re.ASCII)
# The last part of a Workday job's address: <title>_<id>, a repost's "-1" after it.
WORKDAY = re.compile(r"_([A-Za-z]{0,5}-?\d+)(?:-\d{1,2})?$", re.ASCII)


def job_id_from_link(url: str) -> str:
    """The job ID a job link names, or ``""``."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = f"https://{url}"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or "." not in host:
        return ""
    host = host.removeprefix("www.")
    if _on(host, *BOARDS):
        return ""
    found = _from_query(parts.query) or _from_tracker(host, parts.path, parts.query)
    if found is None:  # not a known tracker: a company's careers page
        found = _from_careers_page(host, parts.path, parts.query)
    return found if len(found) <= MAX_LENGTH else ""


def _on(host: str, *domains: str) -> bool:
    return any(host == d or host.endswith(f".{d}") for d in domains)


def _from_query(query: str) -> str:
    for name, value in parse_qsl(query):
        value = value.strip()
        if name.lower() in ID_PARAMETERS and ID_VALUE.match(value):
            return value
    return ""


def _from_tracker(host: str, path: str, query: str) -> str | None:
    """What a known applicant-tracking system's link names: an ID, ``""`` for one of its pages
    without a job (a company's board, a search), or ``None`` when the host is none of them."""
    if _on(host, "greenhouse.io"):
        if path.rstrip("/") == "/embed/job_app":
            token = dict(parse_qsl(query)).get("token", "")
            return token if DIGITS.match(token) else ""
        return _group(GREENHOUSE, path)
    if _on(host, "lever.co", "ashbyhq.com"):
        return _group(LEVER_OR_ASHBY, path).lower()
    if _on(host, "smartrecruiters.com"):
        return _group(SMARTRECRUITERS, path)
    if _on(host, "icims.com"):
        return _group(ICIMS, path)
    if _on(host, "myworkdayjobs.com", "myworkdaysite.com"):
        segments = [s for s in path.split("/") if s]
        if "job" not in segments:
            return ""
        after = segments[segments.index("job") + 1 :]
        after = [s for s in after if s.lower() not in {"apply", "autofillwithresume"}]
        return _group(WORKDAY, after[-1]) if after else ""
    return None


def _from_careers_page(host: str, path: str, query: str) -> str:
    for text in (path, *(value for _name, value in parse_qsl(query))):
        match = REQUISITION.search(text)
        if match:
            prefix, dash, digits = match.groups()
            return f"{prefix.upper()}{dash}{digits}"
    careers_site = "career" in host or "job" in host
    segments = [s for s in path.split("/") if s]
    # The last number: /job/<city>/<title>/<team number>/<job number> names the job last.
    for i in reversed(range(len(segments))):
        match = NUMBER_SEGMENT.match(segments[i])
        if match and (careers_site or JOB_FOLDERS & {s.lower() for s in segments[:i]}):
            return match.group(1)
    return ""


def _group(pattern: re.Pattern, text: str) -> str:
    match = pattern.search(text)
    return match.group(1) if match else ""
