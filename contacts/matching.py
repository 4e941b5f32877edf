"""Keys that tell whether two contacts are the same person, across imports and hand entry."""

import re
import unicodedata
from urllib.parse import urlsplit

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def fold(text: str) -> str:
    """NFKC (full-width → half-width), accents removed, case-folded, spaces and punctuation gone.

    "José  Núñez" and "jose nunez" fold alike; "王 小明" and "王小明" too.
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_WORD.sub("", text.casefold())[:200]


def linkedin_key(url: str) -> str:
    """The profile path of a LinkedIn URL: "linkedin.com/in/jane-doe", whatever the spelling."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    for prefix in ("tw.", "m."):
        host = host.removeprefix(prefix)
    path = parts.path.rstrip("/").lower()
    return f"{host}{path}"[:300]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def full_name(first: str, last: str) -> str:
    """Chinese, Japanese and Korean names read family name first, without a space."""
    first, last = (first or "").strip(), (last or "").strip()
    if has_cjk(first) or has_cjk(last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)
