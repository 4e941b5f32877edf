"""The referral packet: what a referrer types into their company's own referral tool, ready to
copy from the request page (referrals/templates/referrals/inbox/_packet.html).

Only for a referral (not an advice chat or a resume review), and only while the seeker's e-mail
address is shown to the referrer: while the request waits for their decision and after they
referred. The view reaches the request through ``requests_for_referrer``, so nobody else ever
gets here. Everything is read from the request and its seeker, already loaded: no query.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from referrals.models import OPEN_STATUSES, AskKind, ReferralRequest, Status

# How long the "why" may be, counting a Chinese character (or any wide one) as two.
WHY_WIDTH = 280
# A sentence ends at . ! ? followed by a space, at 。！？ (with or without one), or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*|\s*\n\s*")
ELLIPSIS = "…"


@dataclass(frozen=True)
class PacketItem:
    key: str  # names the element on the page: packet-<key>
    label: str
    copy_label: str  # the copy button's name for a screen reader: "Copy the job ID"
    value: str
    hint: str = ""


@dataclass(frozen=True)
class Packet:
    items: list[PacketItem]
    resume_available: bool

    @property
    def text(self) -> str:
        """Everything at once, one "label: value" line each, for "Copy all"."""
        return "\n".join(
            pgettext("a label and its value", "%(label)s: %(value)s")
            % {"label": item.label, "value": item.value}
            for item in self.items
        )


def packet_is_shown(referral: ReferralRequest) -> bool:
    return (
        referral.kind == AskKind.REFERRAL
        and referral.seeker is not None
        and (referral.status in OPEN_STATUSES or referral.status == Status.REFERRED)
    )


def referral_packet(referral: ReferralRequest) -> Packet | None:
    """The packet of a request the referrer is looking at, or None when it has none."""
    if not packet_is_shown(referral):
        return None
    seeker = referral.seeker
    job_id, job_id_hint = referral.job_id, ""
    if not job_id and (job_id := referral.link_job_id):
        job_id_hint = gettext("Read from the job link: check it before you use it.")
    items = [
        PacketItem(
            "name", gettext("Candidate name"), gettext("Copy the name"), seeker.display_name
        ),
        PacketItem("email", gettext("E-mail"), gettext("Copy the e-mail address"), seeker.email),
        PacketItem("job-id", gettext("Job ID"), gettext("Copy the job ID"), job_id, job_id_hint),
        PacketItem("job-link", gettext("Job link"), gettext("Copy the job link"), referral.job_url),
        PacketItem(
            "position",
            gettext("Position title"),
            gettext("Copy the position title"),
            referral.position_title,
        ),
        PacketItem(
            "location", gettext("Location"), gettext("Copy the location"), referral.location
        ),
        PacketItem(
            "why",
            gettext("Why refer them"),
            gettext("Copy why to refer them"),
            why_excerpt(referral.note),
        ),
    ]
    return Packet(
        items=[item for item in items if item.value],
        resume_available=referral.resume_id is not None,
    )


def why_excerpt(note: str, width: int = WHY_WIDTH) -> str:
    """The first sentence(s) of the seeker's note, as many as fit in ``width``.

    A first sentence longer than that is cut at a word (or, in Chinese, anywhere) and ends with
    an ellipsis. Line breaks end a sentence; spaces inside one are folded into one.
    """
    sentences = [" ".join(s.split()) for s in SENTENCE_END.split(note or "")]
    sentences = [s for s in sentences if s]
    text = ""
    for sentence in sentences:
        joined = _join(text, sentence)
        if _width(joined) > width:
            break
        text = joined
    if text or not sentences:
        return text
    return _cut(sentences[0], width)


def _join(text: str, sentence: str) -> str:
    if not text:
        return sentence
    # No space after a Chinese full stop, as Chinese is written.
    return text + ("" if _is_wide(text[-1]) else " ") + sentence


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F"}


def _width(text: str) -> int:
    return sum(2 if _is_wide(c) else 1 for c in text)


def _cut(sentence: str, width: int) -> str:
    room = width - _width(ELLIPSIS)
    kept, used = [], 0
    for char in sentence:
        used += 2 if _is_wide(char) else 1
        if used > room:
            break
        kept.append(char)
    cut = "".join(kept)
    space = cut.rfind(" ")
    if space > len(cut) // 2:  # end at a word when there is one in the second half
        cut = cut[:space]
    return cut.rstrip(" ,;:、，；：") + ELLIPSIS
