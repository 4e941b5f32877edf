"""Keys that tell whether two contacts are the same person, across imports and hand entry."""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import zhconv

from companies.search import LEGAL_FORMS

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
    parts = urlsplit(url)  # the query and the fragment are left out
    host = (parts.hostname or "").lower().removeprefix("www.")
    for prefix in ("tw.", "m."):
        host = host.removeprefix(prefix)
    path = unquote(parts.path).rstrip("/").lower()
    return f"{host}{path}"[:300]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def full_name(first: str, last: str) -> str:
    """Chinese, Japanese and Korean names read family name first, without a space."""
    first, last = (first or "").strip(), (last or "").strip()
    if has_cjk(first) or has_cjk(last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


# Two-character family names (複姓) that are still in use, in Traditional and Simplified script.
COMPOUND_FAMILY_NAMES = {
    "歐陽", "欧阳", "司馬", "司马", "諸葛", "诸葛", "上官", "司徒", "東方", "东方", "皇甫", "尉遲",
    "尉迟", "公孫", "公孙", "令狐", "夏侯", "慕容", "長孫", "长孙", "張簡", "张简", "范姜", "端木",
}  # fmt: skip
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def _latin_words(text: str) -> list[str]:
    """The words of a name outside Chinese, Japanese and Korean script."""
    return _LATIN_WORD.findall(_CJK.sub(" ", unicodedata.normalize("NFKC", text or "")))


def _cjk_run(text: str) -> str:
    return "".join(_CJK.findall(unicodedata.normalize("NFKC", text or "")))


def split_name(name: str) -> tuple[str, str]:
    """``(family, given)`` of a name typed as one string, for when no parts were recorded.

    A name in Latin letters reads given name first ("Kevin Lin" → Lin, Kevin); a Chinese name
    family name first, one character or a known compound (林凱文 → 林, 凱文; 歐陽娜娜 → 歐陽, 娜娜).
    A name in both ("Kevin Lin 林凱文") is split on its Latin part, as an address book shows it.
    """
    words = _latin_words(name)
    if len(words) >= 2:
        return words[-1], " ".join(words[:-1])
    chinese = _cjk_run(name)
    if len(chinese) >= 2:
        size = 2 if len(chinese) >= 3 and chinese[:2] in COMPOUND_FAMILY_NAMES else 1
        return chinese[:size], chinese[size:]
    return "", (words[0] if words else chinese or (name or "").strip())


# --- Is it the same person? -----------------------------------------------------------------

# Words a company name carries or drops without naming another company.
_COMPANY_SUFFIXES = LEGAL_FORMS


def company_match_key(company: str) -> str:
    """A company name without its legal form, in one script: "Acme, Inc." and "ACME" alike,
    and 台積電 / 台积电 too."""
    words = re.findall(
        r"\w+", zhconv.convert(unicodedata.normalize("NFKC", company or ""), "zh-hans").casefold()
    )
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    key = fold("".join(words))
    for suffix in _COMPANY_SUFFIXES:
        if _CJK.match(suffix) and key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    return key


@dataclass(frozen=True)
class Person:
    """What tells a contact apart, folded for comparison (see ``same_person``)."""

    pk: int
    full: str  # the whole name folded ("kevinlin林凯文")
    latin: tuple[str, ...]  # Latin name words, folded and sorted ("kevin", "lin")
    cjk: str  # the Chinese name, in one script ("林凯文")
    email: str
    linkedin: str
    company: str


def person(
    *, pk: int, name: str, email: str = "", linkedin_url: str = "", company: str = ""
) -> Person:
    words = sorted(fold(w) for w in _latin_words(name))
    return Person(
        pk=pk,
        full=fold(zhconv.convert(name or "", "zh-hans")),
        latin=tuple(w for w in words if w),
        cjk=zhconv.convert(_cjk_run(name), "zh-hans"),
        email=(email or "").strip().casefold(),
        linkedin=linkedin_key(linkedin_url),
        company=company_match_key(company),
    )


def name_keys(p: Person) -> list[str]:
    """Keys under which a possible namesake is looked for: the whole name, and each script's
    part when it is a full name (two words, or two characters) — never a family name alone."""
    keys = [f"full:{p.full}"] if p.full else []
    if len(p.latin) >= 2:
        keys.append("latin:" + " ".join(p.latin))
    if len(p.cjk) >= 2:
        keys.append(f"cjk:{p.cjk}")
    return keys


def _same_parts(a: Person, b: Person) -> bool:
    """The same name in every script either side writes it, whatever the order or spacing."""
    return bool(a.latin or a.cjk) and a.latin == b.latin and a.cjk == b.cjk


def same_name(a: Person, b: Person) -> bool:
    """Whether two names may name the same person, allowing for a name written in one script on
    one side and in both on the other ("Kevin Lin" and "Kevin Lin 林凱文"), in any word order,
    case, accents or spacing. Two different names in the same script never match, nor does a
    family name alone."""
    if (a.full and a.full == b.full) or _same_parts(a, b):
        return True
    latin = len(a.latin) >= 2 and a.latin == b.latin
    cjk = len(a.cjk) >= 2 and a.cjk == b.cjk
    if not (latin or cjk):
        return False
    if a.latin and b.latin and a.latin != b.latin:
        return False
    return not (a.cjk and b.cjk and a.cjk != b.cjk)


def same_person(a: Person, b: Person) -> bool:
    """The same LinkedIn profile or e-mail address; or the same name. A name written the same
    way on both sides is enough (as it always was); a name one side writes in one script only
    also needs the same company, so two people who merely share a common name stay apart."""
    if a.linkedin and a.linkedin == b.linkedin:
        return True
    if a.email and a.email == b.email:
        return True
    if (a.full and a.full == b.full) or _same_parts(a, b):
        return True
    return same_name(a, b) and bool(a.company) and a.company == b.company
