"""Company name matching that works in both scripts.

Every name (English, Chinese, aliases) is folded to a *search key*: Unicode NFKC (full-width
"ＴＳＭＣ" becomes "TSMC"), case-folded, Traditional Chinese turned into Simplified (so 台積電 and
台积电 give the same key), and stripped of spaces and punctuation. A query is folded the same way
and matched as a substring of any key; when nothing matches, a close-match pass tolerates typos.
"""

import difflib
import re
import unicodedata

import zhconv

SEPARATOR = "|"


def search_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = zhconv.convert(text, "zh-hans")
    return "".join(ch for ch in text if ch.isalnum())


# Words a company name carries or drops without naming another company: "Acme, Inc." is Acme.
LEGAL_FORMS = (
    "incorporated", "inc", "corporation", "corp", "company", "co", "limited", "ltd", "llc",
    "plc", "gmbh", "ag", "sa", "bv", "kk", "pte", "group", "holdings",
    "股份有限公司", "有限公司", "公司", "集团", "控股",
)  # fmt: skip
_CJK_FORMS = tuple(form for form in LEGAL_FORMS if not form.isascii())


def company_name_key(name: str) -> str:
    """The search key of a company name as people write it in an address book or a profile,
    without its legal form: "Acme, Inc." → "acme", 台積電股份有限公司 → 台积电. It equals one of
    the keys of ``search_text`` when it names a company by one of its names or aliases."""
    folded = zhconv.convert(unicodedata.normalize("NFKC", name or ""), "zh-hans").casefold()
    words = re.findall(r"\w+", folded)
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    key = search_key("".join(words))
    for form in _CJK_FORMS:
        if key.endswith(form) and len(key) > len(form):
            key = key[: -len(form)]
            break
    return key[:200]


def search_keys(text: str) -> list[str]:
    """The keys a company's ``search_text`` holds (its names and aliases, folded)."""
    return [key for key in text.split(SEPARATOR) if key]


def search_text(names) -> str:
    keys = sorted({search_key(name) for name in names if search_key(name)})
    return SEPARATOR + SEPARATOR.join(keys) + SEPARATOR if keys else ""


def close_matches(query_key: str, candidates: list[tuple[int, str]], limit: int = 10) -> list[int]:
    """Return ids whose keys are close to ``query_key`` (typo tolerance), best first."""
    if len(query_key) < 3:
        return []
    scored = []
    for pk, text in candidates:
        best = 0.0
        for key in text.strip(SEPARATOR).split(SEPARATOR):
            if not key:
                continue
            ratio = difflib.SequenceMatcher(None, query_key, key).ratio()
            if len(key) > len(query_key):
                # Also compare against the start of longer names ("amazn" vs "amazonweb...").
                prefix = key[: len(query_key) + 1]
                ratio = max(ratio, difflib.SequenceMatcher(None, query_key, prefix).ratio())
            best = max(best, ratio)
        if best >= 0.75:
            scored.append((best, pk))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [pk for _, pk in scored[:limit]]
